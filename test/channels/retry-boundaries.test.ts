// The retry policy at its edges, and the wrapper every platform call goes through: the last
// attempt, a 429 exactly as long as the longest inline wait, the channel-wide pause (which only
// ever grows), and a stop in the middle of a streak. The platform is a function of the test.
import { describe, expect, it } from 'vitest';
import {
  callWithRetry,
  ChannelGate,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type PlatformFailure,
  type RetryPolicy,
} from '../../src/channels/retry.js';
import { wait } from '../../src/lib/backoff.js';

const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40, maxInlineWaitMs: 1_000 };
const tooMany = (retryAfterSeconds?: number): PlatformFailure => ({
  code: 429,
  description: 'Too Many Requests',
  unreachable: false,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});
const badGateway: PlatformFailure = { code: 502, description: 'Bad Gateway', unreachable: false };
const network: PlatformFailure = { description: 'ECONNRESET', unreachable: false };

/** A platform call that fails with `failures` in turn, then answers `value`; counts its calls. */
function flaky<T>(failures: PlatformFailure[], value: T) {
  const calls: number[] = [];
  return {
    calls,
    call: async () => {
      calls.push(Date.now());
      const failure = failures[calls.length - 1];
      if (failure) throw failure;
      return value;
    },
    classify: (error: unknown) => error as PlatformFailure,
  };
}

describe('the retry policy at its edges', () => {
  it('tries four times by default, backing off from 0.5 s to at most 30 s, and waits inline for a 429 of up to a minute', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxInlineWaitMs: 60_000,
    });
  });

  it('waits inline for a 429 of exactly the longest inline wait, and hands a longer one back', () => {
    expect(decideRetry(tooMany(60), 1)).toEqual({ action: 'retry', delayMs: 60_000, pauseChannel: true });
    expect(decideRetry(tooMany(61), 1)).toMatchObject({
      action: 'stop',
      outcome: { status: 'rate_limited', retryAfterMs: 61_000 },
    });
  });

  it('retries a 429 before the last attempt and hands it back at the last one', () => {
    expect(decideRetry(tooMany(2), 3)).toEqual({ action: 'retry', delayMs: 2_000, pauseChannel: true });
    expect(decideRetry(tooMany(2), 4)).toEqual({
      action: 'stop',
      outcome: { status: 'rate_limited', retryAfterMs: 2_000, error: '429: Too Many Requests' },
    });
  });

  it('waits one second for a 429 that does not say how long, and never a negative time', () => {
    expect(decideRetry(tooMany(), 1)).toEqual({ action: 'retry', delayMs: 1_000, pauseChannel: true });
    expect(decideRetry(tooMany(-5), 1)).toEqual({ action: 'retry', delayMs: 0, pauseChannel: true });
  });

  it('says what failed: the code and the description, or the description alone for a network error', () => {
    expect(decideRetry(badGateway, 4)).toEqual({
      action: 'stop',
      outcome: { status: 'failed', retryable: true, error: '502: Bad Gateway' },
    });
    expect(decideRetry(network, 4)).toEqual({
      action: 'stop',
      outcome: { status: 'failed', retryable: true, error: 'ECONNRESET' },
    });
  });

  it('retries a 500 (the first server error) but not a 499', () => {
    const serverError = { code: 500, description: 'Internal Server Error', unreachable: false };
    expect(decideRetry(serverError, 1)).toEqual({ action: 'retry', delayMs: 500, pauseChannel: false });
    expect(decideRetry({ code: 499, description: 'Client Closed', unreachable: false }, 1)).toEqual({
      action: 'stop',
      outcome: { status: 'failed', retryable: false, error: '499: Client Closed' },
    });
  });
});

describe('the channel gate', () => {
  it('is open until paused, then stays closed for the pause; a shorter pause never shortens it', async () => {
    const gate = new ChannelGate();
    expect(gate.pausedUntil).toBe(0);
    const before = Date.now();
    gate.pause(150);
    expect(gate.pausedUntil).toBeGreaterThanOrEqual(before + 150);
    const longest = gate.pausedUntil;
    gate.pause(10);
    expect(gate.pausedUntil).toBe(longest);
    await gate.untilOpen();
    expect(Date.now()).toBeGreaterThanOrEqual(longest);
    expect(Date.now() - before).toBeGreaterThanOrEqual(148);
  });

  it('opens at once for a caller that is stopping', async () => {
    const gate = new ChannelGate();
    gate.pause(60_000);
    const stopping = new AbortController();
    const waiting = gate.untilOpen(stopping.signal);
    setTimeout(() => stopping.abort(), 20);
    const start = Date.now();
    await waiting;
    expect(Date.now() - start).toBeLessThan(1_000);
    await gate.untilOpen(AbortSignal.abort());
  });

  it('does not wait when the pause is over', async () => {
    const gate = new ChannelGate();
    gate.pause(0);
    const start = Date.now();
    await gate.untilOpen();
    expect(Date.now() - start).toBeLessThan(50);
  });
});

