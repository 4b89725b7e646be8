import { z } from 'zod';

/*
 * The text rules of every text field a client or the operator sends, and the way the CLI prints text it did not
 * write itself.
 *
 * Refused, never stripped (a silent change would store something else than what was typed):
 * - the C0 control characters U+0000–U+001F (NUL among them: PostgreSQL refuses it in text), DEL U+007F and the
 *   C1 control characters U+0080–U+009F — except U+0009 (tab), U+000A (line feed) and U+000D U+000A (CR LF) in
 *   multi-line text;
 * - the line and paragraph separators U+2028 and U+2029 (a line break that is not `\n`);
 * - a lone surrogate (half of a UTF-16 pair, e.g. "\uD800"): it is not a character, cannot be encoded in UTF-8
 *   and makes the audit log's canonical JSON (RFC 8785) fail.
 *
 * Lengths are counted in characters, i.e. Unicode code points (`[...text].length`), as PostgreSQL's
 * `char_length` and the password policy count them: "𠀀" or an emoji is one character, "é" written as e + a
 * combining accent is two before NFC normalisation and one after it. Names and reasons are trimmed and normalised
 * to NFC before their length is checked; passwords are never trimmed or normalised here.
 *
 * Messages are Chinese first, then English ("中文 / English"), as the other schema messages.
 */

/** Whether a text may hold line breaks (`\n`, `\r\n`) and tabs. */
type LineMode = 'single' | 'multi';

/** The first character a text may not hold, and why. */
export interface TextProblem {
  kind: 'control' | 'lone-surrogate';
  /** The code point (or the lone surrogate's code unit). */
  codePoint: number;
  /** Where it is, in UTF-16 code units (a string index). */
  index: number;
}

const isSurrogate = (codePoint: number): boolean => codePoint >= 0xd800 && codePoint <= 0xdfff;

/** C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators. */
function isControl(codePoint: number): boolean {
  return codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f) || codePoint === 0x2028 || codePoint === 0x2029;
}

/** The first character of `text` that is a lone surrogate or for which `isRefused` holds, or null. */
function findProblem(text: string, isRefused: (codePoint: number, index: number) => boolean): TextProblem | null {
  let index = 0;
  for (const char of text) {
    // for…of walks code points; a lone surrogate comes out as a one-unit "character" of its own.
    const codePoint = char.codePointAt(0) ?? 0;
    if (isSurrogate(codePoint)) {
      return { kind: 'lone-surrogate', codePoint, index };
    }
    if (isRefused(codePoint, index)) {
      return { kind: 'control', codePoint, index };
    }
    index += char.length;
  }
  return null;
}

/**
 * The first character of `text` that the rules refuse (see the top of this file), or null. In multi-line text
 * a tab, a line feed and a carriage return followed by a line feed are allowed.
 */
export function findTextProblem(text: string, mode: LineMode): TextProblem | null {
  return findProblem(text, (codePoint, index) => {
    const isAllowedBreak =
      mode === 'multi' &&
      (codePoint === 0x09 || codePoint === 0x0a || (codePoint === 0x0d && text[index + 1] === '\n'));
    return isControl(codePoint) && !isAllowedBreak;
  });
}

/** The first NUL or lone surrogate of `text`, or null: all that a password typed at sign-in is checked for. */
function findPasswordProblem(text: string): TextProblem | null {
  return findProblem(text, (codePoint) => codePoint === 0);
}

/** `U+000A`. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The schema message for a refused character. */
export function textProblemMessage(problem: TextProblem, mode: LineMode): string {
  const at = codePointLabel(problem.codePoint);
  if (problem.kind === 'lone-surrogate') {
    return `含有无效的 Unicode 字符（孤立代理项 ${at}）/ contains an invalid Unicode character (lone surrogate ${at})`;
  }
  return mode === 'single'
    ? `不得包含换行符或控制字符（${at}）/ must not contain line breaks or control characters (${at})`
    : `不得包含控制字符（${at}）/ must not contain control characters (${at})`;
}

/** The length of a text in characters (code points), the one way lengths are counted. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

/** The messages of the bounds, Chinese first. */
function tooShortMessage(min: number): string {
  return min <= 1 ? '不能为空 / must not be empty' : `至少需要 ${min} 个字符 / must be at least ${min} characters`;
}
function tooLongMessage(max: number, count: number): string {
  return `不得超过 ${max} 个字符（当前 ${count} 个）/ must be at most ${max} characters (now ${count})`;
}

/** Refuses a text of fewer than `min` or more than `max` characters. */
function lengthCheck(ctx: z.core.ParsePayload<string>, min: number, max: number): void {
  const count = characterCount(ctx.value);
  if (count < min) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: tooShortMessage(min) });
  } else if (count > max) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: tooLongMessage(max, count) });
  }
}

