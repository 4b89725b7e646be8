import { TRADITIONAL_TO_SIMPLIFIED_PAIRS } from './data/traditional-to-simplified.js';
import type { NormalizedText } from './types.js';

/**
 * Chinese text normalisation in one pass over a per-code-unit lookup table:
 * NFKC (which folds full width to half width), lower case, traditional → simplified, punctuation,
 * symbols, whitespace and control characters dropped, and every run of digits collapsed to one `0`
 * (so amounts and dates written differently still shingle alike; the facts are read from the
 * original text elsewhere). The table is filled lazily and closed under itself, so normalising is
 * idempotent. Every output unit remembers the index of the original unit it came from.
 */

const UNKNOWN = -1;
const DROP = -2;
const DIGIT = -3;
const EXPAND = -4;
const HIGH_SURROGATE = -5;
/** The placeholder a digit run becomes. */
const DIGIT_PLACEHOLDER = 0x30;

const table = new Int32Array(0x10000).fill(UNKNOWN);
/** Multi-unit outputs (e.g. ㈠ → 一, ﬁ → fi); digits in them appear as `DIGIT`. */
const expansions = new Map<number, Int32Array>();
/** Astral code points: their output units (empty = dropped). */
const astral = new Map<number, Int32Array>();

const traditional = new Map<number, number>();
for (let i = 0; i + 1 < TRADITIONAL_TO_SIMPLIFIED_PAIRS.length; i += 2) {
  traditional.set(TRADITIONAL_TO_SIMPLIFIED_PAIRS.charCodeAt(i), TRADITIONAL_TO_SIMPLIFIED_PAIRS.charCodeAt(i + 1));
}

const DROPPED = /^[\p{P}\p{S}\p{Z}\p{C}\p{M}]$/u;
const DECIMAL = /^\p{Nd}$/u;

/** The normalised output of one code point, as units (`DIGIT` for a digit), before closure. */
function mapCodePointOnce(codePoint: number): number[] {
  const folded = String.fromCodePoint(codePoint).normalize('NFKC').toLowerCase();
  const units: number[] = [];
  for (const char of folded) {
    if (DECIMAL.test(char)) {
      units.push(DIGIT);
    } else if (!DROPPED.test(char)) {
      for (let i = 0; i < char.length; i += 1) {
        const unit = char.charCodeAt(i);
        units.push(traditional.get(unit) ?? unit);
      }
    }
  }
  return units;
}

/** The closed output of a code point: applying the mapping to its output changes nothing. */
function mapCodePoint(codePoint: number, depth = 0): number[] {
  const once = mapCodePointOnce(codePoint);
  if (depth > 4) {
    return once;
  }
  const closed: number[] = [];
  const text = String.fromCharCode(...once.map((unit) => (unit === DIGIT ? DIGIT_PLACEHOLDER : unit)));
  let i = 0;
  for (const char of text) {
    const point = char.codePointAt(0) ?? 0;
    if (once[i] === DIGIT) {
      closed.push(DIGIT);
    } else if (mapCodePointOnce(point).length === char.length && sameUnits(mapCodePointOnce(point), char)) {
      for (let k = 0; k < char.length; k += 1) {
        closed.push(char.charCodeAt(k));
      }
    } else {
      closed.push(...mapCodePoint(point, depth + 1));
    }
    i += char.length;
  }
  return closed;
}

