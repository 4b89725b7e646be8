import { normalizeIntoScratch, normalizeText } from './normalize-text.js';
import type { Cosigner, ReporterIdentity } from './types.js';

/** What a masked character becomes (one per UTF-16 unit, so offsets stay valid). */
export const MASK_CHAR = '＊';

/** A half-open range [start, end) of the original text. */
export type TextRange = readonly [number, number];

/** Mobile numbers (with an optional +86/0086 prefix), landlines with area codes, ID numbers. */
const IDENTITY_PATTERNS: readonly RegExp[] = [
  /(?<![\d])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\d])/g,
  /(?<![\d])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?:[\s-]?\d)?(?![\d])/g,
  /(?<![\d])\d{17}[\dXx](?![\dXx])/g,
  /(?<![\d])\d{15}(?![\d])/g,
];

/** Folds full-width digits and signs to ASCII, unit for unit (same length). */
function foldDigits(text: string): string {
  return text.replace(/[０-９＋－（）Ｘｘ]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

/**
 * Whether `text` has a run of at least seven digits (spaces, dashes and brackets allowed between
 * them): every phone or ID number does, most complaint texts do not, and this one pass is far
 * cheaper than the patterns.
 */
function hasLongDigitRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19)) {
      run += 1;
      if (run >= 7) {
        return true;
      }
    } else if (code !== 0x20 && code !== 0x2d && code !== 0x28 && code !== 0x29 && code !== 0xff0d && code !== 0x3000) {
      run = 0;
    }
  }
  return false;
}

/** Ranges of phone numbers (mobile and landline) and 15/18-digit ID numbers found by pattern. */
export function findIdentityPatterns(text: string): TextRange[] {
  if (!hasLongDigitRun(text)) {
    return [];
  }
  const folded = foldDigits(text);
  const ranges: TextRange[] = [];
  for (const pattern of IDENTITY_PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}

/** Prefix of a stored address value (its shorter tails are masked too). */
const ADDRESS_MARK = '\u0000address:';

const ADMINISTRATIVE = /(省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道|办事处)/g;

/** An address and its shorter tails after each administrative level (a text may omit the county). */
export function addressVariants(address: string): string[] {
  const variants = [address];
  for (const match of address.matchAll(ADMINISTRATIVE)) {
    const tail = address.slice(match.index + match[0].length);
    if (tail.length >= 4) {
      variants.push(tail);
    }
  }
  return variants;
}

/**
 * Every identity value of one complaint's reporter and co-signers to mask wherever its text is
 * quoted: name, work unit, ID number, phone, address (and its tails), IP, device id, and each
 * co-signer's name.
 */
export function identityValuesOf(reporter: ReporterIdentity | null, cosigners: readonly Cosigner[]): string[] {
  const values: string[] = [];
  if (reporter !== null) {
    for (const value of [
      reporter.name,
      reporter.unit,
      reporter.idNumber,
      reporter.phone,
      reporter.ip,
      reporter.deviceId,
    ]) {
      if (value !== undefined && value.trim() !== '') {
        values.push(value);
      }
    }
    // Kept whole here; `withAddressVariants` adds its tails when a text is masked.
    if (reporter.address !== undefined && reporter.address.trim() !== '') {
      values.push(ADDRESS_MARK + reporter.address);
    }
  }
  for (const cosigner of cosigners) {
    if (cosigner.name.trim() !== '') {
      values.push(cosigner.name);
    }
  }
  return values;
}

/** Expands stored identity values for masking: an address also yields its tails. */
export function withAddressVariants(values: readonly string[]): string[] {
  const expanded: string[] = [];
  for (const value of values) {
    if (value.startsWith(ADDRESS_MARK)) {
      expanded.push(...addressVariants(value.slice(ADDRESS_MARK.length)));
    } else {
      expanded.push(value);
    }
  }
  return expanded;
}

/** Finds identity values in texts by their normalised form (width, script and punctuation ignored). */
export interface IdentityMasker {
  /** Sorted, merged ranges of `text` to mask: the values plus phone and ID-number patterns. */
  ranges(text: string): TextRange[];
  /** `text` with those ranges replaced by `MASK_CHAR`, unit for unit. */
  mask(text: string): string;
}

/**
 * Builds a masker for a set of identity values. Values are matched on the normalised text and
 * mapped back to the original through the offset map, so 張三, 张 三 and ＺＨＡＮＧ all match their
 * value; normalised values shorter than two characters are ignored (they would mask everything).
 */
export function createIdentityMasker(values: readonly string[]): IdentityMasker {
  const byPrefix = new Map<number, Uint16Array[]>();
  for (const value of withAddressVariants(values)) {
    const normalized = normalizeText(value).text;
    if (normalized.length < 2) {
      continue;
    }
    const units = Uint16Array.from(normalized, (char) => char.charCodeAt(0));
    const prefix = (units[0] ?? 0) * 0x10000 + (units[1] ?? 0);
    const list = byPrefix.get(prefix);
    if (list === undefined) {
      byPrefix.set(prefix, [units]);
    } else if (!list.some((known) => known.length === units.length && known.every((unit, i) => unit === units[i]))) {
      list.push(units);
    }
  }
  const ranges = (text: string): TextRange[] => {
    const found: TextRange[] = findIdentityPatterns(text);
    if (byPrefix.size > 0) {
      const { units, offsets, length } = normalizeIntoScratch(text);
      for (let i = 0; i + 1 < length; i += 1) {
        const candidates = byPrefix.get((units[i] ?? 0) * 0x10000 + (units[i + 1] ?? 0));
        if (candidates === undefined) {
          continue;
        }
        for (const value of candidates) {
          if (i + value.length > length) {
            continue;
          }
          let k = 2;
          while (k < value.length && units[i + k] === value[k]) {
            k += 1;
          }
          if (k === value.length) {
            const start = offsets[i] ?? 0;
            const last = offsets[i + value.length - 1] ?? start;
            const lastCode = text.charCodeAt(last);
            const end = last + (lastCode >= 0xd800 && lastCode <= 0xdbff ? 2 : 1);
            found.push([start, end]);
          }
        }
      }
    }
    return mergeRanges(found);
  };
  return {
    ranges,
    mask(text: string): string {
      return applyMask(text, ranges(text));
    },
  };
}

/** Sorts ranges and merges overlapping or touching ones. */
export function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

/** Replaces each range with `MASK_CHAR`, one per UTF-16 unit. */
export function applyMask(text: string, ranges: readonly TextRange[]): string {
  let result = '';
  let at = 0;
  for (const [start, end] of ranges) {
    result += text.slice(at, start) + MASK_CHAR.repeat(end - start);
    at = end;
  }
  return result + text.slice(at);
}

/**
 * Masks identity values (matched after normalisation), phone numbers including landlines, and
 * 15/18-digit ID numbers in `text`. The result has the same length as `text`.
 */
export function maskText(text: string, values: readonly string[]): string {
  return createIdentityMasker(values).mask(text);
}
