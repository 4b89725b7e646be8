import { normalizeText } from './normalize-text.js';

/**
 * Finds boilerplate phrases in normalised text: a table of the phrases' first two units (an
 * open-addressing typed array, so a miss costs one probe) and, per prefix, the phrases longest
 * first.
 */
export interface PhraseMatcher {
  slots: Uint32Array;
  lists: (Uint16Array[] | undefined)[];
  mask: number;
}

/** Builds a matcher from raw phrases (normalised here; phrases under two units are ignored). */
export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher | null {
  const byPrefix = new Map<number, Uint16Array[]>();
  for (const phrase of phrases) {
    // Not the shared scratch buffer: a matcher is built lazily, possibly mid-way through shingling.
    const normalized = normalizeText(phrase).text;
    if (normalized.length < 2) {
      continue;
    }
    const copy = Uint16Array.from(normalized, (char) => char.charCodeAt(0));
    const key = (((copy[0] ?? 0) << 16) | (copy[1] ?? 0)) >>> 0;
    const list = byPrefix.get(key) ?? [];
    if (!list.some((known) => known.length === copy.length && known.every((unit, i) => unit === copy[i]))) {
      list.push(copy);
    }
    byPrefix.set(key, list);
  }
  if (byPrefix.size === 0) {
    return null;
  }
  let capacity = 16;
  while (capacity < byPrefix.size * 4) {
    capacity *= 2;
  }
  const slots = new Uint32Array(capacity);
  const lists: (Uint16Array[] | undefined)[] = new Array<Uint16Array[] | undefined>(capacity);
  const mask = capacity - 1;
  for (const [key, list] of byPrefix) {
    let slot = slotOf(key, mask);
    while (lists[slot] !== undefined) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = key;
    lists[slot] = list.sort((a, b) => b.length - a.length);
  }
  return { slots, lists, mask };
}

function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 16) & mask;
}

/**
 * Marks (sets to 1) the units of `units[0..length)` covered by phrases, longest match first, in
 * `covered`, and returns how many phrase occurrences were found.
 */
export function markPhrases(matcher: PhraseMatcher, units: Uint16Array, length: number, covered: Uint8Array): number {
  const { slots, lists, mask } = matcher;
  let found = 0;
  let i = 0;
  while (i + 1 < length) {
    const key = (((units[i] ?? 0) << 16) | (units[i + 1] ?? 0)) >>> 0;
    let slot = slotOf(key, mask);
    let list: Uint16Array[] | undefined;
    for (;;) {
      list = lists[slot];
      if (list === undefined || slots[slot] === key) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    let matched = 0;
    if (list !== undefined) {
      for (const phrase of list) {
        if (i + phrase.length > length) {
          continue;
        }
        let k = 2;
        while (k < phrase.length && units[i + k] === phrase[k]) {
          k += 1;
        }
        if (k === phrase.length) {
          matched = phrase.length;
          break;
        }
      }
    }
    if (matched > 0) {
      covered.fill(1, i, i + matched);
      found += 1;
      i += matched;
    } else {
      i += 1;
    }
  }
  return found;
}
