import { ComplaintListQuerySchema } from '@zhengming/contracts';
import type { ComplaintFilters } from '../../api/complaints.endpoints';

/** The storage the filters live in: `window.localStorage` in the browser, a stand-in in tests. */
export type FilterStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const FiltersSchema = ComplaintListQuerySchema.omit({ page: true, pageSize: true, after: true });

/** The localStorage key of one user's complaint-list filters (users share a browser at an intake desk). */
export function filtersKey(userId: string): string {
  return `zhengming.complaints.filters.${userId}`;
}

/**
 * The filters the user left the list with, or none: whatever is stored is parsed with the API's own query schema,
 * so a value from an older version or typed by hand is dropped rather than sent.
 */
export function readStoredFilters(storage: FilterStorage | undefined, userId: string): ComplaintFilters {
  try {
    const text = storage?.getItem(filtersKey(userId)) ?? null;
    if (text === null) {
      return {};
    }
    const parsed = FiltersSchema.safeParse(JSON.parse(text));
    return parsed.success ? withoutEmpty(parsed.data) : {};
  } catch {
    return {};
  }
}

/** Keeps the filters for the user's next visit; no filters leaves nothing stored. */
export function storeFilters(storage: FilterStorage | undefined, userId: string, filters: ComplaintFilters): void {
  try {
    const kept = withoutEmpty(filters);
    if (Object.keys(kept).length === 0) {
      storage?.removeItem(filtersKey(userId));
    } else {
      storage?.setItem(filtersKey(userId), JSON.stringify(kept));
    }
  } catch {
    // Private browsing may refuse storage; the filters then last for this visit only.
  }
}

function withoutEmpty(filters: ComplaintFilters): ComplaintFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/** `window.localStorage`, or undefined where the browser refuses it. */
export function browserStorage(): FilterStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
