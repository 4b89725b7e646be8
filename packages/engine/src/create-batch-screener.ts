import { indexVersion } from './band-keys.js';
import { buildCampaignReport, type CampaignMemberInput } from './build-campaign-report.js';
import { formatDay } from './calendar-day.js';
import { findKeyPeriods, findPressureLanguage, findVolumeBursts } from './context-signals.js';
import { createBoilerplateBuilder, type BoilerplateBuilder } from './create-boilerplate-builder.js';
import { GrowableUint32Array } from './growable-array.js';
import { linkSimilarComplaints } from './link-similar-complaints.js';
import { checkMinhashParams, DEFAULT_MINHASH_PARAMS } from './minhash-signature.js';
import {
  ComplaintPreparer,
  PREPARED_STATUS,
  ROW,
  ROW_FIELDS,
  SUBJECT_HAS_UNIT,
  SUBJECT_HAS_WRITTEN_NAME,
  SUBJECT_HAS_WRITTEN_UNIT,
  SUBJECT_IS_CANDIDATE,
} from './prepared-complaints.js';
import { findRepeatsAfterConclusion } from './repeat-after-conclusion.js';
import { groupReporters } from './reporter-groups.js';
import { RecordStore } from './record-store.js';
import { MAX_RELATED_IDS, type ScreeningRecord } from './screening-record.js';
import { exclusionOf, type Exclusion } from './shingle-hashes.js';
import { ShingleStore } from './shingle-store.js';
import {
  LARGE_CAMPAIGN_POINTS,
  LARGE_CAMPAIGN_REPORTERS,
  SIGNAL_TABLE,
  scoreFlags,
  type ScoredFlag,
} from './signal-table.js';
import { findPriorFalseAccusers, findRepeatReporters, findSameSource } from './source-signals.js';
import { StringTable, tableHash } from './string-table.js';
import { SubjectRegistry } from './subject-registry.js';
import {
  SCORING_VERSION,
  type AddResult,
  type BatchScreener,
  type BoilerplateSnapshot,
  type CampaignReport,
  type ComplaintScreening,
  type EvidenceFeatures,
  type MinhashParams,
  type PreparedComplaints,
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

/** How many strings a prepared complaint that is `ok` holds after its id (to skip it). */
function preparedStringCount(rows: Uint32Array, base: number, items: Uint32Array, itemAt: number): number {
  const linkageCount = rows[base + ROW.linkageCount] ?? 0;
  const subjectCount = rows[base + ROW.subjectCount] ?? 0;
  let count = 1 + linkageCount;
  for (let k = 0; k < subjectCount; k += 1) {
    const flags = items[itemAt + linkageCount + k] ?? 0;
    count +=
      1 + ((flags & SUBJECT_HAS_WRITTEN_NAME) === 0 ? 0 : 1) + ((flags & SUBJECT_HAS_WRITTEN_UNIT) === 0 ? 0 : 1);
  }
  return count;
}

function flagOf(code: ScoredFlag['code'], message: string, relatedIds: string[]): ScoredFlag {
  const rule = SIGNAL_TABLE[code];
  return { code, severity: rule.severity, points: rule.points, message, relatedIds };
}

/**
 * Batch screening (`zhengming screen`, docs/SCREENING.md): pass 1 `observe`s every text for the
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
  // Complaint id → index (a repeated id is rejected, so table ids are store indexes).
  const recordIndex = new StringTable();
  const shingleStore = new ShingleStore();
  // Band-major: one growable column per band, so linking reads each band contiguously.
  const bandColumns = Array.from({ length: params.bands }, () => new GrowableUint32Array(1024));
  const hasContent = new GrowableUint32Array(1024);
  const subjects = new SubjectRegistry();
  const linkageIds = new StringTable();

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

  // What prepared complaints are valid for: a worker's screener must use the same snapshot and options.
  const preparedForOf = (current: BoilerplateSnapshot): string =>
    `${indexVersion(current, params)}|${withOnlineIds ? 'online' : 'offline'}`;
  let preparer: ComplaintPreparer | null = null;
  const preparerOf = (): ComplaintPreparer => {
    if (preparer === null) {
      const current = snapshot ?? freeze();
      preparer = new ComplaintPreparer(
        preparedForOf(current),
        excluded ?? exclusionOf(current),
        current.shingleSize,
        params,
        withOnlineIds,
      );
    }
    return preparer;
  };

  const indexOfId = (id: string): number => recordIndex.find(id, tableHash(id));

  // Positions of the current prepared batch that were added, for `appendBandColumns`.
  const addedPositions = new GrowableUint32Array(4096);
  const subjectIdsScratch: number[] = [];
  const candidateScratch: boolean[] = [];

  /**
   * Adds prepared complaints in order; `onResult` is told each one's result. With `ownsTexts` the
   * store keeps the batch's packed texts as they are (they are not reused); otherwise it copies them.
   */
  const insertPrepared = (
    prepared: PreparedComplaints,
    ownsTexts: boolean,
    onResult: (position: number, result: AddResult) => void,
  ): void => {
    const current = snapshot ?? freeze();
    if (prepared.preparedFor !== preparedForOf(current)) {
      throw new Error('addPrepared: the complaints were prepared under another snapshot or other options');
    }
    const { rows, times, bands, shingles, texts, items, hashes, strings } = prepared;
    const bandCount = params.bands;
    const evidence = new Map<number, EvidenceFeatures>();
    for (const { row, features } of prepared.evidence) {
      evidence.set(row, features);
    }
    const textChunk = ownsTexts ? store.adoptUnits(texts) : -1;
    let stringAt = 0;
    let itemAt = 0;
    let shingleAt = 0;
    let textAt = 0;
    let hashAt = 0;
    for (let position = 0; position < prepared.count; position += 1) {
      const base = position * ROW_FIELDS;
      const id = strings[stringAt] ?? '';
      stringAt += 1;
      // The id's hash, then the linkage values', then the subject keys' (none unless the complaint is ok).
      const idHash = hashes[hashAt] ?? 0;
      const linkageHashAt = hashAt + 1;
      const subjectHashAt = linkageHashAt + (rows[base + ROW.linkageCount] ?? 0);
      hashAt = subjectHashAt + (rows[base + ROW.subjectCount] ?? 0);
      const status = rows[base + ROW.status] ?? PREPARED_STATUS.missingId;
      if (isFinished) {
        onResult(position, { kind: 'rejected', reason: 'the batch is already finished' });
        continue;
      }
      if (status === PREPARED_STATUS.missingId) {
        onResult(position, { kind: 'rejected', reason: 'id is missing' });
        continue;
      }
      if (recordIndex.find(id, idHash) >= 0) {
        onResult(position, { kind: 'rejected', reason: `id ${id} appears more than once` });
        // A repeated id's other strings, items, shingles and text are skipped with it.
        if (status === PREPARED_STATUS.ok) {
          stringAt += preparedStringCount(rows, base, items, itemAt);
          itemAt += (rows[base + ROW.linkageCount] ?? 0) + (rows[base + ROW.subjectCount] ?? 0);
          shingleAt += rows[base + ROW.shingleCount] ?? 0;
          textAt += rows[base + ROW.textLength] ?? 0;
          const identityCount = rows[base + ROW.identityCount] ?? 0;
          for (let k = 0; k < identityCount; k += 1) {
            textAt += items[itemAt] ?? 0;
            itemAt += 1;
          }
        }
        continue;
      }
      if (status === PREPARED_STATUS.badTime) {
        onResult(position, { kind: 'rejected', reason: 'receivedAt is not a valid time' });
        continue;
      }
      if (status === PREPARED_STATUS.missingText) {
        onResult(position, { kind: 'rejected', reason: 'text is missing' });
        continue;
      }
      recordIndex.add(id, idHash);
      const shingleCount = rows[base + ROW.shingleCount] ?? 0;
      shingleStore.add(shingles.subarray(shingleAt, shingleAt + shingleCount));
      shingleAt += shingleCount;
      hasContent.push(rows[base + ROW.hasContent] ?? 0);
      addedPositions.push(position);
      const name = strings[stringAt] ?? '';
      stringAt += 1;
      store.add({
        id,
        receivedAt: times[position * 2] ?? 0,
        concludedAt: times[position * 2 + 1] ?? Number.NaN,
        day: (rows[base + ROW.day] ?? 0) | 0,
        codes: rows[base + ROW.codes] ?? 0,
        cosigners: rows[base + ROW.cosigners] ?? 0,
        name: name === '' ? null : name,
        evidence: evidence.get(position) ?? null,
      });
      const linkageCount = rows[base + ROW.linkageCount] ?? 0;
      for (let k = 0; k < linkageCount; k += 1) {
        const linkageHash = hashes[linkageHashAt + k] ?? 0;
        store.addLinkage(linkageIds.intern(strings[stringAt] ?? '', linkageHash), items[itemAt] ?? 0);
        stringAt += 1;
        itemAt += 1;
      }
      // A subject named twice is a candidate when either mention says so.
      const subjectCount = rows[base + ROW.subjectCount] ?? 0;
      subjectIdsScratch.length = 0;
      candidateScratch.length = 0;
      for (let k = 0; k < subjectCount; k += 1) {
        const flags = items[itemAt] ?? 0;
        itemAt += 1;
        const key = strings[stringAt] ?? '';
        stringAt += 1;
        let writtenName: string | undefined;
        if ((flags & SUBJECT_HAS_WRITTEN_NAME) !== 0) {
          writtenName = strings[stringAt] ?? '';
          stringAt += 1;
        }
        let writtenUnit: string | undefined;
        if ((flags & SUBJECT_HAS_WRITTEN_UNIT) !== 0) {
          writtenUnit = strings[stringAt] ?? '';
          stringAt += 1;
        }
        subjectIdsScratch.push(
          subjects.internKey(
            key,
            hashes[subjectHashAt + k] ?? 0,
            (flags & SUBJECT_HAS_UNIT) !== 0,
            writtenName,
            writtenUnit,
          ),
        );
        candidateScratch.push((flags & SUBJECT_IS_CANDIDATE) !== 0);
      }
      for (let k = 0; k < subjectCount; k += 1) {
        const subject = subjectIdsScratch[k] ?? 0;
        let isCandidate = false;
        for (let other = 0; other < subjectCount; other += 1) {
          if (subjectIdsScratch[other] === subject && candidateScratch[other] === true) {
            isCandidate = true;
          }
        }
        store.addSubject(subject, isCandidate);
      }
      const textLength = rows[base + ROW.textLength] ?? 0;
      if (ownsTexts) {
        store.addTextIn(textChunk, textAt, textLength);
      } else {
        store.addText(texts, textAt, textLength);
      }
      textAt += textLength;
      const identityCount = rows[base + ROW.identityCount] ?? 0;
      for (let k = 0; k < identityCount; k += 1) {
        const length = items[itemAt] ?? 0;
        itemAt += 1;
        if (ownsTexts) {
          store.addIdentityValueIn(textChunk, textAt, length);
        } else {
          store.addIdentityValue(texts, textAt, length);
        }
        textAt += length;
      }
      onResult(position, ADDED);
    }
    appendBandColumns(bands, bandCount);
  };

  /** Appends the band hashes of the complaints just added, band by band (the batch keeps them band-major). */
  const appendBandColumns = (bands: Uint32Array, bandCount: number): void => {
    const added = addedPositions.length;
    const positions = addedPositions.view;
    for (let band = 0; band < bandCount; band += 1) {
      const column = bandColumns[band];
      if (column === undefined) {
        continue;
      }
      column.reserve(added);
      const data = column.view;
      const start = column.length;
      for (let k = 0; k < added; k += 1) {
        data[start + k] = bands[(positions[k] ?? 0) * bandCount + band] ?? 0;
      }
      column.length = start + added;
    }
    addedPositions.length = 0;
  };

  let singleResult: AddResult = ADDED;
  const keepSingleResult = (_position: number, result: AddResult): void => {
    singleResult = result;
  };
  const add = (complaint: ScreeningComplaint): AddResult => {
    if (isFinished) {
      return { kind: 'rejected', reason: 'the batch is already finished' };
    }
    const single = preparerOf();
    single.clear();
    single.prepare(complaint);
    insertPrepared(single.peek(), false, keepSingleResult);
    single.clear();
    return singleResult;
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
    // The last rule that reads texts and shingle sets (most of the batch's memory), run before the
    // other signals so that they can go before those rules and the report add to the peak. Flags are
    // ordered by points and code at the end, so the order rules run in does not show.
    findRepeatsAfterConclusion(records, subjects, shinglesOf, (index) => store.text(index), flags);
    store.dropTexts();
    shingleStore.clear();
    onPhase('signals');
    findSameSource(records, flags);
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
        // Most complaints have no flag: their own empty list will do.
        flags:
          own.length === 0
            ? own
            : own.map(({ code, severity, message, relatedIds }) => ({ code, severity, message, relatedIds })),
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
            // Decoded only when read: without member texts, only the template's source is.
            get text(): string {
              return store.text(index);
            },
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
          withMemberTexts: options.withMemberTexts ?? true,
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
        const index = indexOfId(member.id);
        if (index < 0) {
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
          const related = evidence.reusedWith.filter((id) => id !== record.id && indexOfId(id) >= 0);
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
      if (snapshot === null && builder !== null) {
        builder.observe(text);
      }
    },
    add,
    prepare(complaints: readonly ScreeningComplaint[]): PreparedComplaints {
      const batch = preparerOf();
      batch.clear();
      for (const complaint of complaints) {
        batch.prepare(complaint);
      }
      return batch.take();
    },
    addPrepared(prepared: PreparedComplaints): AddResult[] {
      const results: AddResult[] = new Array<AddResult>(prepared.count);
      insertPrepared(prepared, true, (position, result) => {
        results[position] = result;
      });
      return results;
    },
    finish,
    snapshot: () => snapshot ?? freeze(),
  };
}
