import { GrowableUint32Array } from './growable-array.js';

/** Shingles per chunk: 4 Mi values (16 MiB), so a million complaints live in a few hundred buffers. */
const CHUNK_SIZE = 1 << 22;

/**
 * The shingle sets of every complaint of a batch, packed into large chunks instead of one small
 * typed array each (a million small buffers would burden the garbage collector).
 */
export class ShingleStore {
  private readonly chunks: Uint32Array[] = [];
  private used = CHUNK_SIZE;
  /** Per complaint: chunk number, start within it, length. */
  private readonly places = new GrowableUint32Array(3 * 1024);

  /** Number of stored sets. */
  get size(): number {
    return this.places.length / 3;
  }

  /** Stores one sorted unique set; its index is the previous `size`. */
  add(shingles: Uint32Array): void {
    if (this.chunks.length === 0 || this.used + shingles.length > CHUNK_SIZE) {
      this.chunks.push(new Uint32Array(Math.max(CHUNK_SIZE, shingles.length)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk]?.set(shingles, this.used);
    this.places.push(chunk);
    this.places.push(this.used);
    this.places.push(shingles.length);
    this.used += shingles.length;
  }

  /** Frees every set (the store is then empty). */
  clear(): void {
    this.chunks.splice(0);
    this.places.length = 0;
    this.used = CHUNK_SIZE;
  }

  /** A view of the set at `index` (no copy). */
  get(index: number): Uint32Array {
    const places = this.places.view;
    const chunk = this.chunks[places[index * 3] ?? 0];
    const start = places[index * 3 + 1] ?? 0;
    const length = places[index * 3 + 2] ?? 0;
    return chunk === undefined ? new Uint32Array(0) : chunk.subarray(start, start + length);
  }
}
