import type { LinkageKind } from './linkage-keys.js';
import type { Channel, Conclusion, EvidenceFeatures, Finding } from './types.js';

/**
 * One complaint as the signal rules see it at finish (built from the batch's `RecordStore`; its
 * text and identity values are read from the store where needed).
 */
export interface ScreeningRecord {
  id: string;
  index: number;
  receivedAt: number;
  /** Calendar day in +08:00. */
  day: number;
  isAnonymous: boolean;
  channel: Channel;
  /** Normalised reporter name, or null. */
  name: string | null;
  /** Interned linkage values and, in parallel, their kinds. */
  linkage: readonly number[];
  linkageKinds: readonly LinkageKind[];
  /** Interned subject ids. */
  subjects: readonly number[];
  candidateSubjects: readonly number[];
  cosignerCount: number;
  deniedCosigners: number;
  conclusion: Conclusion | null;
  finding: Finding | null;
  concludedAt: number | null;
  evidence: EvidenceFeatures | null;
  /** Which pressure-language pattern the text contains, if any. */
  pressure: string | null;
}

/** Related ids listed in one flag at most (the message always gives the full count). */
export const MAX_RELATED_IDS = 50;

/** A shared empty array, so a million records without co-signers do not each hold one. */
export const NONE: readonly never[] = Object.freeze([]);