describe('a platform call under the policy', () => {
  it('answers the value of a call that succeeds, calling once', async () => {
    const platform = flaky([], 'message 42');
    expect(await callWithRetry(new ChannelGate(), platform.call, platform.classify, FAST)).toEqual({
      ok: true,
      value: 'message 42',
    });
    expect(platform.calls).toHaveLength(1);
  });

  it('retries 5xx with back-off up to the last attempt, then reports a retryable failure', async () => {
    const platform = flaky([badGateway, badGateway, badGateway, badGateway], 'never');
    const result = await callWithRetry(new ChannelGate(), platform.call, platform.classify, FAST);
    expect(result).toEqual({ ok: false, outcome: { status: 'failed', retryable: true, error: '502: Bad Gateway' } });
    expect(platform.calls).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = platform.calls;
    expect(second - first).toBeGreaterThanOrEqual(9);
    expect(third - second).toBeGreaterThanOrEqual(19);
  });

  it('goes through after a few server errors', async () => {
    const platform = flaky([network, badGateway], 'sent');
    expect(await callWithRetry(new ChannelGate(), platform.call, platform.classify, FAST)).toEqual({
      ok: true,
      value: 'sent',
    });
    expect(platform.calls).toHaveLength(3);
  });

  it('pauses the whole channel for a 429: another call of the channel waits too', async () => {
    const gate = new ChannelGate();
    const platform = flaky([tooMany(0.2)], 'sent');
    const start = Date.now();
    const first = callWithRetry(gate, platform.call, platform.classify, FAST);
    await wait(20);
    expect(gate.pausedUntil).toBeGreaterThanOrEqual(start + 200);
    const other = flaky([], 'other');
    expect(await callWithRetry(gate, other.call, other.classify, FAST)).toEqual({ ok: true, value: 'other' });
    expect((other.calls[0] ?? 0) - start).toBeGreaterThanOrEqual(195);
    expect(await first).toEqual({ ok: true, value: 'sent' });
    expect((platform.calls[1] ?? 0) - start).toBeGreaterThanOrEqual(195);
  });

  it('hands a 429 too long to wait for back to the caller and keeps the channel paused for it', async () => {
    const gate = new ChannelGate();
    const platform = flaky([tooMany(5)], 'never');
    const start = Date.now();
    const result = await callWithRetry(gate, platform.call, platform.classify, FAST);
    expect(result).toEqual({
      ok: false,
      outcome: { status: 'rate_limited', retryAfterMs: 5_000, error: '429: Too Many Requests' },
    });
    expect(platform.calls).toHaveLength(1);
    expect(gate.pausedUntil).toBeGreaterThanOrEqual(start + 5_000);
  });

  it('does not pause the channel for a failure that is not a 429', async () => {
    const gate = new ChannelGate();
    const platform = flaky([{ code: 400, description: 'Bad Request', unreachable: false }], 'never');
    expect(await callWithRetry(gate, platform.call, platform.classify, FAST)).toEqual({
      ok: false,
      outcome: { status: 'failed', retryable: false, error: '400: Bad Request' },
    });
    expect(gate.pausedUntil).toBe(0);
  });

  it('gives up at once, retryable, when the app is stopping: before the call, or during a back-off', async () => {
    const platform = flaky([], 'never');
    const stopped = { ok: false, outcome: { status: 'failed', retryable: true, error: 'stopped before sending' } };
    expect(await callWithRetry(new ChannelGate(), platform.call, platform.classify, FAST, AbortSignal.abort())).toEqual(
      stopped,
    );
    expect(platform.calls).toHaveLength(0);

    const slow: RetryPolicy = { ...FAST, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const stopping = new AbortController();
    const failing = flaky([badGateway, badGateway], 'never');
    const start = Date.now();
    const result = callWithRetry(new ChannelGate(), failing.call, failing.classify, slow, stopping.signal);
    await wait(30);
    stopping.abort();
    expect(await result).toEqual(stopped);
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(failing.calls).toHaveLength(1);
  });

  it('backs off a 5xx for its own call only: another call of the channel goes at once', async () => {
    const gate = new ChannelGate();
    const slow: RetryPolicy = { ...FAST, baseDelayMs: 300, maxDelayMs: 300 };
    const platform = flaky([badGateway], 'sent');
    const start = Date.now();
    const first = callWithRetry(gate, platform.call, platform.classify, slow);
    await wait(20);
    const other = flaky([], 'other');
    expect(await callWithRetry(gate, other.call, other.classify, slow)).toEqual({ ok: true, value: 'other' });
    expect((other.calls[0] ?? 0) - start).toBeLessThan(250);
    expect(gate.pausedUntil).toBe(0);
    expect(await first).toEqual({ ok: true, value: 'sent' });
    expect((platform.calls[1] ?? 0) - start).toBeGreaterThanOrEqual(295);
  });

  it('does not pause the channel for a 429 it will not retry because the app is stopping', async () => {
    const gate = new ChannelGate();
    const stopping = new AbortController();
    const result = await callWithRetry(
      gate,
      async () => {
        stopping.abort();
        throw tooMany(0.5);
      },
      (error) => error as PlatformFailure,
      FAST,
      stopping.signal,
    );
    expect(result).toEqual({
      ok: false,
      outcome: { status: 'failed', retryable: true, error: 'stopped before sending' },
    });
    expect(gate.pausedUntil).toBe(0);
  });

  it('gives up when the app stops while the call is in flight, without retrying', async () => {
    const stopping = new AbortController();
    let calls = 0;
    const result = await callWithRetry(
      new ChannelGate(),
      async () => {
        calls += 1;
        stopping.abort();
        throw badGateway;
      },
      (error) => error as PlatformFailure,
      FAST,
      stopping.signal,
    );
    expect(result).toEqual({
      ok: false,
      outcome: { status: 'failed', retryable: true, error: 'stopped before sending' },
    });
    expect(calls).toBe(1);
  });
});

describe('an abortable wait', () => {
  it('waits the time it is given', async () => {
    const start = Date.now();
    await wait(120, new AbortController().signal);
    expect(Date.now() - start).toBeGreaterThanOrEqual(115);
    const unsignalled = Date.now();
    await wait(60);
    expect(Date.now() - unsignalled).toBeGreaterThanOrEqual(55);
  });

  it('treats a negative time as none', async () => {
    const start = Date.now();
    await wait(-1_000);
    expect(Date.now() - start).toBeLessThan(50);
  });
});
