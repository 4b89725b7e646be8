import { hashString32 } from './hash32.js';

/** Seed of the hashes a `StringTable` is keyed by (complaint ids, linkage values). */
export const STRING_TABLE_SEED = 0x2545_f491;

/** The hash `StringTable` expects for a string (a worker thread can compute it beforehand). */
export function tableHash(value: string): number {
  return hashString32(value, STRING_TABLE_SEED) >>> 0;
}

/**
 * Interns strings by a 32-bit hash given with them (computed where the string was made, e.g. in a
 * worker thread): open addressing over typed arrays, so a batch of a million ids or linkage values
 * costs no hash map of string keys (slow to probe and heavy for the garbage collector). Equal hashes
 * are told apart by comparing the strings, so ids are exact.
 */
export class StringTable {
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Uint32Array(1 << 11);
  private readonly values: string[] = [];

  /** Number of interned strings; ids are 0 … size − 1 in order of interning. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `value` (`hash` = `tableHash(value)`), or -1 when it was never interned. */
  find(value: string, hash: number): number {
    const { slots, mask, hashes, values } = this;
    let slot = hash & mask;
    for (;;) {
      const held = (slots[slot] ?? 0) - 1;
      if (held < 0) {
        return -1;
      }
      if (hashes[held] === hash && values[held] === value) {
        return held;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The string interned as `id`. */
  valueAt(id: number): string {
    return this.values[id] ?? '';
  }

  /** The id of `value`, interning it when new. */
  intern(value: string, hash: number): number {
    const found = this.find(value, hash);
    return found >= 0 ? found : this.add(value, hash);
  }

  /** Interns a value known to be new (after `find` returned -1); returns its id. */
  add(value: string, hash: number): number {
    const id = this.values.length;
    if ((id + 1) * 2 > this.slots.length) {
      this.grow();
    }
    if (id >= this.hashes.length) {
      const next = new Uint32Array(this.hashes.length * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.values.push(value);
    this.hashes[id] = hash >>> 0;
    this.place(id, hash >>> 0);
    return id;
  }

  /** Frees the table (it is then empty). */
  clear(): void {
    this.slots = new Int32Array(1 << 12);
    this.mask = (1 << 12) - 1;
    this.hashes = new Uint32Array(1 << 11);
    this.values.length = 0;
  }

  private place(id: number, hash: number): void {
    let slot = hash & this.mask;
    while ((this.slots[slot] ?? 0) !== 0) {
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.values.length; id += 1) {
      this.place(id, this.hashes[id] ?? 0);
    }
  }
}
