import { formatDay } from './calendar-day.js';
import { compareFacts, extractFacts, type ComplaintFacts } from './extract-facts.js';
import { jaccard } from './jaccard.js';
import { MAX_RELATED_IDS, type ScreeningRecord } from './screening-record.js';
import { SIGNAL_TABLE, type ScoredFlag } from './signal-table.js';
import type { SubjectRegistry } from './subject-registry.js';

/** Text similarity at which a complaint repeats a concluded one when it names no new facts. */
export const REPEAT_TEXT_SIMILARITY = 0.3;
/** With at least one shared specific fact, a lower text similarity suffices (a re-worded repeat). */
export const REPEAT_REWORDED_SIMILARITY = 0.15;
/** Or at least this many shared specific facts, whatever the wording. */
const REPEAT_SHARED_FACTS = 2;

/** How a later complaint relates to one concluded complaint. */
interface RepeatMatch {
  concluded: ScreeningRecord;
  similarity: number;
  sharedFacts: string[];
  kinds: string[];
}

/**
 * REPEAT_AFTER_CONCLUSION: a complaint received after another complaint against the same subject
 * was concluded `unfounded` (never `partly_substantiated` or any other conclusion), that makes the
 * same allegation without new substantive facts. Judged by text similarity and by the facts named:
 * every allegation kind must be among the concluded complaint's, no amount, year, project, place or
 * person may be new, and either the texts are similar or they share specific facts (so a re-worded
 * repeat is caught, while a new allegation of the same kind — new amounts, projects… — is not).
 */
export function findRepeatsAfterConclusion(
  records: readonly ScreeningRecord[],
  subjects: SubjectRegistry,
  shingles: (index: number) => Uint32Array,
  textOf: (index: number) => string,
  flags: ScoredFlag[][],
): void {
  const concludedBySubject = new Map<number, ScreeningRecord[]>();
  for (const record of records) {
    if (record.conclusion !== 'unfounded' || record.concludedAt === null) {
      continue;
    }
    for (const subject of new Set(record.subjects.map((id) => subjects.canonicalOf(id)))) {
      const list = concludedBySubject.get(subject);
      if (list === undefined) {
        concludedBySubject.set(subject, [record]);
      } else {
        list.push(record);
      }
    }
  }
  if (concludedBySubject.size === 0) {
    return;
  }
  const facts = new Map<number, ComplaintFacts>();
  const factsOf = (record: ScreeningRecord): ComplaintFacts => {
    let held = facts.get(record.index);
    if (held === undefined) {
      held = extractFacts(textOf(record.index));
      facts.set(record.index, held);
    }
    return held;
  };
  for (const record of records) {
    const matches: RepeatMatch[] = [];
    const seen = new Set<number>();
    for (const subject of record.subjects.map((id) => subjects.canonicalOf(id))) {
      for (const concluded of concludedBySubject.get(subject) ?? []) {
        if (
          concluded === record ||
          seen.has(concluded.index) ||
          concluded.concludedAt === null ||
          concluded.concludedAt >= record.receivedAt
        ) {
          continue;
        }
        seen.add(concluded.index);
        const later = factsOf(record);
        const earlier = factsOf(concluded);
        const similarity = jaccard(shingles(record.index), shingles(concluded.index));
        const comparison = compareFacts(later, earlier);
        const isSameKind = comparison.isSameKind || (later.kinds.size === 0 && similarity >= 0.5);
        const shared = comparison.sharedSpecific;
        const isSameMatter =
          similarity >= REPEAT_TEXT_SIMILARITY ||
          shared >= REPEAT_SHARED_FACTS ||
          (shared >= 1 && similarity >= REPEAT_REWORDED_SIMILARITY);
        if (isSameKind && comparison.newFacts.length === 0 && isSameMatter) {
          matches.push({ concluded, similarity, sharedFacts: comparison.sharedFacts, kinds: [...later.kinds] });
        }
      }
    }
    if (matches.length === 0) {
      continue;
    }
    matches.sort((a, b) => b.similarity - a.similarity || a.concluded.index - b.concluded.index);
    const best = matches[0];
    if (best === undefined) {
      continue;
    }
    const subjectName = subjects.label(best.concluded.subjects[0] ?? 0).name;
    const kinds = best.kinds.length > 0 ? `（${best.kinds.join('、')}）` : '';
    const shared = best.sharedFacts.length > 0 ? `所列事实（${best.sharedFacts.join('、')}）均已在该件中出现，` : '';
    const rule = SIGNAL_TABLE.REPEAT_AFTER_CONCLUSION;
    flags[record.index]?.push({
      code: 'REPEAT_AFTER_CONCLUSION',
      severity: rule.severity,
      points: rule.points,
      message: `被反映人${subjectName}的同类问题${kinds}已于${formatDay(best.concluded.concludedAt ?? 0)}办结，结论为不实（${best.concluded.id}）；本件与该件文本相似度${best.similarity.toFixed(2)}，${shared}未见新的具体事实。请人工核实是否为重复举报。`,
      relatedIds: matches.slice(0, MAX_RELATED_IDS).map((match) => match.concluded.id),
    });
  }
}
