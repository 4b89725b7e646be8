import { GrowableFloat64Array, GrowableUint32Array } from './growable-array.js';
import type { LinkageKind } from './linkage-keys.js';
import { unitsToString } from './normalize-text.js';
import { NONE, type ScreeningRecord } from './screening-record.js';
import type { Channel, Conclusion, EvidenceFeatures, Finding } from './types.js';

const CHANNELS: readonly Channel[] = ['letter', 'visit', 'phone', 'online', 'referred'];
const CONCLUSIONS: readonly (Conclusion | null)[] = [
  null,
  'substantiated',
  'partly_substantiated',
  'substantiated_no_violation',
  'unfounded',
  'not_excluded',
];
const FINDINGS: readonly (Finding | null)[] = [null, 'false_accusation', 'mistaken'];
/** Linkage kinds by their code in the store (and in prepared complaints). */
export const LINKAGE_KINDS: readonly LinkageKind[] = ['phone', 'idNumber', 'address', 'ip', 'deviceId'];
const KINDS = LINKAGE_KINDS;
const PRESSURES: readonly (string | null)[] = [null, '如果不…就…', '否则…', '不…就…'];

/** Packs the small fields of a complaint into the store's code word. */
export function packCodes(
  isAnonymous: boolean,
  channel: Channel,
  conclusion: Conclusion | null,
  finding: Finding | null,
  pressure: string | null,
): number {
  return (
    (isAnonymous ? 1 : 0) |
    (CHANNELS.indexOf(channel) << 1) |
    (CONCLUSIONS.indexOf(conclusion) << 4) |
    (FINDINGS.indexOf(finding) << 7) |
    (PRESSURES.indexOf(pressure) << 9)
  );
}

/** Packs the co-signer counts (each capped at 65535) into one word. */
export function packCosigners(cosignerCount: number, deniedCosigners: number): number {
  return ((Math.min(cosignerCount, 0xffff) << 16) | Math.min(deniedCosigners, 0xffff)) >>> 0;
}

/** Units per text chunk (4 Mi units, 8 MiB). */
const TEXT_CHUNK = 1 << 22;

function pushPlace(places: GrowableUint32Array, chunk: number, start: number, length: number): void {
  places.push(chunk);
  places.push(start);
  places.push(length);
}

/** What `RecordStore.add` needs about one complaint (the parts the batch keeps), mostly packed. */
export interface RecordInput {
  id: string;
  receivedAt: number;
  /** NaN when not concluded. */
  concludedAt: number;
  day: number;
  /** `packCodes`. */
  codes: number;
  /** `packCosigners`. */
  cosigners: number;
  name: string | null;
  evidence: EvidenceFeatures | null;
}

/**
 * The complaints of a batch in columns: typed arrays and a few flat arrays instead of a million
 * small objects, with texts packed as UTF-16 in large chunks. Keeps the heap small and the garbage
 * collector idle while a large batch is added; `records()` builds the row view once, at finish.
 */
export class RecordStore {
  private readonly ids: string[] = [];
  private readonly names: (string | null)[] = [];
  private readonly received = new GrowableFloat64Array(1024);
  private readonly concluded = new GrowableFloat64Array(1024);
  /** day, then packed codes: anonymous, channel, conclusion, finding, pressure. */
  private readonly days = new GrowableUint32Array(1024);
  private readonly codes = new GrowableUint32Array(1024);
  private readonly cosigners = new GrowableUint32Array(1024);
  private readonly linkageStarts = new GrowableUint32Array(1024);
  private readonly linkageValues = new GrowableUint32Array(1024);
  private readonly subjectStarts = new GrowableUint32Array(1024);
  private readonly subjectValues = new GrowableUint32Array(1024);
  /** Per complaint: its first identity value's number in `identityPlaces`. */
  private readonly identityStarts = new GrowableUint32Array(1024);
  /** Per identity value: chunk, start, length of its units in the text chunks. */
  private readonly identityPlaces = new GrowableUint32Array(3 * 1024);
  private readonly evidence = new Map<number, EvidenceFeatures>();
  private readonly textChunks: Uint16Array[] = [];
  private textUsed = TEXT_CHUNK;
  /** Per complaint: chunk, start, length of its text. */
  private readonly textPlaces = new GrowableUint32Array(3 * 1024);

