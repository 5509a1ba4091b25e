// The one encryption envelope of the application: AES-256-GCM with the data key
// (DATA_ENCRYPTION_KEY), a random 96-bit IV per value, and a context string as associated data,
// so a ciphertext copied to another place (another ticket, another chat, another officer) does
// not open there. Used for reporters' identities, intake drafts, the outbox's messages and TOTP
// secrets. Format "v1.<iv>.<tag>.<ciphertext>", base64url parts, JSON inside; a new cipher or key
// would come under a new version label.
//
// Old values are still read: TOTP secrets were written as "v1:<iv>:<tag>:<body>" (base64, the
// secret as plain text, no context) before this module existed; databases hold them until the
// officer enrols again.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Wrong key, wrong context, tampering or an unknown format: the value cannot be opened. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt a stored value: ${reason}; is DATA_ENCRYPTION_KEY the key the data was written with?`);
    this.name = 'DecryptionError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes (AES-256)');
}

/** Encrypts `value` (as JSON) bound to `context`, e.g. the ticket id or "outbox:telegram:<user>". */
export function sealJson(key: Buffer, value: unknown, context: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

/** Decrypts and authenticates what sealJson wrote with the same `context`; throws DecryptionError. */
export function openJson(key: Buffer, sealed: string, context: string): unknown {
  checkKey(key);
  if (sealed.startsWith(`${VERSION}:`)) return openLegacyText(key, sealed);
  const [version, iv, tag, ciphertext, extra] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || extra !== undefined)
    throw new DecryptionError('unknown format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(
      Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8'),
    );
  } catch {
    throw new DecryptionError('authentication failed');
  }
}

/** The old TOTP format: a plain text, no context. */
function openLegacyText(key: Buffer, sealed: string): string {
  const [, iv, tag, body, extra] = sealed.split(':');
  if (iv === undefined || tag === undefined || body === undefined || extra !== undefined)
    throw new DecryptionError('unknown format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('authentication failed');
  }
}

/**
 * Compares a secret someone presented with the expected one in constant time. Both are hashed
 * first, so neither the content nor the length of the expected value shows in the timing.
 */
export function safeEqual(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected)) && presented.length === expected.length;
}
