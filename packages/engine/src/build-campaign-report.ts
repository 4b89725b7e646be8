import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { jaccard } from './jaccard.js';
import { createIdentityMasker, type TextRange } from './mask-text.js';
import { normalizeIntoScratch } from './normalize-text.js';
import {
  createHashSet32,
  hasHash32,
  hashShinglesInto,
  shingleUnits,
  type Exclusion,
  type HashSet32,
} from './shingle-hashes.js';
import type { CampaignMember, CampaignReport, DifferingSpan } from './types.js';

/** What a campaign report needs about one member. */
export interface CampaignMemberInput {
  id: string;
  receivedAt: number;
  day: number;
  /** Read only for the template's source, or for every member with `withMemberTexts` (it may be a getter). */
  readonly text: string;
  /** Sorted unique shingles, boilerplate removed. */
  shingles: Uint32Array;
  /** Identity values of its reporter and co-signers (masked everywhere in the campaign). */
  identityValues: readonly string[];
}

/** Everything `buildCampaignReport` needs besides the members. */
export interface CampaignContext {
  shingleSize: number;
  /** The snapshot's boilerplate. */
  exclusion: Exclusion;
  windowDays: number;
  subjects: { name: string; unit?: string }[];
  distinctReporters: number;
  anonymousCount: number;
  /** False: members get no masked text and no differing spans (a report that lists no member texts). */
  withMemberTexts: boolean;
}

/** Members compared when choosing the template's source (a deterministic, spread-out sample). */
const MEDOID_SAMPLE = 24;
/** Members a template sentence's support is judged on (a spread-out sample of the others). */
const SUPPORT_SAMPLE = 16;
/** Time neighbours on each side compared for a member's best link. */
const NEIGHBOURS = 4;
/** A template sentence is kept when at least this share of (sampled) members contain most of it. */
const SENTENCE_SUPPORT = 0.5;
/** What stands for template sentences most members do not share. */
const OMISSION = '〔……〕';

/** Stable campaign id: a hash of the sorted member ids (the same members give the same id). */
export function campaignId(complaintIds: readonly string[]): string {
  const sorted = [...complaintIds].sort();
  const hasher = sha256.create();
  for (const id of sorted) {
    hasher.update(utf8ToBytes(`${id.length}:${id}\n`));
  }
  return `C${bytesToHex(hasher.digest()).slice(0, 16)}`;
}

function spreadSample<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) {
    return [...items];
  }
  const sample: T[] = [];
  for (let k = 0; k < size; k += 1) {
    const item = items[Math.floor((k * items.length) / size)];
    if (item !== undefined) {
      sample.push(item);
    }
  }
  return sample;
}

/** Raw (boilerplate kept) n-gram hashes of a text with the offsets of their first characters. */
function rawShingles(text: string, size: number): { hashes: Uint32Array; offsets: Int32Array; length: number } {
  const { units, offsets, length } = normalizeIntoScratch(text);
  const hashes = new Uint32Array(Math.max(0, length));
  const count = hashShinglesInto(units, length, size, hashes);
  return { hashes: hashes.subarray(0, count), offsets: offsets.slice(0, length), length };
}

function sortedContains(sorted: Uint32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const held = sorted[middle] ?? 0;
    if (held === value) {
      return true;
    }
    if (held < value) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return false;
}

/**
 * The consensus template: the source member's masked text with the sentences that fewer than half
 * of the members share replaced by 〔……〕.
 */
function buildTemplate(source: string, others: readonly Uint32Array[], context: CampaignContext): string {
  const sentences = source.match(/[^。！？!?；;\n]+[。！？!?；;\n]*|[。！？!?；;\n]+/g) ?? [source];
  let template = '';
  let isOmitting = false;
  for (const sentence of sentences) {
    const { units, length } = normalizeIntoScratch(sentence);
    const contentHashes = shingleUnits(units, length, context.shingleSize, context.exclusion);
    const content = contentHashes.length;
    let isShared = true;
    if (content > 0 && others.length > 0) {
      let supporters = 0;
      for (const member of others) {
        let found = 0;
        for (const hash of contentHashes) {
          if (sortedContains(member, hash)) {
            found += 1;
          }
        }
        if (found * 2 >= content) {
          supporters += 1;
        }
      }
      isShared = supporters >= SENTENCE_SUPPORT * others.length;
    }
    if (isShared) {
      template += sentence;
      isOmitting = false;
    } else if (!isOmitting) {
      template += OMISSION;
      isOmitting = true;
    }
  }
  return template;
}

