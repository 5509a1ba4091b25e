// One back-off, one abortable wait, one call deadline (src/lib/backoff.ts).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { backoffMs, deadline, wait } from '../../src/lib/backoff.js';

describe('back-off and waits', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, { baseMs: 500, maxMs: 3000 }))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
    expect(backoffMs(0, { baseMs: 500, maxMs: 3000 })).toBe(500);
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
  });
});

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}
