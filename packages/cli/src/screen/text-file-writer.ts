import fs from 'node:fs';
import { once } from 'node:events';

const FLUSH_CHARS = 1 << 20;

/** Appends text to a file through a buffer, honouring back-pressure: reports can exceed one string. */
export interface TextFileWriter {
  append(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens `filePath` for writing (replacing it). A write error rejects the next `append` or `close`. */
export function openTextFileWriter(filePath: string): TextFileWriter {
  const stream = fs.createWriteStream(filePath, { encoding: 'utf8' });
  const failure = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failure.catch(() => undefined);
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer === '') {
      return;
    }
    const isReady = stream.write(buffer);
    buffer = '';
    if (!isReady) {
      await Promise.race([once(stream, 'drain'), failure]);
    }
  };
  return {
    async append(text: string): Promise<void> {
      buffer += text;
      if (buffer.length >= FLUSH_CHARS) {
        await flush();
      }
    },
    async close(): Promise<void> {
      await flush();
      stream.end();
      await Promise.race([once(stream, 'finish'), failure]);
    },
  };
}
