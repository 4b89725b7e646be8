import type { LinkageKind } from './linkage-keys.js';
import type { Channel, Conclusion, EvidenceFeatures, Finding } from './types.js';

/**
 * The compact form in which a batch keeps one complaint between `add` and `finish` (the full
 * input object is not retained: a million of them would not fit).
 */
export interface ScreeningRecord {
  id: string;
  index: number;
  receivedAt: number;
  /** Calendar day in +08:00. */
  day: number;
  text: string;
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
  /** Identity values of the reporter and co-signers, masked wherever text is quoted. */
  identityValues: readonly string[];
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
