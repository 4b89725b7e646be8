/**
 * The engine's public data types: what goes into screening and what comes out.
 *
 * Functions (all exported from `src/index.ts`):
 * - `createBatchScreener(options): BatchScreener` — two-pass batch screening (`zhengming screen`);
 *   `checkScreeningOptions(options)` lists what is wrong with options.
 * - `normalizeText(text): NormalizedText` — NFKC, width, traditional → simplified, punctuation/whitespace, digits.
 * - `createBoilerplateSnapshot(options?)` / `createBoilerplateBuilder(options?)` — the versioned boilerplate snapshot.
 * - `shingleHashes(normalized, snapshot)` / `textShingles(text, snapshot)` — sorted unique shingle
 *   hashes, boilerplate removed.
 * - `minhashSignature(shingles, params): Uint32Array` — one-permutation MinHash with optimal densification.
 * - `stampedBandKeys(signature, params, snapshot): BigInt64Array` — LSH band keys stamped with the snapshot + params
 *   version, as the signed 64-bit integers a band-key table stores.
 * - `fingerprintText(text, snapshot, params): TextFingerprint` — all of the above in one call.
 * - `jaccard(a, b): number` — exact Jaccard of two sorted unique hash sets.
 * - `verifyCandidates(query, candidates, threshold)` — exact verification of band-key candidates (server).
 * - `SimilarityIndex` — in-process LSH index: add / query / export / import.
 * - `linkageKeys(reporter, options): string[]` — HMAC-SHA-256 reporter linkage keys.
 * - `maskText(text, values)` — masks identity values, phone numbers and ID numbers on the original text.
 */

/** Version of the points table (docs/SCREENING.md); every report names it. */
export const SCORING_VERSION = 'v1';

/** How a complaint reached the office (docs/PRINCIPLES.md, workflow: intake). */
export type Channel = 'letter' | 'visit' | 'phone' | 'online' | 'referred';

/** Conclusion of the (first) allegation of a concluded complaint. */
export type Conclusion =
  'substantiated' | 'partly_substantiated' | 'substantiated_no_violation' | 'unfounded' | 'not_excluded';

/** A recorded human finding about the (first-named) reporter's intent. */
export type Finding = 'false_accusation' | 'mistaken';

/** Stable codes of the signals (docs/SCREENING.md). */
export type SignalCode =
  | 'COORDINATED_TEXT'
  | 'SAME_SOURCE'
  | 'REPEAT_AFTER_CONCLUSION'
  | 'COSIGNER_DENIED'
  | 'EVIDENCE_REUSED'
  | 'EVIDENCE_ALTERED'
  | 'VOLUME_BURST'
  | 'KEY_PERIOD'
  | 'REPEAT_REPORTER'
  | 'PRESSURE_LANGUAGE'
  | 'PRIOR_FALSE_ACCUSER';

/** Severity of a flag. */
export type Severity = 'info' | 'low' | 'medium' | 'high';

/** Identity values a reporter gave. Every field is protected (docs/PRINCIPLES.md, principle 2). */
export interface ReporterIdentity {
  name?: string;
  unit?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  ip?: string;
  deviceId?: string;
}

/** A co-signer of a joint letter (联名信); `isDenied` when the person denies having signed. */
export interface Cosigner {
  name: string;
  isDenied: boolean;
}

/** The person or organisation a complaint is about, matched on name + unit. */
export interface ComplaintSubject {
  name: string;
  unit?: string;
  position?: string;
  isCandidate: boolean;
}

/** Evidence features computed outside the engine (attachments come in a later issue). */
export interface EvidenceFeatures {
  /** Ids of other complaints that attached the same or a near-same file. */
  reusedWith: string[];
  /** Editing marks or impossible times in EXIF/PDF metadata. */
  altered: boolean;
  alteredReason?: string;
}

/** One complaint as the engine screens it. Times are epoch milliseconds. */
export interface ScreeningComplaint {
  id: string;
  /** Epoch ms (the CLI converts ISO strings; no zone = +08:00). */
  receivedAt: number;
  channel: Channel;
  isAnonymous: boolean;
  reporter: ReporterIdentity | null;
  cosigners: Cosigner[];
  subjects: ComplaintSubject[];
  text: string;
  conclusion?: Conclusion;
  finding?: Finding;
  concludedAt?: number;
  evidence?: EvidenceFeatures;
}

/** An election window or other sensitive period; `units` limits it to subjects of those units. */
export interface KeyPeriod {
  name: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  units?: string[];
}

/** MinHash / LSH parameters. `bands * rows` must not exceed `numHashes`. */
export interface MinhashParams {
  /** Character n-gram size over the normalised text (2–4). */
  shingleSize: number;
  /** Number of one-permutation-hashing bins (a power of two, 32–1024). */
  numHashes: number;
  bands: number;
  rows: number;
  /** Seed of the hash family; changing it changes every signature. */
  seed: number;
}

