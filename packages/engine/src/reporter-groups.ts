import { createUnionFind, findRoot, unionRoots } from './union-find.js';

/** What grouping needs about one complaint's reporter. */
export interface ReporterFacts {
  isAnonymous: boolean;
  /** Normalised name, or null. */
  name: string | null;
  /** Interned linkage values (small non-negative numbers: phone, ID number, house-number address, online ids). */
  linkage: readonly number[];
}

/**
 * Groups the non-anonymous complaints of a batch by reporter: two complaints have one reporter
 * when a linkage value or the same name ties them (transitively). Anonymous complaints are never
 * grouped with anything (their group is -1): each counts as its own reporter and is never linked
 * by source to another complaint (docs/PRINCIPLES.md, principle 2).
 */
export function groupReporters(reporters: readonly ReporterFacts[]): Int32Array {
  const count = reporters.length;
  const parents = createUnionFind(count);
  const firstByName = new Map<string, number>();
  // Linkage values are small dense numbers (interned): a typed array indexed by value, not a map.
  let largestValue = -1;
  for (const reporter of reporters) {
    for (const value of reporter.linkage) {
      largestValue = Math.max(largestValue, value);
    }
  }
  const firstByValue = new Int32Array(largestValue + 1).fill(-1);
  reporters.forEach((reporter, index) => {
    if (reporter.isAnonymous) {
      return;
    }
    if (reporter.name !== null) {
      const first = firstByName.get(reporter.name);
      if (first === undefined) {
        firstByName.set(reporter.name, index);
      } else {
        unionRoots(parents, findRoot(parents, first), findRoot(parents, index));
      }
    }
    for (const value of reporter.linkage) {
      const first = firstByValue[value] ?? -1;
      if (first < 0) {
        firstByValue[value] = index;
      } else {
        unionRoots(parents, findRoot(parents, first), findRoot(parents, index));
      }
    }
  });
  const groups = new Int32Array(count);
  reporters.forEach((reporter, index) => {
    groups[index] = reporter.isAnonymous ? -1 : findRoot(parents, index);
  });
  return groups;
}
