// Web chat session ids are issued by the server: 18 random bytes and an HMAC of them under a key
// derived from the data key, so an id cannot be guessed (who holds one reads that session's
// messages) nor made up by a client to pose as many citizens. Any instance that shares
// DATA_ENCRYPTION_KEY recognises the ids of the others; nothing is stored to check one.
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../security/crypto.js';

const RANDOM_BYTES = 18;
const MAC_BYTES = 16;
/** 24 + 22 base64url characters: within the 16–128 characters product.md allows. */
const ISSUED_ID = /^[A-Za-z0-9_-]{46}$/;

export interface WebChatSessionIds {
  issue(): string;
  isIssued(id: string): boolean;
}

export function createWebChatSessionIds(key: Buffer): WebChatSessionIds {
  const mac = (random: Buffer) => createHmac('sha256', key).update(random).digest().subarray(0, MAC_BYTES);
  return {
    issue() {
      const random = randomBytes(RANDOM_BYTES);
      return `${random.toString('base64url')}${mac(random).toString('base64url')}`;
    },
    isIssued(id) {
      if (!ISSUED_ID.test(id)) return false;
      const random = Buffer.from(id.slice(0, 24), 'base64url');
      const given = Buffer.from(id.slice(24), 'base64url');
      // base64url has spare bits in its last character: only the one spelling the server wrote is accepted
      if (random.length !== RANDOM_BYTES || given.length !== MAC_BYTES || given.toString('base64url') !== id.slice(24))
        return false;
      return safeEqual(id.slice(24), mac(random).toString('base64url'));
    },
  };
}