/** How the document-frequency part of the boilerplate snapshot is cut. */
export interface BoilerplateFrequencyOptions {
  /** A shingle is boilerplate when it occurs in at least this share of the observed texts… */
  fraction: number;
  /** …and in at least this many of them (protects small batches). */
  minDocuments: number;
  /**
   * Texts at least this similar (after the phrase list) count as one when counting: copies of one
   * letter are one source, so a large campaign never erases itself. Default 0.6.
   */
  collapseThreshold?: number;
}

/**
 * A frozen boilerplate snapshot: the phrase list plus the frequent shingles of a first pass.
 * Plain data, so a server can store it and rebuild an identical snapshot later.
 */
export interface BoilerplateSnapshot {
  /** Hash of the phrase list, the frequent shingles, the cut-off and the shingle size. */
  readonly version: string;
  readonly shingleSize: number;
  readonly phrases: readonly string[];
  /** Sorted unique shingle hashes removed because of their document frequency. */
  readonly frequentShingles: Uint32Array;
  readonly frequency: BoilerplateFrequencyOptions;
  /** How many texts the first pass observed. */
  readonly observedDocuments: number;
}

/**
 * A builder's document-frequency sample as plain data (typed arrays, so it can be transferred
 * between threads): the sampled texts' content hashes and shingle sets, in observation order.
 */
export interface BoilerplateSample {
  /** Texts observed, sampled or not. */
  observed: number;
  level: number;
  /** Content hash of each sampled text. */
  hashes: Uint32Array;
  /** Shingles of sampled text `i` are `shingles[ends[i - 1] ?? 0 .. ends[i]]`. */
  ends: Uint32Array;
  shingles: Uint32Array;
}

/** Options of a batch screening run (`zhengming screen`). */
export interface ScreeningOptions {
  /** Campaign Jaccard threshold; default `DEFAULT_THRESHOLD`. */
  threshold?: number;
  /** Calendar days (+08:00) within which two similar complaints link; default 30. */
  windowDays?: number;
  /** Distinct reporters a campaign needs; default 3. */
  minReporters?: number;
  keyPeriods?: KeyPeriod[];
  /** Replaces the shipped curated phrase list when given (`--boilerplate FILE`). */
  boilerplatePhrases?: string[];
  /** Default false: IP and device id never link otherwise. */
  withOnlineIds?: boolean;
  /**
   * Default true. False: campaign members carry no masked text and no differing spans (their
   * `maskedText` is empty) — for a report that lists only campaigns and flags, which saves masking
   * every member's text.
   */
  withMemberTexts?: boolean;
  /** HMAC-SHA-256 key for reporter linkage keys (the caller holds it). */
  linkageKey: Uint8Array;
  /** Advanced: MinHash/LSH parameters; default `DEFAULT_MINHASH_PARAMS`. */
  minhash?: MinhashParams;
  /** Advanced: document-frequency cut-off; default `DEFAULT_BOILERPLATE_FREQUENCY`. */
  boilerplateFrequency?: BoilerplateFrequencyOptions;
  /**
   * A frozen snapshot to use as is (pass 1 is then skipped): for reproducing a run, or for
   * screening against a server index built with that snapshot.
   */
  boilerplateSnapshot?: BoilerplateSnapshot;
  /**
   * Told when `finish` enters each phase (for a progress display): `link` (similar pairs),
   * `campaigns`, `signals`, `report`. The engine keeps no clock; the caller may time the phases.
   */
  onPhase?: (phase: FinishPhase) => void;
}

/** The phases of `BatchScreener.finish`. */
export type FinishPhase = 'link' | 'campaigns' | 'signals' | 'report';

/** One explained signal (异常提示) on a complaint. Never a verdict. */
export interface Flag {
  code: SignalCode;
  severity: Severity;
  /** Neutral Chinese explanation a person can check. */
  message: string;
  /** Complaint ids the caller may look at; never anonymous complaints for source signals. */
  relatedIds: string[];
}

/** A span of a member's masked text that differs from the campaign template. */
export interface DifferingSpan {
  start: number;
  end: number;
  text: string;
}

/** A campaign member with its differences from the template. */
export interface CampaignMember {
  id: string;
  receivedAt: number;
  /** Jaccard similarity to the member closest to the consensus (the template's source). */
  similarity: number;
  /** Spans of the member's masked text that differ from the template (offsets into `maskedText`). */
  differingSpans: DifferingSpan[];
  /** The member's text with identity values, phones and ID numbers masked. */
  maskedText: string;
}

