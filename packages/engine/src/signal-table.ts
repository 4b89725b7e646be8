import type { Severity, SignalCode } from './types.js';

/** Whether a signal adds points on its own (`scored`) or only next to a scored one (`context`). */
export type SignalKind = 'scored' | 'context';

/** One row of the points table (docs/SCREENING.md). */
export interface SignalRule {
  kind: SignalKind;
  points: number;
  severity: Severity;
}

/**
 * The v1 points table (docs/SCREENING.md; `SCORING_VERSION`). Each row says when the signal applies:
 * - COORDINATED_TEXT: member of a campaign — 30, medium; 40, high with ≥ 5 distinct reporters.
 * - SAME_SOURCE: different names share a phone, ID number, house-number address, or (with online
 *   ids) an IP or device — 25, medium.
 * - REPEAT_AFTER_CONCLUSION: same allegation against the same subject after an `unfounded`
 *   conclusion without new substantive facts — 30, high.
 * - COSIGNER_DENIED: a co-signer denies having signed — 30, high.
 * - EVIDENCE_REUSED / EVIDENCE_ALTERED: from features computed outside the engine — 25 / 20, medium.
 * - VOLUME_BURST, KEY_PERIOD, REPEAT_REPORTER, PRESSURE_LANGUAGE, PRIOR_FALSE_ACCUSER: context,
 *   +5 each, info — counted only when a scored signal is present.
 */
export const SIGNAL_TABLE: Readonly<Record<SignalCode, SignalRule>> = Object.freeze({
  COORDINATED_TEXT: { kind: 'scored', points: 30, severity: 'medium' },
  SAME_SOURCE: { kind: 'scored', points: 25, severity: 'medium' },
  REPEAT_AFTER_CONCLUSION: { kind: 'scored', points: 30, severity: 'high' },
  COSIGNER_DENIED: { kind: 'scored', points: 30, severity: 'high' },
  EVIDENCE_REUSED: { kind: 'scored', points: 25, severity: 'medium' },
  EVIDENCE_ALTERED: { kind: 'scored', points: 20, severity: 'medium' },
  VOLUME_BURST: { kind: 'context', points: 5, severity: 'info' },
  KEY_PERIOD: { kind: 'context', points: 5, severity: 'info' },
  REPEAT_REPORTER: { kind: 'context', points: 5, severity: 'info' },
  PRESSURE_LANGUAGE: { kind: 'context', points: 5, severity: 'info' },
  PRIOR_FALSE_ACCUSER: { kind: 'context', points: 5, severity: 'info' },
});

/** COORDINATED_TEXT with at least this many distinct reporters scores 40 and is high. */
export const LARGE_CAMPAIGN_REPORTERS = 5;
/** Points of COORDINATED_TEXT for a large campaign. */
export const LARGE_CAMPAIGN_POINTS = 40;

/** A flag with the points it carries (points are not part of the public flag). */
export interface ScoredFlag {
  code: SignalCode;
  severity: Severity;
  message: string;
  relatedIds: string[];
  points: number;
}

/**
 * The anomaly score: the sum of scored points, plus context points only where at least one scored
 * signal is present, capped at 100. Context signals alone give 0.
 */
export function scoreFlags(flags: readonly ScoredFlag[]): number {
  let scored = 0;
  let context = 0;
  for (const flag of flags) {
    if (SIGNAL_TABLE[flag.code].kind === 'scored') {
      scored += flag.points;
    } else {
      context += flag.points;
    }
  }
  return scored === 0 ? 0 : Math.min(100, scored + context);
}
