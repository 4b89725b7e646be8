/** Options of `npm run bench`. */
export interface BenchOptions {
  sizes: number[];
  qualitySize: number;
  incrementalSize: number;
  seed: number;
  name: string;
  isPgBaselineSkipped: boolean;
  isPgliteSkipped: boolean;
  isIncrementalSkipped: boolean;
  databaseUrl: string;
  /** Only the case-model part (`--case-model`). */
  isCaseModelOnly: boolean;
  isCaseModelSkipped: boolean;
  /** Complaints in the case-model databases (`--case-model-size`, default 100,000). */
  caseModelSize: number;
}

const FULL_SIZES = [10_000, 100_000, 1_000_000];

/**
 * Reads `--sizes 10000,100000`, `--quick` (10k only, no baseline), `--skip-pg-baseline`, `--skip-pglite`,
 * `--skip-incremental`, `--incremental-size N`, `--seed N`, `--name NAME`, `--case-model` (only the case model),
 * `--skip-case-model`, `--case-model-size N`. With no options: the full run.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const isQuick = argv.includes('--quick');
  const isCaseModelOnly = argv.includes('--case-model');
  const sizesText = value('--sizes');
  const sizes =
    sizesText !== undefined
      ? sizesText.split(',').map((part) => Number(part.replace(/_/g, '')))
      : isQuick
        ? [10_000]
        : FULL_SIZES;
  if (sizes.some((size) => !Number.isInteger(size) || size < 100)) {
    throw new Error(`--sizes: expected a comma-separated list of integers ≥ 100, got ${sizesText ?? ''}`);
  }
  const largest = Math.max(...sizes);
  const qualitySize = sizes.includes(100_000) ? 100_000 : Math.min(largest, 100_000);
  return {
    sizes: [...sizes].sort((a, b) => a - b),
    qualitySize: Number(value('--quality-size') ?? qualitySize),
    incrementalSize: Number(value('--incremental-size') ?? largest),
    seed: Number(value('--seed') ?? 20_240_601),
    name:
      value('--name') ??
      (isCaseModelOnly
        ? 'case-model'
        : isQuick
          ? 'quick'
          : sizesText !== undefined
            ? `sizes-${sizes.join('-')}`
            : 'full'),
    isPgBaselineSkipped: isQuick || argv.includes('--skip-pg-baseline'),
    isPgliteSkipped: argv.includes('--skip-pglite'),
    isIncrementalSkipped: argv.includes('--skip-incremental'),
    databaseUrl:
      value('--database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    isCaseModelOnly,
    isCaseModelSkipped: isQuick || argv.includes('--skip-case-model'),
    caseModelSize: Number((value('--case-model-size') ?? '100000').replace(/_/g, '')),
  };
}
