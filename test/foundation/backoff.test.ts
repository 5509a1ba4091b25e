// One back-off, one abortable wait, one call deadline (src/lib/backoff.ts).
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { backoffMs, deadline, wait } from '../../src/lib/backoff.js';
import { repeatWithBackOff } from '../../src/channels/repeat-with-back-off.js';
import { createLogger } from '../../src/logger.js';

describe('back-off and waits', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, { baseMs: 500, maxMs: 3000 }))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
    expect(backoffMs(0, { baseMs: 500, maxMs: 3000 })).toBe(500);
  });

  it('repeats a failing step after waits that double up to the cap, and logs one error for the streak', async () => {
    const stop = new AbortController();
    const startedAt: number[] = [];
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => (lines.push(chunk.toString('utf8')), callback()),
    });
    await repeatWithBackOff({
      channel: 'telegram',
      what: 'poll for updates',
      signal: stop.signal,
      logger: createLogger('info', sink),
      hint: () => 'check the token',
      initialDelayMs: 100,
      maxDelayMs: 400,
      step: async () => {
        startedAt.push(performance.now());
        if (startedAt.length <= 5) throw new Error('502 Bad Gateway');
        return 'done';
      },
    });
    const gaps = startedAt.slice(1).map((time, index) => time - (startedAt[index] ?? time));
    // 100, 200, 400, then 400 and 400 at the cap (each a little late on a busy machine, never early)
    [100, 200, 400, 400, 400].forEach((expected, index) => {
      expect(gaps[index], `wait after failure ${index + 1}`).toBeGreaterThanOrEqual(expected - 1);
      expect(gaps[index], `wait after failure ${index + 1}`).toBeLessThan(expected + 150);
    });
    expect(lines.filter((line) => line.includes('"level":50'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('poll for updates works again'))).toHaveLength(1);
  });

  it('ends a wait as soon as its signal aborts, without throwing', async () => {
    const stop = new AbortController();
    const waiting = wait(60_000, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(wait(60_000, AbortSignal.abort())).resolves.toBeUndefined();
  });

  it('aborts a call at its deadline even after a garbage collection, or at once when the app stops', async () => {
    const stopping = new AbortController();
    const timed = deadline(50, stopping.signal);
    const fired = new Promise((resolve) => timed.addEventListener('abort', () => resolve('aborted'), { once: true }));
    // Node 20 drops a timeout signal that nothing holds (a hung call then held its chat for ever)
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(
      await Promise.race([fired, new Promise((resolve) => setTimeout(() => resolve('never aborted'), 2_000))]),
    ).toBe('aborted');
    expect(timed.reason).toMatchObject({ name: 'TimeoutError' });
    const stopped = deadline(60_000, stopping.signal);
    stopping.abort();
    expect(stopped.aborted).toBe(true);
    expect(deadline(60_000, stopping.signal).aborted).toBe(true);
  });

  it('gives the calls of one tenth of a second one shared signal, never a shorter deadline, and one listener per stop signal', async () => {
    const stopping = new AbortController();
    const started = Date.now();
    // a broadcast's thousands of calls a second must not each keep a signal and a timer for 20 s
    const signals = new Set(Array.from({ length: 1000 }, () => deadline(150, stopping.signal)));
    expect(signals.size).toBeLessThanOrEqual(2);
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(1);
    const first = [...signals][0];
    const fired = await new Promise<number>((resolve) =>
      first?.addEventListener('abort', () => resolve(Date.now()), { once: true }),
    );
    expect(fired - started).toBeGreaterThanOrEqual(149);
    expect(fired - started).toBeLessThan(1_000);
    expect(first?.reason).toMatchObject({ name: 'TimeoutError' });
    expect(deadline(150).aborted).toBe(false);
    stopping.abort();
  });
});

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}
