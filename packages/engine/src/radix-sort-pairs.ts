/** Buffers `radixSortPairs` sorts through: give the same ones to sort many arrays of one size without allocating. */
export interface RadixScratch {
  keys: [Uint32Array, Uint32Array];
  values: [Uint32Array, Uint32Array];
  buckets: Uint32Array;
}

/** Buffers for sorting arrays of up to `count` pairs. */
export function createRadixScratch(count: number): RadixScratch {
  return {
    keys: [new Uint32Array(count), new Uint32Array(count)],
    values: [new Uint32Array(count), new Uint32Array(count)],
    buckets: new Uint32Array(65536),
  };
}

/**
 * Sorts parallel arrays (`keys[i]`, `values[i]`) by key with a stable two-pass 16-bit LSD radix
 * sort. Returns new arrays, or with `scratch` views of its buffers (valid until the next sort through
 * them); the inputs are left as they were.
 */
export function radixSortPairs(
  keys: Uint32Array,
  values: Uint32Array,
  scratch: RadixScratch = createRadixScratch(keys.length),
): { keys: Uint32Array; values: Uint32Array } {
  const count = keys.length;
  const buckets = scratch.buckets;
  const [lowKeys, highKeys] = scratch.keys;
  const [lowValues, highValues] = scratch.values;
  // Pass 1 by the low 16 bits into the first buffers, pass 2 by the high 16 bits into the second.
  scatterByDigit(keys, values, 0, lowKeys, lowValues, buckets, count);
  scatterByDigit(lowKeys, lowValues, 16, highKeys, highValues, buckets, count);
  return { keys: highKeys.subarray(0, count), values: highValues.subarray(0, count) };
}

function scatterByDigit(
  fromKeys: Uint32Array,
  fromValues: Uint32Array,
  shift: number,
  toKeys: Uint32Array,
  toValues: Uint32Array,
  buckets: Uint32Array,
  count: number,
): void {
  buckets.fill(0);
  for (let i = 0; i < count; i += 1) {
    const digit = ((fromKeys[i] ?? 0) >>> shift) & 0xffff;
    buckets[digit] = (buckets[digit] ?? 0) + 1;
  }
  let sum = 0;
  for (let digit = 0; digit < 65536; digit += 1) {
    const size = buckets[digit] ?? 0;
    buckets[digit] = sum;
    sum += size;
  }
  for (let i = 0; i < count; i += 1) {
    const key = fromKeys[i] ?? 0;
    const digit = (key >>> shift) & 0xffff;
    const at = buckets[digit] ?? 0;
    toKeys[at] = key;
    toValues[at] = fromValues[i] ?? 0;
    buckets[digit] = at + 1;
  }
}
