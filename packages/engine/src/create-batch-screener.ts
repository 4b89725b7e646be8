import { bandHashesInto, indexVersion } from './band-keys.js';
import { buildCampaignReport, type CampaignMemberInput } from './build-campaign-report.js';
import { calendarDay, formatDay } from './calendar-day.js';
import { detectPressureLanguage, findKeyPeriods, findPressureLanguage, findVolumeBursts } from './context-signals.js';
import { createBoilerplateBuilder, type BoilerplateBuilder } from './create-boilerplate-builder.js';
import { GrowableUint32Array } from './growable-array.js';
import { linkSimilarComplaints } from './link-similar-complaints.js';
import { linkageValues, type LinkageKind } from './linkage-keys.js';
import { identityValuesOf } from './mask-text.js';
import { checkMinhashParams, DEFAULT_MINHASH_PARAMS, minhashInto } from './minhash-signature.js';
import { normalizeIntoScratch, normalizeKeepingDigits } from './normalize-text.js';
import { findRepeatsAfterConclusion } from './repeat-after-conclusion.js';
import { groupReporters } from './reporter-groups.js';
import { RecordStore } from './record-store.js';
import { MAX_RELATED_IDS, NONE, type ScreeningRecord } from './screening-record.js';
import { exclusionOf, shingleUnitsScratch, type Exclusion } from './shingle-hashes.js';
import { ShingleStore } from './shingle-store.js';
import {
  LARGE_CAMPAIGN_POINTS,
  LARGE_CAMPAIGN_REPORTERS,
  SIGNAL_TABLE,
  scoreFlags,
  type ScoredFlag,
} from './signal-table.js';
import { findPriorFalseAccusers, findRepeatReporters, findSameSource } from './source-signals.js';
import { SubjectRegistry } from './subject-registry.js';
import {
  SCORING_VERSION,
  type AddResult,
  type BatchScreener,
  type BoilerplateSnapshot,
  type CampaignReport,
  type ComplaintScreening,
  type MinhashParams,
  type ScreeningComplaint,
  type ScreeningOptions,
  type ScreeningReport,
} from './types.js';

/**
 * Default campaign threshold: Jaccard similarity of character 4-gram sets after boilerplate
 * removal. Heavily edited copies (≤ 35% of the text changed) keep about 0.3–0.5 to their closest
 * fellow copy, while honest reports of one event in their own words and unrelated complaints that
 * share a form-letter frame stay below it once the frame's shingles are removed.
 */
export const DEFAULT_THRESHOLD = 0.33;
/** Default link window: calendar days (+08:00) between two complaints of one campaign link. */
export const DEFAULT_WINDOW_DAYS = 30;
/** Default number of distinct reporters a campaign needs. */
export const DEFAULT_MIN_REPORTERS = 3;

/**
 * Checks batch options; returns what is wrong (an empty list when they are usable). The CLI calls
 * it at its boundary; `createBatchScreener` throws on options that fail it.
 */
export function checkScreeningOptions(options: ScreeningOptions): string[] {
  const problems: string[] = [];
  const { threshold, windowDays, minReporters } = options;
  if (threshold !== undefined && !(threshold > 0 && threshold <= 1)) {
    problems.push('threshold must be above 0 and at most 1');
  }
  if (windowDays !== undefined && !(Number.isInteger(windowDays) && windowDays >= 0)) {
    problems.push('windowDays must be a whole number of days, 0 or more');
  }
  if (minReporters !== undefined && !(Number.isInteger(minReporters) && minReporters >= 1)) {
    problems.push('minReporters must be a whole number, 1 or more');
  }
  if (!(options.linkageKey instanceof Uint8Array) || options.linkageKey.length < 16) {
    problems.push('linkageKey must be at least 16 bytes');
  }
  for (const period of options.keyPeriods ?? []) {
    if (!Number.isFinite(period.from) || !Number.isFinite(period.to) || period.from > period.to) {
      problems.push(`key period “${period.name}” needs from ≤ to`);
    }
  }
  const minhash = options.minhash ?? DEFAULT_MINHASH_PARAMS;
  const paramsProblem = checkMinhashParams(minhash);
  if (paramsProblem !== null) {
    problems.push(paramsProblem);
  }
  if (options.boilerplateSnapshot !== undefined && options.boilerplateSnapshot.shingleSize !== minhash.shingleSize) {
    problems.push('the boilerplate snapshot and the MinHash parameters use different shingle sizes');
  }
  return problems;
}

const ADDED: AddResult = Object.freeze({ kind: 'added' });

function flagOf(code: ScoredFlag['code'], message: string, relatedIds: string[]): ScoredFlag {
  const rule = SIGNAL_TABLE[code];
  return { code, severity: rule.severity, points: rule.points, message, relatedIds };
}

