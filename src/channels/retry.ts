// One retry policy for every outgoing platform call (Telegram, Zalo, replies and broadcasts):
// a pure decision function, and one wrapper that applies it. 429 waits exactly what the
// platform asked and pauses the whole channel meanwhile (requests that ignore the cooldown make
// it longer); 5xx and network errors back off exponentially, capped; our own bad requests and
// "this user cannot be reached" are never retried. Each attempt has a deadline (the clients
// apply it, see call-timeout.ts); the waits are lib/backoff.ts's.
import { backoffMs, wait } from '../lib/backoff.js';
import type { SendOutcome } from '../outbox/sender.js';

/** What went wrong with one platform call, platform-neutral. */
export interface PlatformFailure {
  /** the platform's error code (HTTP-like), absent for a network failure */
  code?: number;
  description: string;
  /** seconds the platform asked us to wait (429) */
  retryAfterSeconds?: number;
  /** the chat is gone for good: blocked, deactivated, kicked, not found */
  unreachable: boolean;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** a 429 asking for longer than this is not waited for inline: the caller gets "rate_limited" */
  maxInlineWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxInlineWaitMs: 60_000,
};

export type RetryDecision =
  { action: 'retry'; delayMs: number; pauseChannel: boolean } | { action: 'stop'; outcome: SendOutcome };

/** Pure: what to do after `attempt` (1-based) failed with `failure`. */
export function decideRetry(
  failure: PlatformFailure,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const error = failure.code === undefined ? failure.description : `${failure.code}: ${failure.description}`;
  if (failure.unreachable) return { action: 'stop', outcome: { status: 'unreachable', error } };
  if (failure.code === 429) {
    const waitMs = Math.max(0, failure.retryAfterSeconds ?? 1) * 1000;
    if (waitMs > policy.maxInlineWaitMs || attempt >= policy.maxAttempts)
      return { action: 'stop', outcome: { status: 'rate_limited', retryAfterMs: waitMs, error } };
    return { action: 'retry', delayMs: waitMs, pauseChannel: true };
  }
  const retryable = failure.code === undefined || failure.code >= 500;
  if (!retryable || attempt >= policy.maxAttempts)
    return { action: 'stop', outcome: { status: 'failed', retryable, error } };
  return {
    action: 'retry',
    delayMs: backoffMs(attempt, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }),
    pauseChannel: false,
  };
}

/** A channel-wide pause: while a 429 cooldown runs, no call of that channel leaves. */
export class ChannelGate {
  private resumeAt = 0;

  pause(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, Date.now() + ms);
  }

  /** Resolves once the channel may send again (or at once when `signal` aborts). */
  async untilOpen(signal?: AbortSignal): Promise<void> {
    for (
      let remaining = this.resumeAt - Date.now();
      remaining > 0 && !signal?.aborted;
      remaining = this.resumeAt - Date.now()
    ) {
      await wait(remaining, signal);
    }
  }

  get pausedUntil(): number {
    return this.resumeAt;
  }
}

/**
 * Runs one platform call under the policy. `classify` turns what the call threw into a
 * PlatformFailure. Never throws: the result is the call's value or the final outcome. When
 * `signal` aborts (the app is stopping) it gives up at once with a retryable failure.
 */
export async function callWithRetry<T>(
  gate: ChannelGate,
  call: () => Promise<T>,
  classify: (error: unknown) => PlatformFailure,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  signal?: AbortSignal,
): Promise<{ ok: true; value: T } | { ok: false; outcome: SendOutcome }> {
  const stopped: { ok: false; outcome: SendOutcome } = {
    ok: false,
    outcome: { status: 'failed', retryable: true, error: 'stopped before sending' },
  };
  for (let attempt = 1; ; attempt++) {
    await gate.untilOpen(signal);
    if (signal?.aborted) return stopped;
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const decision = decideRetry(classify(error), attempt, policy);
      if (decision.action === 'stop') {
        if (decision.outcome.status === 'rate_limited') gate.pause(decision.outcome.retryAfterMs);
        return { ok: false, outcome: decision.outcome };
      }
      if (signal?.aborted) return stopped;
      if (decision.pauseChannel) gate.pause(decision.delayMs);
      else await wait(decision.delayMs, signal);
    }
  }
}
