// Keys for purposes other than encrypting identities, derived from the one data key with HKDF
// (RFC 5869) and a distinct label each: none is stored anywhere, every instance that shares
// DATA_ENCRYPTION_KEY derives the same ones, and a key leaked for one purpose opens no other.
import { hkdfSync } from 'node:crypto';

export type KeyPurpose = 'audit-chain' | 'web-chat-session' | 'throttle-subject';

export function deriveKey(dataKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `cu-tri ${purpose} v1`, 32));
}
