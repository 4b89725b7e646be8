import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The embedded database's buffer pool (PostgreSQL's `shared_buffers`) when ZHENGMING_PGLITE_SHARED_BUFFERS is
 * not set. PGlite allocates the whole pool when it opens, so every open embedded database costs this much
 * memory: small suits tests (a database per test file) and a laptop; a large embedded index wants more.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

/** PGlite is a 32-bit WebAssembly process: it fails to start with a 2 GB pool (PGlite 0.5). */
const MAX_PGLITE_SHARED_BUFFERS_MB = 1536;

/** Megabytes of a size written as `<n>MB` or `<n>GB` (the forms PostgreSQL's settings take). */
function sizeInMegabytes(size: string): number {
  return Number(size.slice(0, -2)) * (size.endsWith('GB') ? 1024 : 1);
}

/** The names proxy-addr (Fastify's trustProxy) knows for ranges of addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** True for an IPv4 or IPv6 address, optionally with a CIDR prefix length, or a range name. */
function isProxyAddress(item: string): boolean {
  if (PROXY_RANGE_NAMES.includes(item)) {
    return true;
  }
  const [address = '', prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = Number(prefix);
  return /^[0-9]{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** `ZHENGMING_TRUST_PROXY`: the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. */
const TrustProxySchema = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .refine((items) => items.every(isProxyAddress), {
    message:
      'must list the reverse proxy addresses to trust, comma-separated: IP addresses, CIDR ranges (10.0.0.0/8) or ' +
      'loopback, linklocal, uniquelocal — not true or a hop count, which would let any client set its own address',
  });

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    ZHENGMING_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    ZHENGMING_KEY: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
      .optional(),
    ZHENGMING_KEY_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    ZHENGMING_TRUST_PROXY: TrustProxySchema.optional(),
    ZHENGMING_HTTPS: z
      .enum(['auto', 'on'], { message: 'must be auto (by the request, or a trusted proxy’s X-Forwarded-Proto) or on' })
      .default('auto'),
    ZHENGMING_PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^[1-9][0-9]*(MB|GB)$/, 'must be a size in megabytes or gigabytes, such as 32MB or 1GB')
      .refine((size) => sizeInMegabytes(size) <= MAX_PGLITE_SHARED_BUFFERS_MB, {
        message: `must be at most ${MAX_PGLITE_SHARED_BUFFERS_MB}MB (the embedded database is a 32-bit WebAssembly process)`,
      })
      .default(DEFAULT_PGLITE_SHARED_BUFFERS),
  })
  .refine((env) => env.DATABASE_URL === undefined || env.ZHENGMING_KEY !== undefined, {
    path: ['ZHENGMING_KEY'],
    message: 'is required when DATABASE_URL is set (generate one with: openssl rand -hex 32)',
    // Zod skips refinements once a field failed; run this one anyway so one start lists every problem.
    when: () => true,
  });

/** Validated configuration, read once at start. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path of the embedded database folder (PGlite data, lock file, admin socket). */
  dataDir: string;
  databaseUrl: string | undefined;
  /** The data key given in the environment, if any. */
  keyFromEnv: string | undefined;
  /** Absolute path of the key file for the embedded default, outside the data folder. */
  keyFile: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The embedded database's buffer pool, as PostgreSQL's `shared_buffers` takes it (`32MB`, `1GB`). */
  pgliteSharedBuffers: string;
  /** Reverse proxies (addresses, CIDR ranges) whose forwarded client address and protocol are believed; [] = none. */
  trustProxy: string[];
  /** `on`: users reach the app over HTTPS (TLS ends at the proxy); `auto`: as each request says. */
  https: 'auto' | 'on';
}

/** Thrown with every problem of the environment listed, so one start shows them all. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates the environment; throws ConfigError with a readable list of problems. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.ZHENGMING_DATA_DIR);
  const keyFile = path.resolve(cwd, e.ZHENGMING_KEY_FILE ?? `${dataDir}.key`);
  const relative = path.relative(dataDir, keyFile);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    throw new ConfigError(
      `Invalid configuration:\n  ZHENGMING_KEY_FILE: must be outside the data folder ${dataDir}, so that a copy of the data never carries its key`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    keyFromEnv: e.ZHENGMING_KEY,
    keyFile,
    logLevel: e.LOG_LEVEL,
    pgliteSharedBuffers: e.ZHENGMING_PGLITE_SHARED_BUFFERS,
    trustProxy: e.ZHENGMING_TRUST_PROXY ?? [],
    https: e.ZHENGMING_HTTPS,
  };
}
