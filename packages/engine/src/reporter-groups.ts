import { createUnionFind, findRoot, unionRoots } from './union-find.js';

/** What grouping needs about one complaint's reporter. */
export interface ReporterFacts {
  isAnonymous: boolean;
  /** Normalised name, or null. */
  name: string | null;
  /** Interned linkage values (phone, ID number, house-number address, online ids). */
  linkage: readonly number[];
}

/**
 * Groups the non-anonymous complaints of a batch by reporter: two complaints have one reporter
 * when a linkage value or the same name ties them (transitively). Anonymous complaints are never
 * grouped with anything (their group is -1): each counts as its own reporter and is never linked
 * by source to another complaint (DESIGN §2).
 */
export function groupReporters(reporters: readonly ReporterFacts[]): Int32Array {
  const count = reporters.length;
  const parents = createUnionFind(count);
  const firstByName = new Map<string, number>();
  const firstByValue = new Map<number, number>();
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
      const first = firstByValue.get(value);
      if (first === undefined) {
        firstByValue.set(value, index);
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
