import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { DEFAULT_TEST_PASSWORD } from '../../test-support/builders.js';
import { assertPasswordPolicy, checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

const who = { username: 'zhangsan', displayName: '张三' };

describe('checkPasswordPolicy', () => {
  it('refuses a password shorter than 12 characters', () => {
    const result = checkPasswordPolicy('Xq7#vL9!pR2', who);
    expect(result).toEqual({ ok: false, reasons: ['密码至少需要 12 个字符（当前 11 个）。'] });
  });

  it('counts characters, not bytes or UTF-16 units: 12 Chinese characters pass, 11 do not', () => {
    expect(checkPasswordPolicy('春眠不觉晓处处闻啼鸟夜来', who)).toEqual({ ok: true });
    expect(checkPasswordPolicy('春眠不觉晓处处闻啼鸟夜', who).ok).toBe(false);
    // Characters outside the BMP are one character each, though two UTF-16 units.
    expect(checkPasswordPolicy('𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊', who).ok).toBe(false);
  });

  it('accepts a 64-character password and a Chinese passphrase with no composition rules', () => {
    const long = 'the quick brown fox jumps over the lazy dog while 正名 keeps watch';
    expect([...long].length).toBe(64);
    expect(checkPasswordPolicy(long, who)).toEqual({ ok: true });
    expect(checkPasswordPolicy('澄清正名不冤枉一个好干部', who)).toEqual({ ok: true });
    expect(checkPasswordPolicy('alllowercaselettersonly', who)).toEqual({ ok: true });
  });

  it('accepts 128 characters and refuses 129', () => {
    expect(checkPasswordPolicy('正'.repeat(64) + 'ab'.repeat(30) + 'xyz!', who).ok).toBe(true);
    const tooLong = checkPasswordPolicy('k3'.repeat(64) + 'q', who);
    expect(tooLong).toEqual({ ok: false, reasons: ['密码不能超过 128 个字符。'] });
  });

  it('refuses passwords on the shipped list of common and breached passwords, ignoring case', () => {
    for (const common of ['password1234', 'PassWord1234', '1qaz2wsx3edc', 'QWERTYUIOP123', 'iloveyou1234']) {
      const result = checkPasswordPolicy(common, who);
      expect(result.ok, common).toBe(false);
      expect(result.ok ? [] : result.reasons).toContain(
        '该密码是常见密码或已在数据泄露中出现，请换一个不易被猜到的密码。',
      );
    }
  });

  it('reads full-width letters typed in a Chinese input method as ordinary ones (NFKC)', () => {
    // 'ｐａｓｓｗｏｒｄ１２３４' is 'password1234' in full-width forms.
    expect(checkPasswordPolicy('ｐａｓｓｗｏｒｄ１２３４', who).ok).toBe(false);
  });

  it('refuses a password that is or contains the username or the display name', () => {
    const reason = '密码不能包含用户名或姓名。';
    expect(checkPasswordPolicy('zhangsan', who)).toEqual({
      ok: false,
      reasons: ['密码至少需要 12 个字符（当前 8 个）。', reason],
    });
    expect(checkPasswordPolicy('ZhangSan-likes-tea', who)).toEqual({ ok: false, reasons: [reason] });
    expect(checkPasswordPolicy('我是张三我的密码很长很长', who)).toEqual({ ok: false, reasons: [reason] });
  });

  it('refuses one short unit repeated', () => {
    const reason = '密码不能由同一组字符简单重复组成。';
    for (const repeated of ['ggggggggggggggg', 'abcabcabcabc', '正名正名正名正名正名正名', 'xyzwxyzwxyzw']) {
      const result = checkPasswordPolicy(repeated, who);
      expect(result.ok ? [] : result.reasons, repeated).toContain(reason);
    }
    expect(checkPasswordPolicy('abcdeabcdeab', who)).toEqual({ ok: true });
  });

  it('lets the default test password pass', () => {
    expect(checkPasswordPolicy(DEFAULT_TEST_PASSWORD, { username: 'intake1', displayName: '测试用户' })).toEqual({
      ok: true,
    });
  });
});

describe('assertPasswordPolicy', () => {
  it('throws WEAK_PASSWORD with the reasons as the user message and details', () => {
    let caught: unknown;
    try {
      assertPasswordPolicy('short', who);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('WEAK_PASSWORD');
    expect(error.userMessage).toBe('密码至少需要 12 个字符（当前 5 个）。');
    expect(error.details).toEqual([{ path: 'newPassword', message: '密码至少需要 12 个字符（当前 5 个）。' }]);
  });
});

describe('hashPassword', () => {
  it('verifies the same password, also typed in full-width forms, and refuses another', async () => {
    const hash = await hashPassword('Tea-at-9am-每天');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Tea-at-9am-每天')).toBe(true);
    expect(await verifyPassword(hash, 'Ｔｅａ-ａｔ-９ａｍ-每天')).toBe(true);
    expect(await verifyPassword(hash, 'tea-at-9am-每天')).toBe(false);
    expect(await verifyPassword('not a hash', 'Tea-at-9am-每天')).toBe(false);
  });
});
