/** Larger inputs go to the built-in sort. */
const MAX_BUCKETED = 4096;
/** Fixed-size work arrays: the hot loops read module constants, with no reallocation check. */
const scratch = new Uint32Array(MAX_BUCKETED);
const bucketStarts = new Uint32Array(1025);

/**
 * Sorts `values[0..count)` in place. The values are uniformly distributed hashes, so one
 * scatter into about `count` buckets by their top bits followed by an insertion sort is close to
 * linear — several times faster than `TypedArray.prototype.sort` on the few hundred shingles of a
 * complaint. Falls back to the built-in sort when the buckets are unbalanced.
 */
export function sortHashes(values: Uint32Array, count: number): void {
  if (count < 2) {
    return;
  }
  if (count > MAX_BUCKETED) {
    values.subarray(0, count).sort();
    return;
  }
  const bits = count > 512 ? 10 : count > 128 ? 8 : 6;
  const buckets = 1 << bits;
  const shift = 32 - bits;
  bucketStarts.fill(0, 0, buckets + 1);
  for (let i = 0; i < count; i += 1) {
    const bucket = ((values[i] ?? 0) >>> shift) + 1;
    bucketStarts[bucket] = (bucketStarts[bucket] ?? 0) + 1;
  }
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    bucketStarts[bucket + 1] = (bucketStarts[bucket + 1] ?? 0) + (bucketStarts[bucket] ?? 0);
  }
  for (let i = 0; i < count; i += 1) {
    const value = values[i] ?? 0;
    const bucket = value >>> shift;
    const at = bucketStarts[bucket] ?? 0;
    scratch[at] = value;
    bucketStarts[bucket] = at + 1;
  }
  // Insertion sort of the nearly sorted scratch back into `values`, within a move budget.
  let budget = count * 8;
  values[0] = scratch[0] ?? 0;
  for (let i = 1; i < count; i += 1) {
    const value = scratch[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (values[j] ?? 0) > value) {
      values[j + 1] = values[j] ?? 0;
      j -= 1;
      budget -= 1;
    }
    values[j + 1] = value;
    if (budget < 0) {
      values.set(scratch.subarray(i + 1, count), i + 1);
      values.subarray(0, count).sort();
      return;
    }
  }
}
