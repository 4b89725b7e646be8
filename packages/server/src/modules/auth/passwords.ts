import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Argon2id (algorithm 2) with the OWASP-recommended memory cost; @node-rs/argon2 runs it on the libuv
// thread pool, off the event loop.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with Argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Verifies a password against its Argon2id hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
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
