/** A disjoint-set forest over indices 0..n-1 in a typed array (parent pointers). */
export function createUnionFind(size: number): Int32Array {
  const parents = new Int32Array(size);
  for (let i = 0; i < size; i += 1) {
    parents[i] = i;
  }
  return parents;
}

/** The root of `index`, halving the path on the way. */
export function findRoot(parents: Int32Array, index: number): number {
  let node = index;
  for (;;) {
    const parent = parents[node] ?? node;
    if (parent === node) {
      return node;
    }
    const grandparent = parents[parent] ?? parent;
    parents[node] = grandparent;
    node = grandparent;
  }
}

/** Joins two roots; the smaller index becomes the root, so roots do not depend on call order. */
export function unionRoots(parents: Int32Array, rootA: number, rootB: number): void {
  if (rootA < rootB) {
    parents[rootB] = rootA;
  } else if (rootB < rootA) {
    parents[rootA] = rootB;
  }
}
