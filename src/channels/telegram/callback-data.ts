// Telegram's callback_data holds 1–64 bytes. Option ids that fit go as they are; longer ones
// (a long FAQ id, a locality code with a prefix) travel as a short hash remembered here. After a
// restart an unknown hash reads as an unknown choice, which the engine answers as a stale button.
import { createHash } from 'node:crypto';

const MAX_BYTES = 64;
const HASH_PREFIX = '#';
const REMEMBERED = 50_000;

export class CallbackData {
  private readonly long = new Map<string, string>();

  encode(optionId: string): string {
    if (Buffer.byteLength(optionId, 'utf8') <= MAX_BYTES && !optionId.startsWith(HASH_PREFIX)) return optionId;
    const key = HASH_PREFIX + createHash('sha256').update(optionId).digest('base64url').slice(0, 22);
    if (this.long.size >= REMEMBERED) this.long.delete(this.long.keys().next().value ?? '');
    this.long.set(key, optionId);
    return key;
  }

  decode(data: string): string {
    return data.startsWith(HASH_PREFIX) ? (this.long.get(data) ?? data) : data;
  }
}
