import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** The issuer an authenticator app shows above the code. */
export const TOTP_ISSUER = '正名 Zhengming';
const PERIOD_SECONDS = 30;
/** Codes of the previous and the next 30-second step are accepted too, for clocks a little apart. */
const WINDOW_STEPS = 1;
const SECRET_BYTES = 20;

/** A fresh random TOTP secret (160 bits, as RFC 4226 recommends). */
export function generateTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

function totpFor(secret: Uint8Array, username: string): TOTP {
  const copy = new Uint8Array(secret);
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: copy.buffer }),
  });
}

/** The base32 form of a secret that a user types into an authenticator app by hand. */
export function totpSecretBase32(secret: Uint8Array): string {
  return new Secret({ buffer: new Uint8Array(secret).buffer }).base32;
}

/** The otpauth:// URL and a QR code of it (PNG data URL) for enrolling `secret` in an authenticator app. */
export async function describeTotpEnrolment(
  secret: Uint8Array,
  username: string,
): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const otpauthUrl = totpFor(secret, username).toString();
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { secret: totpSecretBase32(secret), otpauthUrl, qrDataUrl };
}

/**
 * The time step (30-second counter) whose code `code` is, within one step either side of `now`, or null when it
 * matches none. The caller refuses a step not later than the last one used, so a code works only once.
 */
export function matchTotpStep(secret: Uint8Array, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const totp = totpFor(secret, '');
  const delta = totp.validate({ token: code, timestamp, window: WINDOW_STEPS });
  return delta === null ? null : totp.counter({ timestamp }) + delta;
}

/** The code of `secret` at `at` (tests and the test sign-in helper compute codes with it). */
export function totpCodeAt(secret: Uint8Array, at: Date): string {
  return totpFor(secret, '').generate({ timestamp: at.getTime() });
}
