import { normalizeKeepingDigits } from './normalize-text.js';
import { StringTable, tableHash } from './string-table.js';
import type { ComplaintSubject } from './types.js';

/** A subject as shown in reports. */
export interface SubjectLabel {
  name: string;
  unit?: string;
}

/** Separates name and unit in a subject key (normalising removes control characters, so it never occurs in either). */
const KEY_SEPARATOR = '\u0000';

/** The interning key of a subject: normalised name and unit (docs/GLOSSARY.md, 被反映人). */
export interface SubjectKey {
  key: string;
  /** The normalised name and unit, for telling whether the subject is written as it normalises. */
  name: string;
  unit: string;
}

/** Normalises a subject's name and unit into its interning key (a worker thread can do it beforehand). */
export function subjectKeyOf(subject: ComplaintSubject): SubjectKey {
  const name = normalizeKeepingDigits(subject.name);
  const unit = subject.unit === undefined ? '' : normalizeKeepingDigits(subject.unit);
  return { key: `${name}${KEY_SEPARATOR}${unit}`, name, unit };
}

/**
 * Interns subjects by name + unit (docs/GLOSSARY.md: subjects are matched on name + unit, both
 * normalised). A subject given without a unit is the same as the one subject of that name that has
 * a unit, when there is exactly one; otherwise it stays its own.
 *
 * Keys are normalised where the complaint is prepared (a worker thread) and interned by their hash
 * in a typed table: a batch of a million complaints names almost as many subjects, and string-keyed
 * maps of that size are slow and heavy for the garbage collector.
 */
export class SubjectRegistry {
  private readonly keys = new StringTable();
  /** How each subject is shown: its first mention as written, when that differs from its key. */
  private readonly writtenNames: (string | undefined)[] = [];
  private readonly writtenUnits: (string | undefined)[] = [];
  private readonly hasUnit: boolean[] = [];
  private canonical: Int32Array | null = null;

  /** The interned id of a subject (normalising it here). */
  intern(subject: ComplaintSubject): number {
    const { key, name, unit } = subjectKeyOf(subject);
    const hasUnit = subject.unit !== undefined;
    return this.internKey(
      key,
      tableHash(key),
      hasUnit,
      name === subject.name ? undefined : subject.name,
      hasUnit && unit !== subject.unit ? subject.unit : undefined,
    );
  }

  /**
   * The interned id of a subject given by its key (`subjectKeyOf`) and `tableHash` of it. The name and
   * unit as written are given only where they differ from the normalised ones; the first mention of a
   * subject decides how it is shown.
   */
  internKey(
    key: string,
    hash: number,
    hasUnit: boolean,
    writtenName: string | undefined,
    writtenUnit: string | undefined,
  ): number {
    const known = this.keys.find(key, hash);
    if (known >= 0) {
      return known;
    }
    this.writtenNames.push(writtenName);
    this.writtenUnits.push(writtenUnit);
    this.hasUnit.push(hasUnit);
    this.canonical = null;
    return this.keys.add(key, hash);
  }

  /** The canonical id of an interned subject (unit-less names resolved where unambiguous). */
  canonicalOf(id: number): number {
    if (this.canonical === null) {
      this.canonical = this.resolve();
    }
    return this.canonical[id] ?? id;
  }

  /** How a subject is shown. */
  label(id: number): SubjectLabel {
    const key = this.keys.valueAt(id);
    const separator = key.indexOf(KEY_SEPARATOR);
    const name = this.writtenNames[id] ?? key.slice(0, separator);
    if (this.hasUnit[id] !== true) {
      return { name };
    }
    return { name, unit: this.writtenUnits[id] ?? key.slice(separator + 1) };
  }

  /** The normalised unit of a subject ('' when none). */
  unitOf(id: number): string {
    const key = this.keys.valueAt(id);
    return key.slice(key.indexOf(KEY_SEPARATOR) + 1);
  }

  private resolve(): Int32Array {
    const count = this.keys.size;
    const canonical = new Int32Array(count);
    // Only subjects whose normalised unit is empty are resolved: look up just their names.
    const withUnit = new Map<string, number[]>();
    for (let id = 0; id < count; id += 1) {
      canonical[id] = id;
      const key = this.keys.valueAt(id);
      if (key.endsWith(KEY_SEPARATOR)) {
        withUnit.set(key.slice(0, -1), []);
      }
    }
    if (withUnit.size === 0) {
      return canonical;
    }
    for (let id = 0; id < count; id += 1) {
      const key = this.keys.valueAt(id);
      if (!key.endsWith(KEY_SEPARATOR)) {
        withUnit.get(key.slice(0, key.indexOf(KEY_SEPARATOR)))?.push(id);
      }
    }
    for (let id = 0; id < count; id += 1) {
      const key = this.keys.valueAt(id);
      const candidates = key.endsWith(KEY_SEPARATOR) ? withUnit.get(key.slice(0, -1)) : undefined;
      if (candidates?.length === 1) {
        canonical[id] = candidates[0] ?? id;
      }
    }
    return canonical;
  }
}