/** A campaign (雷同举报群): a neutral name for a cluster of highly similar complaints. */
export interface CampaignReport {
  /** Stable for the same set of members: hash of the sorted member ids. */
  id: string;
  complaintIds: string[];
  subjects: { name: string; unit?: string }[];
  distinctReporters: number;
  anonymousCount: number;
  firstAt: number;
  lastAt: number;
  /** Over the verified links of the campaign. */
  similarity: { min: number; median: number; max: number };
  /** Masked consensus template. */
  template: string;
  /** In received order. */
  members: CampaignMember[];
}

/** The screening result of one complaint. */
export interface ComplaintScreening {
  id: string;
  /** 0–100: scored points plus context points where a scored signal is present. */
  anomalyScore: number;
  flags: Flag[];
}

/** Which boilerplate snapshot a report was made with. */
export interface BoilerplateInfo {
  version: string;
  phraseCount: number;
  frequentShingles: number;
}

/** The result of a batch run. */
export interface ScreeningReport {
  /** `SCORING_VERSION`. */
  version: string;
  campaigns: CampaignReport[];
  /** Every added complaint, in input order. */
  complaints: ComplaintScreening[];
  boilerplate: BoilerplateInfo;
  /** Parameters used, so a run can be reproduced. */
  parameters: {
    threshold: number;
    windowDays: number;
    minReporters: number;
    minhash: MinhashParams;
    indexVersion: string;
  };
  /** How much similarity work the run did: pairs verified exactly, and links found. */
  work: { candidatePairs: number; verifiedLinks: number };
}

/**
 * Complaints prepared by `BatchScreener.prepare`: plain data (typed arrays, strings) that can be
 * posted to another thread, the typed arrays' buffers transferred. Opaque to callers.
 */
export interface PreparedComplaints {
  /** The index version and options they were prepared under. */
  readonly preparedFor: string;
  readonly count: number;
  readonly rows: Uint32Array;
  readonly times: Float64Array;
  readonly bands: Uint32Array;
  readonly shingles: Uint32Array;
  readonly texts: Uint16Array;
  readonly items: Uint32Array;
  readonly hashes: Uint32Array;
  readonly strings: string[];
  readonly evidence: { row: number; features: EvidenceFeatures }[];
}

/** What `BatchScreener.add` did with a complaint (a rejected one is a bad row, not screened). */
export type AddResult = { kind: 'added' } | { kind: 'rejected'; reason: string };

/**
 * Two-pass batch screening: `observe` every text (document frequency), then `add` every complaint
 * (the first `add` freezes the boilerplate snapshot), then `finish`.
 */
export interface BatchScreener {
  /** Pass 1: feed a text to the document-frequency count. Ignored after the first `add`. */
  observe(text: string): void;
  /** Pass 2: screen one complaint. Rejects a repeated id or a non-finite `receivedAt`. */
  add(complaint: ScreeningComplaint): AddResult;
  /**
   * Pass 2 in two steps, for worker threads: computes everything about these complaints that does
   * not depend on the other complaints (normalised text, shingles and band hashes under the frozen
   * snapshot, linkage and identity values, pressure language) into transferable arrays. Needs a
   * snapshot: freezes it like `add`. Pure: a screener in another thread created with the same
   * options and `boilerplateSnapshot` prepares exactly what this one would.
   */
  prepare(complaints: readonly ScreeningComplaint[]): PreparedComplaints;
  /**
   * Adds prepared complaints, in order: the same as `add` of each of them (one result per
   * complaint). Throws when they were prepared under another snapshot or other options.
   */
  addPrepared(prepared: PreparedComplaints): AddResult[];
  /** Builds the report. Call once. */
  finish(): ScreeningReport;
  /** The frozen snapshot (freezes it if no complaint was added yet). */
  snapshot(): BoilerplateSnapshot;
}

/** The normalised form of a text with an offset map back to the original. */
export interface NormalizedText {
  text: string;
  /** `offsets[i]` is the index in the original text (UTF-16 units) of normalised character `i`. */
  offsets: Int32Array;
}

/** Everything the similarity machinery needs about one text. */
export interface TextFingerprint {
  /** Sorted unique shingle hashes with boilerplate removed. */
  shingles: Uint32Array;
  signature: Uint32Array;
  /** Band keys stamped with the index version: a signed 64-bit integer a band (`stampedBandKeys`), for PostgreSQL. */
  bandKeys: BigInt64Array;
}

/** A verified similar complaint. */
export interface SimilarityMatch {
  id: string;
  similarity: number;
}

/** Options of reporter linkage-key derivation. */
export interface LinkageKeyOptions {
  linkageKey: Uint8Array;
  withOnlineIds?: boolean;
}
