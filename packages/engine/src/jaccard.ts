/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted unique hash sets, in [0, 1].
 * Empty content is never similar to anything, not even to other empty content: two texts made only
 * of boilerplate must not link.
 */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) {
    return 0;
  }
  const common = intersectionSize(a, b);
  return common / (lengthA + lengthB - common);
}

/** |A ∩ B| of two sorted unique Uint32 sets by merging. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  const lengthA = a.length;
  const lengthB = b.length;
  while (i < lengthA && j < lengthB) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return common;
}

/**
 * Whether Jaccard(A, B) ≥ threshold, stopping early once the threshold is out of reach.
 * Returns the exact similarity when it is reached, or -1.
 */
export function jaccardAtLeast(a: Uint32Array, b: Uint32Array, threshold: number): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) {
    return -1;
  }
  // J ≥ t ⇔ |A∩B| ≥ t(|A|+|B|)/(1+t); and J ≤ min/max bounds it from the sizes alone.
  const small = Math.min(lengthA, lengthB);
  const large = Math.max(lengthA, lengthB);
  if (small < threshold * large) {
    return -1;
  }
  const needed = Math.ceil((threshold * (lengthA + lengthB)) / (1 + threshold) - 1e-9);
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < lengthA && j < lengthB) {
    if (common + Math.min(lengthA - i, lengthB - j) < needed) {
      return -1;
    }
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return similarityFromCounts(common, lengthA, lengthB, threshold);
}

/**
 * The exact Jaccard similarity of two sets from |A ∩ B|, |A| and |B| when it reaches `threshold`, or -1: the
 * decision of `jaccardAtLeast`, for an intersection counted elsewhere (in the database, next to the band-key
 * table). Empty content never matches.
 */
export function similarityFromCounts(common: number, sizeA: number, sizeB: number, threshold: number): number {
  if (sizeA === 0 || sizeB === 0) {
    return -1;
  }
  const needed = Math.ceil((threshold * (sizeA + sizeB)) / (1 + threshold) - 1e-9);
  if (common < needed) {
    return -1;
  }
  const similarity = common / (sizeA + sizeB - common);
  return similarity >= threshold ? similarity : -1;
}
