// A reporter's identity at rest: sealed with the application's envelope (src/security/crypto.ts)
// bound to the ticket id, so a ciphertext copied onto another ticket does not open. Plaintext
// never leaves these two functions except to the caller.
import { z } from 'zod';
import { DecryptionError, openJson, sealJson } from '../security/crypto.js';
import type { ReporterIdentity } from './types.js';

const identitySchema = z.object({ fullName: z.string(), address: z.string(), phone: z.string() });

export function encryptIdentity(key: Buffer, identity: ReporterIdentity, ticketId: string): string {
  return sealJson(key, { fullName: identity.fullName, address: identity.address, phone: identity.phone }, ticketId);
}

/** Throws DecryptionError on a wrong key, a wrong ticket or tampering. */
export function decryptIdentity(key: Buffer, payload: string, ticketId: string): ReporterIdentity {
  const parsed = identitySchema.safeParse(openJson(key, payload, ticketId));
  if (!parsed.success) throw new DecryptionError('unexpected content');
  return parsed.data;
}