/**
 * Batch screening (`zhengming screen`, DESIGN §5): pass 1 `observe`s every text for the
 * document-frequency part of the boilerplate snapshot; the first `add` freezes the snapshot (or
 * `options.boilerplateSnapshot` is used as given); `finish` links similar complaints (LSH
 * candidates, exact Jaccard, window), forms campaigns, computes every signal and scores.
 * Deterministic: the same complaints give the same report whatever their order, except that
 * `complaints` follows the input order.
 */
export function createBatchScreener(options: ScreeningOptions): BatchScreener {
  const problems = checkScreeningOptions(options);
  if (problems.length > 0) {
    throw new RangeError(`createBatchScreener: ${problems.join('; ')}`);
  }
  const params: MinhashParams = { ...(options.minhash ?? DEFAULT_MINHASH_PARAMS) };
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const minReporters = options.minReporters ?? DEFAULT_MIN_REPORTERS;
  const withOnlineIds = options.withOnlineIds ?? false;
  const builder: BoilerplateBuilder | null =
    options.boilerplateSnapshot === undefined
      ? createBoilerplateBuilder({
          ...(options.boilerplatePhrases === undefined ? {} : { phrases: options.boilerplatePhrases }),
          ...(options.boilerplateFrequency === undefined ? {} : { frequency: options.boilerplateFrequency }),
          minhash: params,
        })
      : null;
  let snapshot: BoilerplateSnapshot | null = options.boilerplateSnapshot ?? null;
  let excluded: Exclusion | null = null;
  let isFinished = false;

  const store = new RecordStore();
  let records: ScreeningRecord[] = [];
  const recordIndex = new Map<string, number>();
  const shingleStore = new ShingleStore();
  // Band-major: one growable column per band, so linking reads each band contiguously.
  const bandColumns = Array.from({ length: params.bands }, () => new GrowableUint32Array(1024));
  const signature = new Uint32Array(params.numHashes);
  const bandScratch = new Uint32Array(params.bands);
  const hasContent = new GrowableUint32Array(1024);
  const subjects = new SubjectRegistry();
  const linkageIds = new Map<string, number>();

  const freeze = (): BoilerplateSnapshot => {
    if (snapshot === null) {
      snapshot = builder === null ? null : builder.freeze();
    }
    if (snapshot === null) {
      throw new Error('createBatchScreener: no boilerplate snapshot');
    }
    excluded = exclusionOf(snapshot);
    return snapshot;
  };

  const add = (complaint: ScreeningComplaint): AddResult => {
    if (isFinished) {
      return { kind: 'rejected', reason: 'the batch is already finished' };
    }
    if (typeof complaint.id !== 'string' || complaint.id === '') {
      return { kind: 'rejected', reason: 'id is missing' };
    }
    if (recordIndex.has(complaint.id)) {
      return { kind: 'rejected', reason: `id ${complaint.id} appears more than once` };
    }
    if (!Number.isFinite(complaint.receivedAt)) {
      return { kind: 'rejected', reason: 'receivedAt is not a valid time' };
    }
    if (typeof complaint.text !== 'string') {
      return { kind: 'rejected', reason: 'text is missing' };
    }
    const current = snapshot ?? freeze();
    recordIndex.set(complaint.id, store.count);
    const { units, length } = normalizeIntoScratch(complaint.text);
    const shingles = shingleUnitsScratch(units, length, current.shingleSize, excluded);
    shingleStore.add(shingles);
    if (shingles.length > 0) {
      minhashInto(shingles, params, signature);
      bandHashesInto(signature, params, bandScratch, 0);
      hasContent.push(1);
    } else {
      bandScratch.fill(0);
      hasContent.push(0);
    }
    for (let band = 0; band < params.bands; band += 1) {
      bandColumns[band]?.push(bandScratch[band] ?? 0);
    }
    const reporter = complaint.isAnonymous ? null : complaint.reporter;
    const values = linkageValues(complaint.reporter, withOnlineIds && complaint.channel === 'online');
    const linkage: number[] = [];
    const linkageKinds: LinkageKind[] = [];
    for (const { kind, value } of values) {
      const key = `${kind}:${value}`;
      let id = linkageIds.get(key);
      if (id === undefined) {
        id = linkageIds.size;
        linkageIds.set(key, id);
      }
      if (!linkage.includes(id)) {
        linkage.push(id);
        linkageKinds.push(kind);
      }
    }
    const subjectIds = complaint.subjects.map((subject) => subjects.intern(subject));
    const candidateSubjects = complaint.subjects.flatMap((subject, position) =>
      subject.isCandidate ? [subjectIds[position] ?? 0] : [],
    );
    const name = reporter?.name === undefined ? '' : normalizeKeepingDigits(reporter.name);
    const identityValues = identityValuesOf(complaint.reporter, complaint.cosigners);
    store.add({
      id: complaint.id,
      receivedAt: complaint.receivedAt,
      day: calendarDay(complaint.receivedAt),
      text: complaint.text,
      isAnonymous: complaint.isAnonymous,
      channel: complaint.channel,
      name: name === '' ? null : name,
      linkage: linkage.length === 0 ? NONE : linkage,
      linkageKinds: linkageKinds.length === 0 ? NONE : linkageKinds,
      subjects: subjectIds,
      candidateSubjects: candidateSubjects.length === 0 ? NONE : candidateSubjects,
      identityValues: identityValues.length === 0 ? NONE : identityValues,
      cosignerCount: complaint.cosigners.length,
      deniedCosigners: complaint.cosigners.filter((cosigner) => cosigner.isDenied).length,
      conclusion: complaint.conclusion ?? null,
      finding: complaint.finding ?? null,
      concludedAt: complaint.concludedAt ?? null,
      evidence: complaint.evidence ?? null,
      pressure: detectPressureLanguage(complaint.text),
    });
    return ADDED;
  };

  const finish = (): ScreeningReport => {
    if (isFinished) {
      throw new Error('createBatchScreener: finish was already called');
    }
    isFinished = true;
    const current = snapshot ?? freeze();
    const onPhase = options.onPhase ?? ((): void => undefined);
    onPhase('link');
    // Linkage values were interned only to compare them; free the map before the peak of finish.
    linkageIds.clear();
    records = store.records();
    const count = records.length;
    const flags: ScoredFlag[][] = records.map(() => []);
    const days = new Int32Array(count);
    for (const record of records) {
      days[record.index] = record.day;
    }
    const shinglesOf = (index: number): Uint32Array => shingleStore.get(index);
    const { roots, candidatePairs, verifiedLinks } = linkSimilarComplaints({
      count,
      bands: params.bands,
      bandHashes: bandColumns.map((column) => column.view),
      hasContent: Uint8Array.from(hasContent.view.subarray(0, count)),
      days,
      shingles: shinglesOf,
      ids: records.map((record) => record.id),
      threshold,
      windowDays,
    });
    // The band hashes are not needed after linking.
    bandColumns.splice(0);
    onPhase('campaigns');
    const groups = groupReporters(records);
    const campaigns = formCampaigns(roots, groups);
    for (const { report } of campaigns) {
      addCoordinatedText(report);
    }
    onPhase('signals');
    findSameSource(records, flags);
    findRepeatsAfterConclusion(records, subjects, shinglesOf, (index) => store.text(index), flags);
    findRepeatReporters(records, groups, subjects, flags);
    findPriorFalseAccusers(records, groups, flags);
    findVolumeBursts(records, subjects, flags);
    findKeyPeriods(records, subjects, options.keyPeriods ?? [], flags);
    findPressureLanguage(records, flags);
    addRecordSignals(flags);

    onPhase('report');
    const complaints: ComplaintScreening[] = records.map((record) => {
      const own = flags[record.index] ?? [];
      own.sort((a, b) => b.points - a.points || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      return {
        id: record.id,
        anomalyScore: scoreFlags(own),
        flags: own.map(({ code, severity, message, relatedIds }) => ({ code, severity, message, relatedIds })),
      };
    });
    return {
      version: SCORING_VERSION,
      campaigns: campaigns.map(({ report }) => report),
      complaints,
      boilerplate: {
        version: current.version,
        phraseCount: current.phrases.length,
        frequentShingles: current.frequentShingles.length,
      },
      parameters: { threshold, windowDays, minReporters, minhash: params, indexVersion: indexVersion(current, params) },
      work: { candidatePairs, verifiedLinks },
    };

    function formCampaigns(rootsOf: Int32Array, reporterGroups: Int32Array): { report: CampaignReport }[] {
      // Only components of two or more complaints can be campaigns: count first, collect those.
      const sizes = new Int32Array(count);
      for (let i = 0; i < count; i += 1) {
        const root = rootsOf[i] ?? i;
        sizes[root] = (sizes[root] ?? 0) + 1;
      }
      const components = new Map<number, number[]>();
      for (let i = 0; i < count; i += 1) {
        const root = rootsOf[i] ?? i;
        if ((sizes[root] ?? 0) < 2) {
          continue;
        }
        const list = components.get(root);
        if (list === undefined) {
          components.set(root, [i]);
        } else {
          list.push(i);
        }
      }
      const formed: { report: CampaignReport }[] = [];
      for (const members of components.values()) {
        if (members.length < 2) {
          continue;
        }
        const reporterSet = new Set<number>();
        let anonymousCount = 0;
        let ownReporters = 0;
        for (const index of members) {
          const record = records[index];
          if (record === undefined) {
            continue;
          }
          if (record.isAnonymous) {
            anonymousCount += 1;
          } else {
            const group = reporterGroups[index] ?? -1;
            if (group >= 0) {
              reporterSet.add(group);
            } else {
              ownReporters += 1;
            }
          }
        }
        const distinctReporters = reporterSet.size + anonymousCount + ownReporters;
        if (distinctReporters < minReporters) {
          continue;
        }
        const subjectIds = new Set<number>();
        const inputs: CampaignMemberInput[] = [];
        for (const index of members) {
          const record = records[index];
          if (record === undefined) {
            continue;
          }
          for (const id of record.subjects) {
            subjectIds.add(subjects.canonicalOf(id));
          }
          inputs.push({
            id: record.id,
            receivedAt: record.receivedAt,
            day: record.day,
            text: store.text(index),
            shingles: shinglesOf(index),
            identityValues: store.identityValues(index),
          });
        }
        const subjectLabels = [...subjectIds]
          .map((id) => subjects.label(id))
          .sort((a, b) => (a.name + (a.unit ?? '') < b.name + (b.unit ?? '') ? -1 : 1));
        const report = buildCampaignReport(inputs, {
          shingleSize: current.shingleSize,
          exclusion: exclusionOf(current),
          windowDays,
          subjects: subjectLabels,
          distinctReporters,
          anonymousCount,
        });
        formed.push({ report });
      }
      formed.sort((a, b) => a.report.firstAt - b.report.firstAt || (a.report.id < b.report.id ? -1 : 1));
      return formed;
    }

    function addCoordinatedText(report: CampaignReport): void {
      const isLarge = report.distinctReporters >= LARGE_CAMPAIGN_REPORTERS;
      const others = report.complaintIds.length - 1;
      const message =
        `内容高度雷同：与本批另外${others}件举报的文字高度相似（相似度${report.similarity.min.toFixed(2)}–${report.similarity.max.toFixed(2)}），` +
        `来自${report.distinctReporters}个不同的举报来源（其中匿名${report.anonymousCount}件），` +
        `收件时间${formatDay(report.firstAt)}至${formatDay(report.lastAt)}；见雷同举报群${report.id}。雷同不等于不实，请人工研判。`;
      const total = report.members.length;
      report.members.forEach((member, position) => {
        const index = recordIndex.get(member.id);
        if (index === undefined) {
          return;
        }
        // The nearest members in time, at most MAX_RELATED_IDS (the campaign lists all of them).
        const from = Math.max(0, Math.min(position - (MAX_RELATED_IDS >> 1), total - MAX_RELATED_IDS - 1));
        const near = report.members
          .slice(from, from + MAX_RELATED_IDS + 1)
          .filter((other) => other.id !== member.id)
          .slice(0, MAX_RELATED_IDS)
          .map((other) => other.id);
        const flag = flagOf('COORDINATED_TEXT', message, near);
        if (isLarge) {
          flag.points = LARGE_CAMPAIGN_POINTS;
          flag.severity = 'high';
        }
        flags[index]?.push(flag);
      });
    }

    function addRecordSignals(all: ScoredFlag[][]): void {
      for (const record of records) {
        const own = all[record.index];
        if (own === undefined) {
          continue;
        }
        if (record.deniedCosigners > 0) {
          own.push(
            flagOf(
              'COSIGNER_DENIED',
              `联名人中有${record.deniedCosigners}人（共${record.cosignerCount}名联名人）否认曾在本件上签名。`,
              [],
            ),
          );
        }
        const evidence = record.evidence;
        if (evidence !== null && evidence.reusedWith.length > 0) {
          const related = evidence.reusedWith.filter((id) => id !== record.id && recordIndex.has(id));
          own.push(
            flagOf(
              'EVIDENCE_REUSED',
              `所附材料与另外${new Set(evidence.reusedWith).size}件举报所附材料相同或近似。`,
              [...new Set(related)].slice(0, MAX_RELATED_IDS),
            ),
          );
        }
        if (evidence !== null && evidence.altered) {
          own.push(
            flagOf(
              'EVIDENCE_ALTERED',
              `所附材料的元数据显示编辑痕迹或时间异常${evidence.alteredReason === undefined ? '' : `：${evidence.alteredReason}`}。`,
              [],
            ),
          );
        }
      }
    }
  };

  return {
    observe(text: string): void {
      if (snapshot === null && builder !== null && records.length === 0) {
        builder.observe(text);
      }
    },
    add,
    finish,
    snapshot: () => snapshot ?? freeze(),
  };
}
