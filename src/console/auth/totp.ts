// Time-based one-time passwords (RFC 6238) through otpauth. The shared secret is kept
// encrypted with the application's data key (AES-256-GCM), never in plain text.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Cử Tri';

export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [version, iv, tag, body] = stored.split(':');
  if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

function totpFor(username: string, base32Secret: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32Secret) });
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
