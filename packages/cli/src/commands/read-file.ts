import fs from 'node:fs';
import { AppError } from '@zhengming/server';

/** A file the operator named, as text; a clear error when it cannot be read. */
export function readFileOrThrow(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}: ${(error as Error).message}`, {
      userMessage: `无法读取文件 ${file}。`,
    });
  }
}
