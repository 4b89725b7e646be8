/** An append-only Uint32 array that doubles its typed backing store as it grows. */
export class GrowableUint32Array {
  private data: Uint32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Uint32Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `extra` more values. */
  reserve(extra: number): void {
    if (this.length + extra > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.length + extra) {
        capacity *= 2;
      }
      const next = new Uint32Array(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
  }

  /** Appends one value. */
  push(value: number): void {
    this.reserve(1);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Appends all of `values`. */
  pushAll(values: Uint32Array): void {
    this.reserve(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** The live backing store (valid until the next append). */
  get view(): Uint32Array {
    return this.data;
  }
}

/** An append-only Float64 array (for epoch milliseconds). */
export class GrowableFloat64Array {
  private data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  /** The live backing store (valid until the next append). */
  get view(): Float64Array {
    return this.data;
  }
}
