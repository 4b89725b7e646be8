/**
 * Sorts parallel arrays (`keys[i]`, `values[i]`) by key with a stable two-pass 16-bit LSD radix
 * sort. Returns new arrays; the inputs are left as they were.
 */
export function radixSortPairs(keys: Uint32Array, values: Uint32Array): { keys: Uint32Array; values: Uint32Array } {
  const count = keys.length;
  let fromKeys = keys;
  let fromValues = values;
  let toKeys = new Uint32Array(count);
  let toValues = new Uint32Array(count);
  const buckets = new Uint32Array(65536);
  for (let shift = 0; shift <= 16; shift += 16) {
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
    if (shift === 0) {
      fromKeys = toKeys;
      fromValues = toValues;
      toKeys = new Uint32Array(count);
      toValues = new Uint32Array(count);
    } else {
      return { keys: toKeys, values: toValues };
    }
  }
  return { keys: fromKeys, values: fromValues };
}