  /** Number of stored complaints. */
  get count(): number {
    return this.ids.length;
  }

  /**
   * Starts storing one complaint; its index is the previous `count`. Its linkage values, subjects,
   * identity values and text follow with `addLinkage`, `addSubject`, `addIdentityValue` and `addText`
   * before the next `add`.
   */
  add(input: RecordInput): void {
    const index = this.ids.length;
    this.ids.push(input.id);
    this.names.push(input.name);
    this.received.push(input.receivedAt);
    this.concluded.push(input.concludedAt);
    this.days.push(input.day >>> 0);
    this.codes.push(input.codes);
    this.cosigners.push(input.cosigners);
    this.linkageStarts.push(this.linkageValues.length);
    this.subjectStarts.push(this.subjectValues.length);
    this.identityStarts.push(this.identityPlaces.length / 3);
    if (input.evidence !== null) {
      this.evidence.set(index, input.evidence);
    }
  }

  /** An interned linkage value of the last added complaint, with its kind's code (`LINKAGE_KINDS`). */
  addLinkage(value: number, kindCode: number): void {
    this.linkageValues.push((value << 3) | kindCode);
  }

  /** An interned subject of the last added complaint. */
  addSubject(subject: number, isCandidate: boolean): void {
    this.subjectValues.push((subject << 1) | (isCandidate ? 1 : 0));
  }

  /** An identity value of the last added complaint's reporter or co-signers, as UTF-16 units. */
  addIdentityValue(units: Uint16Array, start: number, length: number): void {
    this.placeUnits(units, start, length, this.identityPlaces);
  }

  /** The text of the last added complaint, as UTF-16 units `units[start .. start + length]`. */
  addText(units: Uint16Array, start: number, length: number): void {
    this.placeUnits(units, start, length, this.textPlaces);
  }

  /**
   * Keeps `units` as a text chunk of its own, without copying (the store owns it from now on), and
   * returns its number for `addTextIn` and `addIdentityValueIn`: a prepared batch's texts are already
   * packed, and transferred from the thread that packed them.
   */
  adoptUnits(units: Uint16Array): number {
    this.textChunks.push(units);
    // Texts copied later start a chunk of their own.
    this.textUsed = TEXT_CHUNK;
    return this.textChunks.length - 1;
  }

  /** The text of the last added complaint: `length` units at `start` of an adopted chunk. */
  addTextIn(chunk: number, start: number, length: number): void {
    pushPlace(this.textPlaces, chunk, start, length);
  }

  /** An identity value of the last added complaint, in an adopted chunk (see `addTextIn`). */
  addIdentityValueIn(chunk: number, start: number, length: number): void {
    pushPlace(this.identityPlaces, chunk, start, length);
  }

  private placeUnits(units: Uint16Array, start: number, length: number, places: GrowableUint32Array): void {
    if (this.textChunks.length === 0 || this.textUsed + length > TEXT_CHUNK) {
      this.textChunks.push(new Uint16Array(Math.max(TEXT_CHUNK, length)));
      this.textUsed = 0;
    }
    const chunkIndex = this.textChunks.length - 1;
    const chunk = this.textChunks[chunkIndex];
    if (chunk === undefined) {
      throw new Error('RecordStore: no text chunk');
    }
    chunk.set(units.subarray(start, start + length), this.textUsed);
    pushPlace(places, chunkIndex, this.textUsed, length);
    this.textUsed += length;
  }

  private unitsAt(places: Uint32Array, at: number): string {
    const chunk = this.textChunks[places[at * 3] ?? 0];
    const start = places[at * 3 + 1] ?? 0;
    const length = places[at * 3 + 2] ?? 0;
    return chunk === undefined ? '' : unitsToString(chunk.subarray(start, start + length), length);
  }

