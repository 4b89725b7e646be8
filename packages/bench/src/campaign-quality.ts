import { corpusIndex, TIERS, type CorpusTruth } from './corpus/generate-corpus.js';
import { round } from './bench-stats.js';

/** The parts of the screen JSON output the quality measures read. */
export interface ScreenJsonOutput {
  campaigns: { id: string; complaintIds: string[] }[];
  complaints: { id: string; anomalyScore: number; flags: { code: string; relatedIds: string[] }[] }[];
  stats: { rows: number; screened: number; badRows: unknown[]; seconds: number };
}

const pairs = (count: number): number => (count * (count - 1)) / 2;

/**
 * Scores the campaigns and signals of a screen run against the generator's truth: pairwise precision, recall
 * and F1 of campaign membership; the share of each tier's copies attached to their campaign; false merges of
 * hard negatives (honest multi-reporter events, shared form-letter frames); repeats after conclusion; shared
 * sources and village-only addresses.
 */
export function scoreCampaigns(output: ScreenJsonOutput, truth: CorpusTruth): Record<string, unknown> {
  const predictedOf = new Int32Array(truth.size).fill(-1);
  output.campaigns.forEach((campaign, index) => {
    for (const id of campaign.complaintIds) {
      predictedOf[corpusIndex(id)] = index;
    }
  });

  // Pairwise counts through the contingency table of (predicted, true) campaign memberships.
  const overlap = new Map<string, number>();
  const trueSizes = new Map<number, number>();
  let predictedPairs = 0;
  for (const campaign of output.campaigns) {
    predictedPairs += pairs(campaign.complaintIds.length);
  }
  for (let index = 0; index < truth.size; index += 1) {
    const actual = truth.campaignOf[index] ?? -1;
    if (actual >= 0) {
      trueSizes.set(actual, (trueSizes.get(actual) ?? 0) + 1);
    }
    const predicted = predictedOf[index] ?? -1;
    if (actual >= 0 && predicted >= 0) {
      const key = `${predicted}:${actual}`;
      overlap.set(key, (overlap.get(key) ?? 0) + 1);
    }
  }
  let truePairs = 0;
  for (const size of trueSizes.values()) {
    truePairs += pairs(size);
  }
  let truePositivePairs = 0;
  const home = new Map<number, { predicted: number; count: number }>();
  for (const [key, count] of overlap) {
    truePositivePairs += pairs(count);
    const [predicted, actual] = key.split(':').map(Number) as [number, number];
    const best = home.get(actual);
    if (best === undefined || count > best.count) {
      home.set(actual, { predicted, count });
    }
  }
  const precision = predictedPairs === 0 ? 1 : truePositivePairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositivePairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  // Copies attached to their campaign: in the predicted campaign that holds most of their true campaign.
  const tierTotals = [0, 0, 0, 0, 0];
  const tierAttached = [0, 0, 0, 0, 0];
  for (let index = 0; index < truth.size; index += 1) {
    const actual = truth.campaignOf[index] ?? -1;
    if (actual < 0) {
      continue;
    }
    const tier = truth.tierOf[index] ?? 0;
    tierTotals[tier] = (tierTotals[tier] ?? 0) + 1;
    const predicted = predictedOf[index] ?? -1;
    if (predicted >= 0 && home.get(actual)?.predicted === predicted) {
      tierAttached[tier] = (tierAttached[tier] ?? 0) + 1;
    }
  }
  const attachedShare: Record<string, { copies: number; share: number }> = {};
  ['master', ...TIERS].forEach((tier, index) => {
    attachedShare[tier] = {
      copies: tierTotals[index] ?? 0,
      share: round((tierAttached[index] ?? 0) / Math.max(tierTotals[index] ?? 0, 1), 4),
    };
  });

  // Hard negatives: members of honest events and framed ordinary letters belong to no campaign.
  const hardNegative = (index: number): 'honest' | 'frame' | undefined =>
    (truth.honestEventOf[index] ?? -1) >= 0 ? 'honest' : (truth.frameOf[index] ?? -1) >= 0 ? 'frame' : undefined;
  const negatives = {
    honest: { complaints: 0, inCampaign: 0, pairs: 0, mergedPairs: 0 },
    frame: { complaints: 0, inCampaign: 0, pairs: 0, mergedPairs: 0 },
  };
  const groupCounts = new Map<string, number>();
  const mergedCounts = new Map<string, number>();
  for (let index = 0; index < truth.size; index += 1) {
    const kind = hardNegative(index);
    if (kind === undefined) {
      continue;
    }
    const bucket = negatives[kind];
    bucket.complaints += 1;
    const predicted = predictedOf[index] ?? -1;
    bucket.inCampaign += predicted >= 0 ? 1 : 0;
    const group = kind === 'honest' ? `h${truth.honestEventOf[index]}` : `f${truth.frameOf[index]}`;
    groupCounts.set(group, (groupCounts.get(group) ?? 0) + 1);
    if (predicted >= 0) {
      const key = `${group}|${predicted}`;
      mergedCounts.set(key, (mergedCounts.get(key) ?? 0) + 1);
    }
  }
  for (const [group, count] of groupCounts) {
    negatives[group.startsWith('h') ? 'honest' : 'frame'].pairs += pairs(count);
  }
  for (const [key, count] of mergedCounts) {
    negatives[key.startsWith('h') ? 'honest' : 'frame'].mergedPairs += pairs(count);
  }
  const hardNegativeComplaints = negatives.honest.complaints + negatives.frame.complaints;
  const hardNegativeInCampaign = negatives.honest.inCampaign + negatives.frame.inCampaign;

  // Signals.
  const flagsOf = new Map(output.complaints.map((complaint) => [corpusIndex(complaint.id), complaint.flags]));
  const hasFlag = (index: number, code: string): boolean =>
    (flagsOf.get(index) ?? []).some((flag) => flag.code === code);
  const repeat = {
    expected: 0,
    flagged: 0,
    newAllegations: 0,
    newFlagged: 0,
    partlySubstantiated: 0,
    partlyFlagged: 0,
  };
  const source = {
    groupMembers: 0,
    linkedToGroup: 0,
    villageOnlyMembers: 0,
    villageOnlyLinked: 0,
    flaggedOutsideGroups: 0,
  };
  for (let index = 0; index < truth.size; index += 1) {
    const after = truth.afterConclusion[index] ?? 0;
    const isRepeatFlagged = after > 0 && hasFlag(index, 'REPEAT_AFTER_CONCLUSION') ? 1 : 0;
    if (after === 1) {
      repeat.expected += 1;
      repeat.flagged += isRepeatFlagged;
    } else if (after === 2) {
      repeat.newAllegations += 1;
      repeat.newFlagged += isRepeatFlagged;
    } else if (after === 3) {
      repeat.partlySubstantiated += 1;
      repeat.partlyFlagged += isRepeatFlagged;
    }
    const sameSource = (flagsOf.get(index) ?? []).filter((flag) => flag.code === 'SAME_SOURCE');
    const related = sameSource.flatMap((flag) => flag.relatedIds.map(corpusIndex));
    const group = truth.contactGroupOf[index] ?? -1;
    const villageGroup = truth.villageOnlyGroupOf[index] ?? -1;
    if (group >= 0) {
      source.groupMembers += 1;
      source.linkedToGroup += related.some((other) => truth.contactGroupOf[other] === group) ? 1 : 0;
    } else if (sameSource.length > 0) {
      source.flaggedOutsideGroups += 1;
    }
    if (villageGroup >= 0) {
      source.villageOnlyMembers += 1;
      source.villageOnlyLinked += related.some((other) => truth.villageOnlyGroupOf[other] === villageGroup) ? 1 : 0;
    }
  }

  return {
    campaigns: { predicted: output.campaigns.length, true: truth.campaigns },
    pairwise: {
      precision: round(precision, 4),
      recall: round(recall, 4),
      f1: round(f1, 4),
      truePairs,
      predictedPairs,
      truePositivePairs,
    },
    attachedShare,
    hardNegatives: {
      falseMergeRate: round(hardNegativeInCampaign / Math.max(hardNegativeComplaints, 1), 5),
      honestEvents: {
        ...negatives.honest,
        mergedPairRate: round(negatives.honest.mergedPairs / Math.max(negatives.honest.pairs, 1), 5),
      },
      formFrames: {
        ...negatives.frame,
        mergedPairRate: round(negatives.frame.mergedPairs / Math.max(negatives.frame.pairs, 1), 6),
      },
    },
    repeatAfterConclusion: {
      ...repeat,
      recall: round(repeat.flagged / Math.max(repeat.expected, 1), 4),
      newAllegationFalseFlagRate: round(repeat.newFlagged / Math.max(repeat.newAllegations, 1), 4),
    },
    sameSource: {
      ...source,
      recall: round(source.linkedToGroup / Math.max(source.groupMembers, 1), 4),
      villageOnlyFalseLinkRate: round(source.villageOnlyLinked / Math.max(source.villageOnlyMembers, 1), 4),
    },
  };
}
