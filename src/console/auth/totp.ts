// Time-based one-time passwords (RFC 6238) through otpauth. The shared secret is kept sealed
// with the application's data key (src/security/crypto.ts), bound to the officer, never in
// plain text.
import { Secret, TOTP } from 'otpauth';
import { DecryptionError, openJson, sealJson } from '../../security/crypto.js';

const ISSUER = 'Cử Tri';
const context = (officerId: string) => `totp:${officerId}`;

export function sealTotpSecret(key: Buffer, base32Secret: string, officerId: string): string {
  return sealJson(key, base32Secret, context(officerId));
}

/** The secret of `officerId` (also from the format written before the envelope existed). */
export function openTotpSecret(key: Buffer, stored: string, officerId: string): string {
  const secret = openJson(key, stored, context(officerId));
  if (typeof secret !== 'string') throw new DecryptionError('unexpected content');
  return secret;
}

function totpFor(username: string, base32Secret: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(base32Secret),
  });
}

/** A fresh secret and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(username: string): { base32: string; uri: string } {
  const base32 = new Secret({ size: 20 }).base32;
  return { base32, uri: totpFor(username, base32).toString() };
}

const PERIOD_MS = 30_000;

/**
 * The time step of a valid code, or null. Only the current step and the previous one are
 * accepted (a code typed just before it changed): never a future one. The caller refuses a step
 * at or before the last one accepted, so a code works once (Officer.totpLastStep).
 */
export function acceptedTotpStep(username: string, base32Secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(username, base32Secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null || delta > 0) return null;
  return Math.floor(now.getTime() / PERIOD_MS) + delta;
}