  /**
   * Frees the texts and identity values (after the last rule that reads them): `text` then returns ''
   * and `identityValues` none.
   */
  dropTexts(): void {
    this.textChunks.splice(0);
    this.textPlaces.length = 0;
    this.textUsed = TEXT_CHUNK;
    this.identityPlaces.length = 0;
  }

  /** The original text of a complaint. */
  text(index: number): string {
    return this.unitsAt(this.textPlaces.view, index);
  }

  /** Identity values of a complaint's reporter and co-signers. */
  identityValues(index: number): readonly string[] {
    const starts = this.identityStarts.view;
    const start = starts[index] ?? 0;
    const end = Math.min(
      index + 1 < this.ids.length ? (starts[index + 1] ?? start) : this.identityPlaces.length / 3,
      this.identityPlaces.length / 3,
    );
    if (end <= start) {
      return NONE;
    }
    const values: string[] = [];
    for (let at = start; at < end; at += 1) {
      values.push(this.unitsAt(this.identityPlaces.view, at));
    }
    return values;
  }

  /** Builds the row view of every complaint (once, at finish). */
  records(): ScreeningRecord[] {
    const count = this.ids.length;
    const records: ScreeningRecord[] = new Array<ScreeningRecord>(count);
    const linkageStarts = this.linkageStarts.view;
    const linkageValues = this.linkageValues.view;
    const subjectStarts = this.subjectStarts.view;
    const subjectValues = this.subjectValues.view;
    for (let index = 0; index < count; index += 1) {
      const codes = this.codes.view[index] ?? 0;
      const linkageEnd = index + 1 < count ? (linkageStarts[index + 1] ?? 0) : this.linkageValues.length;
      const subjectEnd = index + 1 < count ? (subjectStarts[index + 1] ?? 0) : this.subjectValues.length;
      const linkage: number[] = [];
      const linkageKinds: LinkageKind[] = [];
      for (let at = linkageStarts[index] ?? 0; at < linkageEnd; at += 1) {
        const value = linkageValues[at] ?? 0;
        linkage.push(value >>> 3);
        linkageKinds.push(KINDS[value & 7] ?? 'phone');
      }
      const subjects: number[] = [];
      const candidateSubjects: number[] = [];
      for (let at = subjectStarts[index] ?? 0; at < subjectEnd; at += 1) {
        const value = subjectValues[at] ?? 0;
        subjects.push(value >>> 1);
        if ((value & 1) === 1) {
          candidateSubjects.push(value >>> 1);
        }
      }
      const concludedAt = this.concluded.view[index] ?? Number.NaN;
      const cosigners = this.cosigners.view[index] ?? 0;
      records[index] = {
        id: this.ids[index] ?? '',
        index,
        receivedAt: this.received.view[index] ?? 0,
        day: (this.days.view[index] ?? 0) | 0,
        isAnonymous: (codes & 1) === 1,
        channel: CHANNELS[(codes >>> 1) & 7] ?? 'letter',
        name: this.names[index] ?? null,
        linkage: linkage.length === 0 ? NONE : linkage,
        linkageKinds: linkageKinds.length === 0 ? NONE : linkageKinds,
        subjects,
        candidateSubjects: candidateSubjects.length === 0 ? NONE : candidateSubjects,
        cosignerCount: cosigners >>> 16,
        deniedCosigners: cosigners & 0xffff,
        conclusion: CONCLUSIONS[(codes >>> 4) & 7] ?? null,
        finding: FINDINGS[(codes >>> 7) & 3] ?? null,
        concludedAt: Number.isNaN(concludedAt) ? null : concludedAt,
        evidence: this.evidence.get(index) ?? null,
        pressure: PRESSURES[(codes >>> 9) & 3] ?? null,
      };
    }
    return records;
  }
}
