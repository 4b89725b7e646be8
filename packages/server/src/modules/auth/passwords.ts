import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { LIMITS } from '@zhengming/contracts';
import { AppError } from '../../errors.js';

// Argon2id (algorithm 2) with the OWASP-recommended memory cost; @node-rs/argon2 runs it on the libuv
// thread pool, off the event loop.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The form a password is hashed and checked in. NFKC makes the full-width Latin letters and digits that a
 * Chinese input method types in its 全角 mode equal to the ordinary ones, and composed and decomposed
 * accents equal (NIST SP 800-63B §5.1.1.2 suggests normalising).
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password with Argon2id (after NFKC normalisation). */
export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS);
}

/** Verifies a password against its Argon2id hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password with the same parameters as real ones. Verifying against it when a username is
 * unknown makes that answer take as long as a wrong password for a known user.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

// No 0/O/1/l/I, so a password read aloud or copied from a printout is not mistyped.
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random one-time password (20 characters, ~115 bits) that the user must change at first sign-in. */
export function generateOneTimePassword(): string {
  let out = '';
  for (let i = 0; i < 20; i += 1) {
    out += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
  }
  return out;
}

// ── Policy ────────────────────────────────────────────────────────────────────

const COMMON_PASSWORDS_FILE = new URL('../../../data/passwords/common-passwords.txt', import.meta.url);

let commonPasswords: Set<string> | undefined;

/**
 * The shipped list of common and breached passwords (data/passwords/README.md), lower-cased, read once on first
 * use. The same file at the same relative place serves src/ (tests) and dist/ (the built server).
 */
function commonPasswordSet(): Set<string> {
  if (commonPasswords === undefined) {
    const text = fs.readFileSync(COMMON_PASSWORDS_FILE, 'utf8');
    commonPasswords = new Set(text.split('\n').filter((line) => line !== ''));
  }
  return commonPasswords;
}

/** What a password may not contain besides itself: the account's own names. */
export interface PasswordContext {
  username: string;
  displayName: string;
}

export type PasswordPolicyResult = { ok: true } | { ok: false; reasons: string[] };

/** Shortest name that is looked for inside a password; a single character would refuse far too much. */
const MIN_CONTEXT_WORD_LENGTH = 2;

/** True when the whole password is one short unit repeated ('aaaaaaaaaaaa', 'abcabcabcabc', '121212121212'). */
function isRepetition(characters: readonly string[]): boolean {
  for (let unit = 1; unit <= 4 && unit * 2 <= characters.length; unit += 1) {
    if (characters.length % unit === 0 && characters.every((c, i) => c === characters[i % unit])) {
      return true;
    }
  }
  return false;
}

/**
 * Checks a new password against the policy of OWASP ASVS 5 level 2: 12 to 128 characters (Unicode code points
 * after NFKC; any character allowed, no composition rules), not on the shipped list of common and breached
 * passwords, not the account's username or display name nor containing them, and not one short unit repeated.
 * Comparisons ignore case. Reasons are Chinese messages for the user, one per broken rule.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext): PasswordPolicyResult {
  const normalized = normalizePassword(password);
  const lower = normalized.toLowerCase();
  const characters = [...normalized];
  const reasons: string[] = [];
  if (characters.length < LIMITS.passwordMinLength) {
    reasons.push(`密码至少需要 ${LIMITS.passwordMinLength} 个字符（当前 ${characters.length} 个）。`);
  }
  if (characters.length > LIMITS.passwordMaxLength) {
    reasons.push(`密码不能超过 ${LIMITS.passwordMaxLength} 个字符。`);
  }
  if (commonPasswordSet().has(lower)) {
    reasons.push('该密码是常见密码或已在数据泄露中出现，请换一个不易被猜到的密码。');
  }
  const names = [context.username, context.displayName]
    .map((name) => normalizePassword(name).trim().toLowerCase())
    .filter((name) => [...name].length >= MIN_CONTEXT_WORD_LENGTH);
  if (names.some((name) => lower.includes(name))) {
    reasons.push('密码不能包含用户名或姓名。');
  }
  if (characters.length > 0 && isRepetition(characters.map((c) => c.toLowerCase()))) {
    reasons.push('密码不能由同一组字符简单重复组成。');
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

/** Throws WEAK_PASSWORD with the broken rules as the user message (and one detail each) unless the password passes. */
export function assertPasswordPolicy(password: string, context: PasswordContext, field = 'newPassword'): void {
  const result = checkPasswordPolicy(password, context);
  if (!result.ok) {
    throw new AppError('WEAK_PASSWORD', `password policy: ${result.reasons.length} rule(s) broken`, {
      userMessage: result.reasons.join(''),
      details: result.reasons.map((message) => ({ path: field, message })),
    });
  }
}