/** A missing field or one that is not a string. */
const notTextError = (issue: { input?: unknown }): string =>
  issue.input === undefined ? '必填 / required' : '须为文字 / must be text';

export interface TextOptions {
  /** Most characters (code points), after trimming and normalising. */
  max: number;
  /** Fewest characters after trimming (default 1: not empty). */
  min?: number;
  /** Trim white space at both ends (default true). */
  trim?: boolean;
  /** Normalise to Unicode NFC (default true), so that one name is stored one way. */
  nfc?: boolean;
}

function textSchema(mode: LineMode, options: TextOptions): z.ZodString {
  const { max, min = 1, trim = true, nfc = true } = options;
  let schema = z.string({ error: notTextError }).check((ctx) => {
    const problem = findTextProblem(ctx.value, mode);
    if (problem !== null) {
      // `continue: false`: no length message about a text that is refused anyway.
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: textProblemMessage(problem, mode),
        continue: false,
      });
    }
  });
  if (trim) {
    schema = schema.trim();
  }
  if (nfc) {
    schema = schema.normalize('NFC');
  }
  return schema.check((ctx) => lengthCheck(ctx, min, max));
}

/**
 * One line of text (a name, a title, a search term): no line break, no control character, no lone surrogate;
 * trimmed and NFC-normalised unless told otherwise; `min` (default 1) to `max` characters.
 */
export function singleLineText(options: TextOptions): z.ZodString {
  return textSchema('single', options);
}

/**
 * Text of several lines (a reason, a note): as `singleLineText`, but `\n`, `\r\n` and tabs are allowed (a lone
 * `\r` is not). Stored as typed: line endings are not rewritten.
 */
export function multiLineText(options: TextOptions): z.ZodString {
  return textSchema('multi', options);
}

/** The length check of `textSchema` without trimming or normalising, for passwords. */
function passwordSchema(max: number, find: (text: string) => TextProblem | null, mode: LineMode): z.ZodString {
  return z
    .string({ error: notTextError })
    .check((ctx) => {
      const problem = find(ctx.value);
      if (problem !== null) {
        const message = textProblemMessage(problem, mode);
        ctx.issues.push({ code: 'custom', input: ctx.value, message, continue: false });
      }
    })
    .check((ctx) => lengthCheck(ctx, 1, max));
}

/**
 * A password as typed at sign-in or as the current password: never trimmed or normalised here (the password
 * module normalises it to NFKC for hashing), only refused when it holds what no password can hold — NUL or a lone
 * surrogate, which no password set through `newPasswordText` contains. Other control characters are let through
 * so that a password set before these rules still signs in.
 */
export function passwordText(options: { max: number }): z.ZodString {
  return passwordSchema(options.max, findPasswordProblem, 'multi');
}

/**
 * A new password: no control character (tab and line breaks included) and no lone surrogate; never trimmed or
 * normalised here. Its length and strength are the password policy's (server), which counts characters too;
 * `max` only bounds what is hashed.
 */
export function newPasswordText(options: { max: number }): z.ZodString {
  return passwordSchema(options.max, (text) => findTextProblem(text, 'single'), 'single');
}

// Printing ------------------------------------------------------------------------------------------------------

/** Bidirectional embeddings, overrides and isolates: they reorder the text around them on screen. */
function isBidiControl(codePoint: number): boolean {
  return (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069);
}

function escapeCodePoint(codePoint: number): string {
  if (codePoint <= 0xff) {
    return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  }
  return `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every character that could change what a terminal shows made visible as an escape: C0 and C1
 * controls and DEL (`\x1b`, `\x0a`, `\x9b`), the line separators U+2028/U+2029, lone surrogates (`\ud800`) and
 * bidirectional overrides and isolates (`\u202e`). Everything else — Chinese, Arabic, emoji, combining marks, a
 * backslash — is left as it is, so escaping twice changes nothing (a name typed as the text `\x1b` reads the same
 * as an escaped ESC: harmless, and the output never acts on either).
 * For text the program did not write itself (names, usernames, reasons, audit details) before it is printed.
 */
export function visibleText(text: string): string {
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (isControl(codePoint) || isSurrogate(codePoint) || isBidiControl(codePoint)) {
      out += escapeCodePoint(codePoint);
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * `visibleText` line by line: the line breaks of text the program composed stay, every other character a terminal
 * acts on is escaped. The last guard of what the CLI writes; the names in it are escaped with `visibleText`
 * before they are put in a line, so that a name cannot add a line of its own.
 */
export function visibleLines(text: string): string {
  return text.split('\n').map(visibleText).join('\n');
}
