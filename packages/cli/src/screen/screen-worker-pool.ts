import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ByteChunk, ScreenWorkerData, ScreenWorkerReply, ScreenWorkerRequest } from './screen-worker-protocol.js';

interface Pending {
  resolve: (reply: ScreenWorkerReply) => void;
  reject: (error: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  /** Replies owed, oldest first: a worker answers its requests in the order it got them. */
  pending: Pending[];
}

/**
 * A few worker threads running `screen-worker.js`. Each request goes to the worker with the fewest
 * outstanding requests; a worker that fails rejects what it owes, and the pool refuses further work.
 */
export class ScreenWorkerPool {
  private readonly workers: PooledWorker[];
  private failure: Error | null = null;

  constructor(size: number, data: ScreenWorkerData) {
    const url = new URL('./screen-worker.js', import.meta.url);
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const pooled: PooledWorker = { worker: new Worker(url, { workerData: data }), pending: [] };
      pooled.worker.on('message', (reply: ScreenWorkerReply) => {
        const pending = pooled.pending.shift();
        if (reply.kind === 'failed') {
          pending?.reject(new Error(`screen worker: ${reply.message}`));
        } else {
          pending?.resolve(reply);
        }
      });
      pooled.worker.on('error', (error: Error) => this.fail(pooled, error));
      pooled.worker.on('exit', (code) => {
        if (pooled.pending.length > 0 || code !== 0) {
          this.fail(pooled, new Error(`screen worker stopped (exit code ${code})`));
        }
      });
      return pooled;
    });
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Sends a request that is answered (`count`, `prepare`), transferring `transfer`. */
  request(message: ScreenWorkerRequest, transfer: ArrayBuffer[]): Promise<ScreenWorkerReply> {
    if (this.failure !== null) {
      return Promise.reject(this.failure);
    }
    let target = this.workers[0];
    for (const pooled of this.workers) {
      if (target === undefined || pooled.pending.length < target.pending.length) {
        target = pooled;
      }
    }
    if (target === undefined) {
      return Promise.reject(new Error('screen worker pool is empty'));
    }
    const chosen = target;
    return new Promise<ScreenWorkerReply>((resolve, reject) => {
      chosen.pending.push({ resolve, reject });
      chosen.worker.postMessage(message, transfer);
    });
  }

  /** Sends a message every worker acts on without answering (`freeze`). */
  broadcast(message: ScreenWorkerRequest): void {
    for (const pooled of this.workers) {
      pooled.worker.postMessage(message);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.failure ??= new Error('screen worker pool is closed');
    await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
  }

  private fail(pooled: PooledWorker, error: Error): void {
    this.failure ??= error;
    for (const pending of pooled.pending.splice(0)) {
      pending.reject(error);
    }
  }
}

/**
 * Reads a file as chunks of whole lines, each in its own buffer (so it can be transferred): about
 * `chunkBytes` each, cut after the last line break (0x0A, which UTF-8 and GB18030 never use inside a
 * character). The last chunk ends at the end of the file.
 */
export async function* readByteChunks(inputPath: string, chunkBytes: number): AsyncGenerator<ByteChunk> {
  const handle = await fs.promises.open(inputPath, 'r');
  try {
    let carry = new Uint8Array(0);
    let sequence = 0;
    for (;;) {
      const buffer = new Uint8Array(carry.length + chunkBytes);
      buffer.set(carry);
      const { bytesRead } = await handle.read(buffer, carry.length, chunkBytes, null);
      const filled = carry.length + bytesRead;
      if (bytesRead === 0) {
        if (carry.length > 0) {
          yield { sequence, bytes: carry, isFirst: sequence === 0 };
        }
        return;
      }
      const lastBreak = buffer.lastIndexOf(0x0a, filled - 1);
      if (lastBreak === -1) {
        carry = buffer.subarray(0, filled);
        continue;
      }
      carry = buffer.slice(lastBreak + 1, filled);
      yield { sequence, bytes: buffer.subarray(0, lastBreak + 1), isFirst: sequence === 0 };
      sequence += 1;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Sends every chunk of the input to the pool and hands the replies to `consume` strictly in chunk
 * order, with at most `maxInFlight` chunks sent and not yet consumed (memory stays bounded).
 * `requestOf` builds a chunk's request when it is sent (after the replies of earlier chunks that were
 * consumed by then).
 */
export async function forEachReplyInOrder(
  pool: ScreenWorkerPool,
  inputPath: string,
  options: { chunkBytes: number; maxInFlight: number },
  requestOf: (chunk: ByteChunk) => ScreenWorkerRequest,
  consume: (reply: ScreenWorkerReply, chunkBytes: number) => void,
): Promise<void> {
  const inFlight: { reply: Promise<ScreenWorkerReply>; bytes: number }[] = [];
  const consumeOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (oldest !== undefined) {
      consume(await oldest.reply, oldest.bytes);
    }
  };
  try {
    for await (const chunk of readByteChunks(inputPath, options.chunkBytes)) {
      const buffer = chunk.bytes.buffer;
      const bytes = chunk.bytes.length;
      const reply = pool.request(requestOf(chunk), buffer instanceof ArrayBuffer ? [buffer] : []);
      // Awaited in order below; a rejection must not count as unhandled while an earlier one is awaited.
      reply.catch(() => undefined);
      inFlight.push({ reply, bytes });
      while (inFlight.length >= options.maxInFlight) {
        await consumeOldest();
      }
    }
    while (inFlight.length > 0) {
      await consumeOldest();
    }
  } finally {
    inFlight.splice(0);
  }
}
