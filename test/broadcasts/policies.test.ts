// Pure rules of the broadcast engine: quiet hours, the retry policy and the reminder texts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isQuietTime } from '../../src/broadcasts/quiet-hours.js';
import { decideResult } from '../../src/broadcasts/delivery-engine.js';
import { backoffMs } from '../../src/lib/backoff.js';
import { channelRates, DEFAULT_BROADCAST_SETTINGS } from '../../src/settings/broadcast-settings.js';
import { REMINDER_KEYS } from '../../src/broadcasts/reminder-plan.js';

const zone = 'Asia/Ho_Chi_Minh';
const quiet = { start: '21:00', end: '06:00' };

describe('quiet hours', () => {
  it.each([
    ['2021-05-20T13:59:00Z', false], // 20:59 local
    ['2021-05-20T14:00:00Z', true], // 21:00
    ['2021-05-20T19:00:00Z', true], // 02:00
    ['2021-05-20T22:59:00Z', true], // 05:59
    ['2021-05-20T23:00:00Z', false], // 06:00
  ])('%s local quiet: %s', (at, expected) => {
    expect(isQuietTime(new Date(at), quiet, zone)).toBe(expected);
  });
  it('none when switched off', () => {
    expect(isQuietTime(new Date('2021-05-20T19:00:00Z'), null, zone)).toBe(false);
  });
});

describe('retry policy', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 };
  const now = new Date('2021-05-20T00:00:00Z');
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, { baseMs: 1000, maxMs: 3000 }))).toEqual([
      1000, 2000, 3000, 3000,
    ]);
  });
  it('retries a retryable failure, then fails it on the last attempt', () => {
    expect(decideResult({ status: 'failed', retryable: true, error: '502' }, 0, policy, now, 0)).toMatchObject({
      kind: 'retry',
      countsAttempt: true,
      at: new Date(now.getTime() + 1000),
    });
    expect(decideResult({ status: 'failed', retryable: true, error: '502' }, 2, policy, now, 0)).toEqual({
      kind: 'failed',
      error: '502',
    });
    expect(decideResult({ status: 'failed', retryable: false, error: '400' }, 0, policy, now, 0)).toEqual({
      kind: 'failed',
      error: '400',
    });
  });
  it('never retries an unreachable chat and unsubscribes it', () => {
    expect(decideResult({ status: 'unreachable', error: '403' }, 0, policy, now, 0)).toEqual({
      kind: 'skipped',
      reason: '403',
      unsubscribe: true,
    });
  });
  it('a rate limit costs no attempt and waits for the channel pause', () => {
    expect(decideResult({ status: 'rate_limited', retryAfterMs: 5000, error: '429' }, 2, policy, now, 5000)).toEqual({
      kind: 'retry',
      error: '429',
      at: new Date(now.getTime() + 5000),
      countsAttempt: false,
    });
  });
});

describe('broadcast settings', () => {
  it('Telegram stays within the free 30/s unless paid broadcasts are on', () => {
    expect(channelRates(DEFAULT_BROADCAST_SETTINGS).telegram).toBe(25);
    expect(channelRates({ ...DEFAULT_BROADCAST_SETTINGS, telegramPerSecond: 500 }).telegram).toBe(30);
    expect(
      channelRates({ ...DEFAULT_BROADCAST_SETTINGS, telegramPerSecond: 500, telegramPaidBroadcast: true }).telegram,
    ).toBe(500);
  });
});

describe('reminder texts', () => {
  const texts = z.object({
    reminder: z.record(z.string(), z.object({ title: z.string().min(1), text: z.string().min(1) })),
  });
  const read = (locale: string) => texts.parse(JSON.parse(readFileSync(`locales/${locale}/broadcasts.json`, 'utf8')));
  it('exist in Vietnamese and English for every reminder', () => {
    for (const locale of ['vi', 'en'])
      expect(Object.keys(read(locale).reminder).sort()).toEqual([...REMINDER_KEYS].sort());
  });
});
