// A reporter's identity at rest: AES-256-GCM with the application key, a random 96-bit IV per
// value, and the ticket id as associated data (a ciphertext copied onto another ticket does not
// decrypt). Format "v1.<iv>.<tag>.<ciphertext>", base64url parts, so the key or cipher can change
// later under a new version prefix. Plaintext never leaves these two functions except to the caller.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ReporterIdentity } from './types.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const identitySchema = z.object({ fullName: z.string(), address: z.string(), phone: z.string() });

export class IdentityDecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt the reporter's identity: ${reason}; is DATA_ENCRYPTION_KEY the key the data was written with?`);
    this.name = 'IdentityDecryptionError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('the identity key must be 32 bytes (AES-256)');
}

/** Encrypts a value bound to `context` (the ticket id, or a draft's intake key). */
export function encryptJson(key: Buffer, value: unknown, context: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Decrypts and authenticates; throws IdentityDecryptionError on a wrong key, context or tampering. */
export function decryptJson(key: Buffer, payload: string, context: string): unknown {
  checkKey(key);
  const [version, iv, tag, ciphertext] = payload.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) throw new IdentityDecryptionError(`unknown format ${payload.slice(0, 3)}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(plaintext);
  } catch {
    throw new IdentityDecryptionError('authentication failed');
  }
}

export function encryptIdentity(key: Buffer, identity: ReporterIdentity, ticketId: string): string {
  return encryptJson(key, { fullName: identity.fullName, address: identity.address, phone: identity.phone }, ticketId);
}

export function decryptIdentity(key: Buffer, payload: string, ticketId: string): ReporterIdentity {
  const parsed = identitySchema.safeParse(decryptJson(key, payload, ticketId));
  if (!parsed.success) throw new IdentityDecryptionError('unexpected content');
  return parsed.data;
}