/** Spans of `text` (offsets shared with its masked form) whose n-grams the template lacks. */
function differingRanges(text: string, template: HashSet32, size: number): TextRange[] {
  const { hashes, offsets, length } = rawShingles(text, size);
  if (length === 0) {
    return [];
  }
  const covered = new Uint8Array(length);
  for (let i = 0; i < hashes.length; i += 1) {
    if (hasHash32(template, hashes[i] ?? 0)) {
      covered.fill(1, i, Math.min(length, i + size));
    }
  }
  if (hashes.length === 0 && template.size > 0) {
    covered.fill(0);
  }
  const ranges: TextRange[] = [];
  let runStart = -1;
  for (let i = 0; i <= length; i += 1) {
    const isCovered = i === length || covered[i] === 1;
    if (!isCovered && runStart < 0) {
      runStart = i;
    } else if (isCovered && runStart >= 0) {
      const start = offsets[runStart] ?? 0;
      const last = offsets[i - 1] ?? start;
      const code = text.charCodeAt(last);
      ranges.push([start, last + (code >= 0xd800 && code <= 0xdbff ? 2 : 1)]);
      runStart = -1;
    }
  }
  return ranges;
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) {
    return 0;
  }
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Builds the report of one campaign: stable id, timeline, masked consensus template, and per
 * member its similarity and the spans of its masked text that differ from the template. Every
 * identity value of every member's reporter and co-signers is masked, plus phone and ID numbers.
 */
export function buildCampaignReport(
  inputMembers: readonly CampaignMemberInput[],
  context: CampaignContext,
): CampaignReport {
  const members = [...inputMembers].sort(
    (a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const masker = createIdentityMasker(members.flatMap((member) => member.identityValues));
  const byId = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sample = spreadSample(byId, MEDOID_SAMPLE);
  let source = sample[0] ?? members[0];
  let bestScore = -1;
  for (const candidate of sample) {
    let score = 0;
    for (const other of sample) {
      if (other !== candidate) {
        score += jaccard(candidate.shingles, other.shingles);
      }
    }
    if (score > bestScore) {
      bestScore = score;
      source = candidate;
    }
  }
  if (source === undefined) {
    throw new Error('buildCampaignReport: a campaign has members');
  }
  const template = buildTemplate(
    masker.mask(source.text),
    spreadSample(
      byId.filter((member) => member !== source),
      SUPPORT_SAMPLE,
    ).map((member) => member.shingles),
    context,
  );
  const templateSet = context.withMemberTexts
    ? createHashSet32(rawShingles(template, context.shingleSize).hashes.slice())
    : null;
  const similarities: number[] = [];
  const reportMembers: CampaignMember[] = members.map((member, position) => {
    let best = member === source ? 0 : jaccard(member.shingles, source.shingles);
    const from = Math.max(0, position - NEIGHBOURS);
    const to = Math.min(members.length - 1, position + NEIGHBOURS);
    for (let k = from; k <= to; k += 1) {
      const other = members[k];
      if (other !== undefined && k !== position && Math.abs(other.day - member.day) <= context.windowDays) {
        best = Math.max(best, jaccard(member.shingles, other.shingles));
      }
    }
    similarities.push(best);
    if (templateSet === null) {
      return {
        id: member.id,
        receivedAt: member.receivedAt,
        similarity: round3(best),
        differingSpans: [],
        maskedText: '',
      };
    }
    const text = member.text;
    const maskedText = masker.mask(text);
    const differingSpans: DifferingSpan[] = differingRanges(text, templateSet, context.shingleSize).map(
      ([start, end]) => ({ start, end, text: maskedText.slice(start, end) }),
    );
    return { id: member.id, receivedAt: member.receivedAt, similarity: round3(best), differingSpans, maskedText };
  });
  similarities.sort((a, b) => a - b);
  const complaintIds = members.map((member) => member.id);
  return {
    id: campaignId(complaintIds),
    complaintIds,
    subjects: context.subjects,
    distinctReporters: context.distinctReporters,
    anonymousCount: context.anonymousCount,
    firstAt: members[0]?.receivedAt ?? 0,
    lastAt: members[members.length - 1]?.receivedAt ?? 0,
    similarity: {
      min: round3(similarities[0] ?? 0),
      median: round3(median(similarities)),
      max: round3(similarities[similarities.length - 1] ?? 0),
    },
    template,
    members: reportMembers,
  };
}
