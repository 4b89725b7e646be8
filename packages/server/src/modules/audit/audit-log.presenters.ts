import type { AuditTarget, ReadableAuditEntry } from '@zhengming/contracts';
import type { LogRow, NamedThing } from './audit-log.repository.js';

/** Detail values that may be ids worth a name: top-level strings and the filter's ids. */
export function detailIds(details: Record<string, unknown>): string[] {
  const ids: string[] = [];
  const collect = (values: Record<string, unknown>): void => {
    for (const value of Object.values(values)) {
      if (typeof value === 'string') {
        ids.push(value);
      }
    }
  };
  collect(details);
  const filter = details.filter;
  if (typeof filter === 'object' && filter !== null && !Array.isArray(filter)) {
    collect(filter as Record<string, unknown>);
  }
  return ids;
}

/** Every id of a page that may name a user, office or grant: targets and detail values. */
export function idsToResolve(rows: readonly LogRow[]): string[] {
  return rows.flatMap((row) => [...row.targetIds, ...detailIds(row.details)]);
}

function presentTarget(id: string, named: NamedThing | undefined): AuditTarget {
  if (named === undefined) {
    return { id, kind: 'unknown', name: null };
  }
  return {
    id,
    kind: named.kind,
    name: named.name,
    ...(named.username === undefined ? {} : { username: named.username }),
    ...(named.role === undefined ? {} : { role: named.role }),
  };
}

/** A row with its targets and the names of the users and offices its details mention. */
export function presentReadableEntry(row: LogRow, names: ReadonlyMap<string, NamedThing>): ReadableAuditEntry {
  const detailNames: Record<string, string> = {};
  for (const id of detailIds(row.details)) {
    const named = names.get(id.toLowerCase());
    if (named !== undefined && named.kind !== 'grant') {
      detailNames[id] = named.name;
    }
  }
  return {
    ...row,
    targets: row.targetIds.map((id) => presentTarget(id, names.get(id.toLowerCase()))),
    names: detailNames,
  };
}
