import { normalizeKeepingDigits } from './normalize-text.js';
import type { ComplaintSubject } from './types.js';

/** A subject as shown in reports. */
export interface SubjectLabel {
  name: string;
  unit?: string;
}

/**
 * Interns subjects by name + unit (DESIGN §3: subjects are matched on name + unit, both
 * normalised). A subject given without a unit is the same as the one subject of that name that has
 * a unit, when there is exactly one; otherwise it stays its own.
 */
export class SubjectRegistry {
  private readonly ids = new Map<string, number>();
  /** The same subjects as written (a batch repeats them; normalising each time would be waste). */
  private readonly rawIds = new Map<string, number>();
  private readonly labels: SubjectLabel[] = [];
  private readonly names: string[] = [];
  private readonly units: string[] = [];
  private canonical: Int32Array | null = null;

  /** The interned id of a subject. */
  intern(subject: ComplaintSubject): number {
    const rawKey = `${subject.name}\u0001${subject.unit ?? '\u0002'}`;
    const known = this.rawIds.get(rawKey);
    if (known !== undefined) {
      return known;
    }
    const id = this.internNormalized(subject);
    this.rawIds.set(rawKey, id);
    return id;
  }

  private internNormalized(subject: ComplaintSubject): number {
    const name = normalizeKeepingDigits(subject.name);
    const unit = subject.unit === undefined ? '' : normalizeKeepingDigits(subject.unit);
    const key = `${name}\u0000${unit}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(key, id);
      this.labels.push(
        subject.unit === undefined ? { name: subject.name } : { name: subject.name, unit: subject.unit },
      );
      this.names.push(name);
      this.units.push(unit);
      this.canonical = null;
    }
    return id;
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
    return this.labels[id] ?? { name: '' };
  }

  /** The normalised unit of a subject ('' when none). */
  unitOf(id: number): string {
    return this.units[id] ?? '';
  }

  private resolve(): Int32Array {
    const withUnit = new Map<string, number[]>();
    this.names.forEach((name, id) => {
      if (this.units[id] !== '') {
        const list = withUnit.get(name);
        if (list === undefined) {
          withUnit.set(name, [id]);
        } else {
          list.push(id);
        }
      }
    });
    const canonical = new Int32Array(this.names.length);
    this.names.forEach((name, id) => {
      const candidates = withUnit.get(name);
      canonical[id] = this.units[id] === '' && candidates?.length === 1 ? (candidates[0] ?? id) : id;
    });
    return canonical;
  }
}
