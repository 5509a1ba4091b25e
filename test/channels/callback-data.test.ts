// Telegram buttons carry at most 64 bytes: long option ids still come back as themselves.
import { describe, expect, it } from 'vitest';
import { CallbackData } from '../../src/channels/telegram/callback-data.js';

describe('Telegram callback data', () => {
  it('sends short ids as they are and long ones as a short key that decodes back', () => {
    const data = new CallbackData();
    expect(data.encode('flow:intake')).toBe('flow:intake');
    const long = `faq:${'thủ-tục-bầu-cử-'.repeat(6)}`;
    const key = data.encode(long);
    expect(Buffer.byteLength(key, 'utf8')).toBeLessThanOrEqual(64);
    expect(data.decode(key)).toBe(long);
    // after a restart the key is unknown: it reaches the engine as an unknown (stale) choice
    expect(new CallbackData().decode(key)).toBe(key);
  });
});