function sameUnits(units: number[], char: string): boolean {
  for (let k = 0; k < char.length; k += 1) {
    if (units[k] !== char.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

function fill(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    table[unit] = HIGH_SURROGATE;
    return HIGH_SURROGATE;
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    table[unit] = DROP;
    return DROP;
  }
  const units = mapCodePoint(unit);
  let code: number;
  if (units.length === 0) {
    code = DROP;
  } else if (units.length === 1) {
    code = units[0] ?? DROP;
  } else {
    code = EXPAND;
    expansions.set(unit, Int32Array.from(units));
  }
  table[unit] = code;
  return code;
}

function astralUnits(codePoint: number): Int32Array {
  let units = astral.get(codePoint);
  if (units === undefined) {
    units = Int32Array.from(mapCodePoint(codePoint));
    astral.set(codePoint, units);
  }
  return units;
}

/** Scratch buffers reused across calls (never observable: results are copied out). */
let unitBuffer = new Uint16Array(1024);
let offsetBuffer = new Int32Array(1024);

/**
 * Normalises `text` into the shared scratch buffers and returns the normalised length.
 * Internal fast path for shingling; callers must copy what they keep before the next call.
 */
export function normalizeIntoScratch(
  text: string,
  keepDigits = false,
): { units: Uint16Array; offsets: Int32Array; length: number } {
  const length = text.length;
  // An expansion can lengthen the text (NFKC of ㍿ is 4 units); grow generously.
  if (unitBuffer.length < length * 4 + 8) {
    unitBuffer = new Uint16Array(length * 4 + 8);
    offsetBuffer = new Int32Array(length * 4 + 8);
  }
  const out = unitBuffer;
  const offsets = offsetBuffer;
  let n = 0;
  let isAfterDigit = false;
  for (let i = 0; i < length; i += 1) {
    const unit = text.charCodeAt(i);
    let code = table[unit] ?? UNKNOWN;
    if (code === UNKNOWN) {
      code = fill(unit);
    }
    if (code >= 0) {
      out[n] = code;
      offsets[n] = i;
      n += 1;
      isAfterDigit = false;
    } else if (code === DIGIT && keepDigits) {
      out[n] = unit >= 0xff10 && unit <= 0xff19 ? unit - 0xfee0 : unit;
      offsets[n] = i;
      n += 1;
    } else if (code === DIGIT) {
      if (!isAfterDigit) {
        out[n] = DIGIT_PLACEHOLDER;
        offsets[n] = i;
        n += 1;
        isAfterDigit = true;
      }
    } else if (code !== DROP) {
      let units: Int32Array | undefined;
      const start = i;
      if (code === EXPAND) {
        units = expansions.get(unit);
      } else {
        const low = i + 1 < length ? text.charCodeAt(i + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          units = astralUnits(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
          i += 1;
        }
      }
      if (units !== undefined) {
        for (const value of units) {
          if (value === DIGIT) {
            if (!isAfterDigit) {
              out[n] = DIGIT_PLACEHOLDER;
              offsets[n] = start;
              n += 1;
              isAfterDigit = true;
            }
          } else {
            out[n] = value;
            offsets[n] = start;
            n += 1;
            isAfterDigit = false;
          }
        }
      }
    }
  }
  return { units: out, offsets, length: n };
}

/**
 * `normalizeIntoScratch` without the offset map, for shingling: one tight loop over the table for
 * the common units (mapped, dropped, digits); a text with a unit not seen before, an expansion or a
 * surrogate pair goes through `normalizeIntoScratch` instead. Same units, same scratch buffer.
 */
export function normalizeUnitsIntoScratch(text: string): { units: Uint16Array; length: number } {
  const length = text.length;
  if (unitBuffer.length < length * 4 + 8) {
    return normalizeIntoScratch(text);
  }
  const out = unitBuffer;
  let n = 0;
  let isAfterDigit = false;
  for (let i = 0; i < length; i += 1) {
    const code = table[text.charCodeAt(i)] ?? UNKNOWN;
    if (code >= 0) {
      out[n] = code;
      n += 1;
      isAfterDigit = false;
    } else if (code === DIGIT) {
      if (!isAfterDigit) {
        out[n] = DIGIT_PLACEHOLDER;
        n += 1;
        isAfterDigit = true;
      }
    } else if (code !== DROP) {
      return normalizeIntoScratch(text);
    }
  }
  return { units: out, length: n };
}

/** Builds a string from UTF-16 units without spreading large arrays onto the stack. */
export function unitsToString(units: Uint16Array, length: number): string {
  let result = '';
  const codes: number[] = [];
  for (let start = 0; start < length; start += 4096) {
    const end = Math.min(length, start + 4096);
    codes.length = 0;
    for (let i = start; i < end; i += 1) {
      codes.push(units[i] ?? 0);
    }
    result += String.fromCharCode.apply(null, codes);
  }
  return result;
}

/**
 * Normalises a complaint text for similarity: NFKC, full/half width, lower case, traditional →
 * simplified, punctuation/whitespace/symbols removed, digit runs collapsed to `0`. Idempotent.
 * `offsets[i]` is the index in `text` of normalised unit `i`, so spans found in the normalised form
 * (identity values to mask, differences from a template) map back to the original.
 */
export function normalizeText(text: string): NormalizedText {
  const { units, offsets, length } = normalizeIntoScratch(text);
  return { text: unitsToString(units, length), offsets: offsets.slice(0, length) };
}

/**
 * Normalises a name, unit or address for comparison: like `normalizeText`, but every digit is
 * kept (3号 and 5号 are different houses; 第2组 and 第3组 different groups).
 */
export function normalizeKeepingDigits(text: string): string {
  // Most names and units are already normal (plain simplified characters): return them as they are.
  let isNormal = true;
  for (let i = 0; i < text.length && isNormal; i += 1) {
    const unit = text.charCodeAt(i);
    let code = table[unit] ?? UNKNOWN;
    if (code === UNKNOWN) {
      code = fill(unit);
    }
    isNormal = code === unit || (code === DIGIT && unit >= 0x30 && unit <= 0x39);
  }
  if (isNormal) {
    return text;
  }
  const { units, length } = normalizeIntoScratch(text, true);
  return unitsToString(units, length);
}
