import { bandHashesInto } from './band-keys.js';
import { calendarDay } from './calendar-day.js';
import { detectPressureLanguage } from './context-signals.js';
import { GrowableFloat64Array, GrowableUint32Array } from './growable-array.js';
import { linkageValues } from './linkage-keys.js';
import { identityValuesOf } from './mask-text.js';
import { minhashInto } from './minhash-signature.js';
import { normalizeIntoScratch, normalizeKeepingDigits } from './normalize-text.js';
import { LINKAGE_KINDS, packCodes, packCosigners } from './record-store.js';
import { shingleUnitsScratch, type Exclusion } from './shingle-hashes.js';
import { tableHash } from './string-table.js';
import { subjectKeyOf } from './subject-registry.js';
import type { EvidenceFeatures, MinhashParams, PreparedComplaints, ScreeningComplaint } from './types.js';

/** Values per complaint in `PreparedComplaints.rows`. */
export const ROW_FIELDS = 10;
/** Field offsets within a row of `PreparedComplaints.rows`. */
export const ROW = {
  /** A `PreparedStatus`. */
  status: 0,
  day: 1,
  /** Anonymous, channel, conclusion, finding, pressure (`packCodes`). */
  codes: 2,
  /** Co-signers and denied co-signers (`packCosigners`). */
  cosigners: 3,
  textLength: 4,
  shingleCount: 5,
  linkageCount: 6,
  subjectCount: 7,
  identityCount: 8,
  hasContent: 9,
} as const;

/** Why a prepared complaint cannot be added (the repeated-id check needs the whole batch: it is made when adding). */
export const PREPARED_STATUS = { ok: 0, missingId: 1, badTime: 2, missingText: 3 } as const;

/**
 * Per subject in `items`: bit 0 candidate, bit 1 has a unit, bit 2 its name as written follows its key
 * in `strings`, bit 3 its unit as written follows (each only where it differs from the normalised one).
 */
export const SUBJECT_IS_CANDIDATE = 1;
export const SUBJECT_HAS_UNIT = 2;
export const SUBJECT_HAS_WRITTEN_NAME = 4;
export const SUBJECT_HAS_WRITTEN_UNIT = 8;

/** An append-only Uint16 array for text units. */
class GrowableUint16Array {
  private data: Uint16Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.data = new Uint16Array(Math.max(16, initialCapacity));
  }

  pushText(text: string): void {
    const length = text.length;
    if (this.length + length > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.length + length) {
        capacity *= 2;
      }
      const next = new Uint16Array(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    const data = this.data;
    const start = this.length;
    for (let i = 0; i < length; i += 1) {
      data[start + i] = text.charCodeAt(i);
    }
    this.length += length;
  }

  get view(): Uint16Array {
    return this.data;
  }
}

/**
 * Computes, for one complaint at a time, everything the batch keeps about it that does not depend on
 * the other complaints: normalised text, shingles and band hashes under a frozen snapshot, reporter
 * linkage values, identity values, pressure language. Pure and self-contained, so a worker thread can
 * run it; the batch adds the result in input order (`BatchScreener.addPrepared`).
 */
export class ComplaintPreparer {
  private rows = new GrowableUint32Array(ROW_FIELDS * 64);
  private times = new GrowableFloat64Array(128);
  private bands = new GrowableUint32Array(64);
  private shingles = new GrowableUint32Array(1024);
  private texts = new GrowableUint16Array(1024);
  private items = new GrowableUint32Array(64);
  /** `tableHash` of each complaint's id, then of each of its linkage values, then of each subject key. */
  private hashes = new GrowableUint32Array(128);
  private strings: string[] = [];
  private evidence: { row: number; features: EvidenceFeatures }[] = [];
  private count = 0;
  private readonly signature: Uint32Array;
  private readonly bandScratch: Uint32Array;

  constructor(
    private readonly preparedFor: string,
    private readonly exclusion: Exclusion,
    private readonly shingleSize: number,
    private readonly params: MinhashParams,
    private readonly withOnlineIds: boolean,
  ) {
    this.signature = new Uint32Array(params.numHashes);
    this.bandScratch = new Uint32Array(params.bands);
  }

  /** Complaints prepared since the last `take` or `clear`. */
  get size(): number {
    return this.count;
  }

