import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ChangePasswordSchema, SignInSchema } from './auth.js';
import { CreateOfficeSchema } from './offices.js';
import { RejectGrantSchema } from './grants.js';
import { CreateUserSchema } from './users.js';
import { characterCount, findTextProblem, multiLineText, singleLineText, visibleText } from './text.js';

/** The messages of a failed parse, by path. */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const name = singleLineText({ max: 5 });
const note = multiLineText({ max: 20 });

describe('singleLineText', () => {
  it('refuses NUL, every other C0 and C1 control, DEL and the line separators, naming the code point', () => {
    for (const char of ['\0', '\x01', '\t', '\n', '\r', '\x1b', '\x7f', '\x80', '\x9b', '\x9f', '\u2028', '\u2029']) {
      const result = name.safeParse(`a${char}b`);
      expect(result.success, JSON.stringify(char)).toBe(false);
      const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      expect(problems(result)).toEqual([
        {
          path: '',
          message: `不得包含换行符或控制字符（${code}）/ must not contain line breaks or control characters (${code})`,
        },
      ]);
    }
  });

  it('refuses a control character at either end instead of trimming it away', () => {
    expect(name.safeParse('abc\n').success).toBe(false);
    expect(name.safeParse('\tabc').success).toBe(false);
    expect(name.parse('  abc ')).toBe('abc');
  });

  it('refuses lone surrogates, high or low, and keeps pairs', () => {
    for (const text of ['\uD800', 'a\uDBFFb', '\uDC00', 'x\uDFFF', '\uDC00\uD800']) {
      expect(problems(name.safeParse(text))[0]?.message, JSON.stringify(text)).toMatch(/孤立代理项 U\+D[89A-F]/);
    }
    expect(name.parse('𠀀😀')).toBe('𠀀😀');
  });

  it('counts characters (code points) after trimming and NFC', () => {
    expect(name.parse('😀😀😀😀😀')).toBe('😀😀😀😀😀'); // 10 UTF-16 units, 5 characters
    expect(name.parse(' e\u0301e\u0301e\u0301e\u0301e\u0301 ')).toBe('ééééé'); // 10 code points before NFC
    expect(problems(name.safeParse('😀😀😀😀😀😀'))).toEqual([
      { path: '', message: '不得超过 5 个字符（当前 6 个）/ must be at most 5 characters (now 6)' },
    ]);
    expect(problems(name.safeParse('   '))).toEqual([{ path: '', message: '不能为空 / must not be empty' }]);
  });

  it('leaves NFC out and trimming out when told', () => {
    expect(singleLineText({ max: 5, nfc: false }).parse('e\u0301')).toBe('e\u0301');
    expect(singleLineText({ max: 5, trim: false }).parse(' a ')).toBe(' a ');
  });

  it('says in both languages when the field is missing or not text', () => {
    expect(problems(name.safeParse(undefined))[0]?.message).toBe('必填 / required');
    expect(problems(name.safeParse(5))[0]?.message).toBe('须为文字 / must be text');
  });
});

describe('multiLineText', () => {
  it('allows \\n, \\r\\n and tabs, refuses a lone \\r and other controls', () => {
    expect(note.parse('一\n二\r\n三\t四')).toBe('一\n二\r\n三\t四');
    expect(note.safeParse('a\rb').success).toBe(false);
    expect(note.safeParse('a\r').success).toBe(false);
    for (const char of ['\0', '\x1b', '\x7f', '\x85', '\u2028']) {
      expect(problems(note.safeParse(`a${char}b`))[0]?.message, JSON.stringify(char)).toMatch(/^不得包含控制字符/);
    }
  });
});

describe('the input schemas', () => {
  it('name the field that holds a refused character', () => {
    expect(problems(SignInSchema.safeParse({ username: 'a\0b', password: 'x' }))[0]?.path).toBe('username');
    const office = { parentId: '0196b6a4-6b1a-7000-8000-000000000001', level: 'county', name: '东湖\0纪委' };
    expect(problems(CreateOfficeSchema.safeParse(office))[0]?.path).toBe('name');
    expect(problems(CreateUserSchema.safeParse({ username: 'zhang', displayName: '张\uD800' }))[0]?.path).toBe(
      'displayName',
    );
    expect(problems(RejectGrantSchema.safeParse({ reason: '理由\x1b[2K' }))[0]?.path).toBe('reason');
  });

  it('never trim or normalise a password, refuse only NUL and lone surrogates at sign-in', () => {
    const password = ' e\u0301\t口令 ';
    expect(SignInSchema.parse({ username: 'zhang', password }).password).toBe(password);
    expect(problems(SignInSchema.safeParse({ username: 'zhang', password: 'a\0b' }))[0]?.path).toBe('password');
    expect(problems(SignInSchema.safeParse({ username: 'zhang', password: '\uDC00' }))[0]?.path).toBe('password');
    const change = { currentPassword: 'a\tb', newPassword: 'new\tpassword' };
    expect(problems(ChangePasswordSchema.safeParse(change)).map((p) => p.path)).toEqual(['newPassword']);
  });

  it('keeps the reject reason optional and an empty one empty', () => {
    expect(RejectGrantSchema.parse({})).toEqual({});
    expect(RejectGrantSchema.parse({ reason: '  ' })).toEqual({ reason: '' });
  });
});

describe('visibleText', () => {
  it('escapes controls, DEL, line separators, lone surrogates and bidi overrides; keeps the rest', () => {
    expect(visibleText('a\0b\r\n\x1b[2K\x7f\x9b')).toBe('a\\x00b\\x0d\\x0a\\x1b[2K\\x7f\\x9b');
    expect(visibleText('\u202eevil\u2066\u2069\u2028\uD800')).toBe('\\u202eevil\\u2066\\u2069\\u2028\\ud800');
    expect(visibleText('东湖镇纪委 مرحبا 😀 é')).toBe('东湖镇纪委 مرحبا 😀 é');
    expect(visibleText(visibleText('a\x1bb'))).toBe('a\\x1bb');
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 200 })], { numRuns: 300 })(
    'never lets a character through that a terminal acts on',
    (text) => {
      const shown = visibleText(text);
      expect(findTextProblem(shown, 'single')).toBeNull();
      expect(shown).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    },
  );

  test.prop([fc.string({ unit: 'grapheme', maxLength: 50 })], { numRuns: 200 })(
    'counts what the text rules accept as characters, one per code point',
    (text) => {
      expect(characterCount(text)).toBe(Array.from(text).length);
    },
  );
});
