import fs from 'node:fs';
import path from 'node:path';
import type { KeyPeriod } from '@zhengming/engine';
import { z } from 'zod';
import { isDateOnly, ONE_DAY_MS, parseDateText } from './dates.js';

/** The report formats `screen` writes. */
export type OutputFormat = 'json' | 'html' | 'xlsx';

/** A wrong option or option file; the command prints the message and exits non-zero. */
export class ScreenOptionError extends Error {
  override readonly name = 'ScreenOptionError';
}

/** `--format`, or else the extension of `--out` (.html, .xlsx), or else JSON. */
export function resolveOutputFormat(format: string | undefined, outPath: string): OutputFormat {
  if (format !== undefined) {
    const lower = format.toLowerCase();
    if (lower === 'json' || lower === 'html' || lower === 'xlsx') {
      return lower;
    }
    throw new ScreenOptionError(`--format 应为 json、html 或 xlsx，而不是“${format}”`);
  }
  const extension = path.extname(outPath).toLowerCase();
  return extension === '.html' || extension === '.htm' ? 'html' : extension === '.xlsx' ? 'xlsx' : 'json';
}

/** A number option within bounds; integers where asked. */
export function parseNumberOption(
  name: string,
  raw: string | undefined,
  bounds: { min: number; max: number; isInteger: boolean },
): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw new ScreenOptionError(`${name} 应为 ${bounds.min} 到 ${bounds.max} 之间的数，而不是“${raw}”`);
  }
  if (bounds.isInteger && !Number.isInteger(value)) {
    throw new ScreenOptionError(`${name} 应为整数，而不是“${raw}”`);
  }
  return value;
}

const KeyPeriodFileSchema = z.array(
  z.object({
    name: z.string().min(1),
    from: z.string().min(1),
    to: z.string().min(1),
    units: z.array(z.string().min(1)).optional(),
  }),
);

/**
 * Reads `--key-periods FILE`: `[{"name", "from", "to", "units"?}]`. A date without a time starts at 00:00
 * (+08:00) for `from` and runs to the end of that day for `to`.
 */
export function readKeyPeriodsFile(filePath: string): KeyPeriod[] {
  const parsed = KeyPeriodFileSchema.safeParse(readJsonFile(filePath, '--key-periods'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScreenOptionError(
      `--key-periods 文件格式不对（应为 [{"name","from","to","units"?}]）：${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`,
    );
  }
  return parsed.data.map((period, index) => {
    const from = parseDateText(period.from);
    const to = parseDateText(period.to);
    if (!from.ok || !to.ok) {
      throw new ScreenOptionError(
        `--key-periods 第 ${index + 1} 项日期无效：${!from.ok ? from.reason : !to.ok ? to.reason : ''}`,
      );
    }
    const end = isDateOnly(period.to) ? to.epochMs + ONE_DAY_MS - 1 : to.epochMs;
    if (end < from.epochMs) {
      throw new ScreenOptionError(`--key-periods 第 ${index + 1} 项“${period.name}”的结束早于开始`);
    }
    return { name: period.name, from: from.epochMs, to: end, ...(period.units ? { units: period.units } : {}) };
  });
}

/**
 * Reads `--boilerplate FILE`: a JSON array of phrases, or a text file with one phrase per line (`#` starts a
 * comment line). The list replaces the engine's curated one.
 */
export function readBoilerplateFile(filePath: string): string[] {
  if (filePath.toLowerCase().endsWith('.json')) {
    const parsed = z.array(z.string()).safeParse(readJsonFile(filePath, '--boilerplate'));
    if (!parsed.success) {
      throw new ScreenOptionError('--boilerplate 的 JSON 文件应为字符串数组');
    }
    return parsed.data.map((phrase) => phrase.trim()).filter((phrase) => phrase !== '');
  }
  return readTextFile(filePath, '--boilerplate')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function readJsonFile(filePath: string, option: string): unknown {
  try {
    return JSON.parse(readTextFile(filePath, option)) as unknown;
  } catch (error) {
    if (error instanceof ScreenOptionError) {
      throw error;
    }
    throw new ScreenOptionError(`${option} 文件不是有效的 JSON：${filePath}`);
  }
}

function readTextFile(filePath: string, option: string): string {
  try {
    return fs.readFileSync(filePath, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new ScreenOptionError(`${option} 文件无法读取：${filePath}`);
  }
}