  /** Prepares one complaint (appended to the current batch). */
  prepare(complaint: ScreeningComplaint): void {
    const row = this.rows;
    const status = statusOf(complaint);
    this.count += 1;
    const id = typeof complaint.id === 'string' ? complaint.id : '';
    this.strings.push(id);
    this.hashes.push(tableHash(id));
    if (status !== PREPARED_STATUS.ok) {
      row.push(status);
      for (let field = 1; field < ROW_FIELDS; field += 1) {
        row.push(0);
      }
      this.times.push(Number.NaN);
      this.times.push(Number.NaN);
      for (let band = 0; band < this.params.bands; band += 1) {
        this.bands.push(0);
      }
      return;
    }
    const { units, length } = normalizeIntoScratch(complaint.text);
    const shingles = shingleUnitsScratch(units, length, this.shingleSize, this.exclusion);
    this.shingles.pushAll(shingles);
    const bandScratch = this.bandScratch;
    if (shingles.length > 0) {
      minhashInto(shingles, this.params, this.signature);
      bandHashesInto(this.signature, this.params, bandScratch, 0);
    } else {
      bandScratch.fill(0);
    }
    this.bands.pushAll(bandScratch);
    this.texts.pushText(complaint.text);

    const reporter = complaint.isAnonymous ? null : complaint.reporter;
    const name = reporter?.name === undefined ? '' : normalizeKeepingDigits(reporter.name);
    this.strings.push(name);
    // Equal kind:value keys are the same linkage value: keep the first of each, as the batch always did.
    const values = linkageValues(complaint.reporter, this.withOnlineIds && complaint.channel === 'online');
    let linkageCount = 0;
    const seen: string[] = [];
    for (const { kind, value } of values) {
      const key = `${kind}:${value}`;
      if (seen.includes(key)) {
        continue;
      }
      seen.push(key);
      this.strings.push(key);
      this.hashes.push(tableHash(key));
      this.items.push(LINKAGE_KINDS.indexOf(kind));
      linkageCount += 1;
    }
    // Subjects travel as their normalised key and its hash (the batch interns them by it), with the
    // name and unit as written only where they differ from the key's.
    for (const subject of complaint.subjects) {
      const { key, name: keyName, unit: keyUnit } = subjectKeyOf(subject);
      const hasWrittenName = keyName !== subject.name;
      const writtenUnit = subject.unit !== undefined && keyUnit !== subject.unit ? subject.unit : undefined;
      const hasWrittenUnit = writtenUnit !== undefined;
      this.strings.push(key);
      this.hashes.push(tableHash(key));
      if (hasWrittenName) {
        this.strings.push(subject.name);
      }
      if (hasWrittenUnit) {
        this.strings.push(writtenUnit);
      }
      this.items.push(
        (subject.isCandidate ? SUBJECT_IS_CANDIDATE : 0) |
          (subject.unit === undefined ? 0 : SUBJECT_HAS_UNIT) |
          (hasWrittenName ? SUBJECT_HAS_WRITTEN_NAME : 0) |
          (hasWrittenUnit ? SUBJECT_HAS_WRITTEN_UNIT : 0),
      );
    }
    // Identity values follow the text as UTF-16 units, their lengths in `items`: the batch keeps
    // them packed, not as a million small strings.
    const identityValues = identityValuesOf(complaint.reporter, complaint.cosigners);
    for (const value of identityValues) {
      this.texts.pushText(value);
      this.items.push(value.length);
    }
    if (complaint.evidence !== undefined) {
      this.evidence.push({ row: this.count - 1, features: complaint.evidence });
    }
    row.push(PREPARED_STATUS.ok);
    row.push(calendarDay(complaint.receivedAt) >>> 0);
    row.push(
      packCodes(
        complaint.isAnonymous,
        complaint.channel,
        complaint.conclusion ?? null,
        complaint.finding ?? null,
        detectPressureLanguage(complaint.text),
      ),
    );
    row.push(
      packCosigners(complaint.cosigners.length, complaint.cosigners.filter((cosigner) => cosigner.isDenied).length),
    );
    row.push(complaint.text.length);
    row.push(shingles.length);
    row.push(linkageCount);
    row.push(complaint.subjects.length);
    row.push(identityValues.length);
    row.push(shingles.length > 0 ? 1 : 0);
    this.times.push(complaint.receivedAt);
    this.times.push(complaint.concludedAt ?? Number.NaN);
  }

  /** The current batch as tight, transferable arrays; the preparer starts a new batch. */
  take(): PreparedComplaints {
    const prepared: PreparedComplaints = {
      preparedFor: this.preparedFor,
      count: this.count,
      rows: this.rows.view.slice(0, this.rows.length),
      times: this.times.view.slice(0, this.times.length),
      bands: this.bands.view.slice(0, this.bands.length),
      shingles: this.shingles.view.slice(0, this.shingles.length),
      texts: this.texts.view.slice(0, this.texts.length),
      items: this.items.view.slice(0, this.items.length),
      hashes: this.hashes.view.slice(0, this.hashes.length),
      strings: this.strings,
      evidence: this.evidence,
    };
    this.strings = [];
    this.evidence = [];
    this.clear();
    return prepared;
  }

  /**
   * The current batch without copying (the arrays are the live, possibly longer buffers: valid until
   * the next `prepare`). The batch's own `add` uses it for one complaint at a time.
   */
  peek(): PreparedComplaints {
    return {
      preparedFor: this.preparedFor,
      count: this.count,
      rows: this.rows.view,
      times: this.times.view,
      bands: this.bands.view,
      shingles: this.shingles.view,
      texts: this.texts.view,
      items: this.items.view,
      hashes: this.hashes.view,
      strings: this.strings,
      evidence: this.evidence,
    };
  }

  /** Drops the current batch, keeping the buffers. */
  clear(): void {
    this.count = 0;
    this.rows.length = 0;
    this.times.length = 0;
    this.bands.length = 0;
    this.shingles.length = 0;
    this.texts.length = 0;
    this.items.length = 0;
    this.hashes.length = 0;
    this.strings.length = 0;
    this.evidence.length = 0;
  }
}

function statusOf(complaint: ScreeningComplaint): number {
  if (typeof complaint.id !== 'string' || complaint.id === '') {
    return PREPARED_STATUS.missingId;
  }
  if (!Number.isFinite(complaint.receivedAt)) {
    return PREPARED_STATUS.badTime;
  }
  if (typeof complaint.text !== 'string') {
    return PREPARED_STATUS.missingText;
  }
  return PREPARED_STATUS.ok;
}
