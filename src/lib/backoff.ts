// Waiting, in one place: the capped exponential back-off every retry uses (platform calls, the
// outbox, broadcast deliveries, reconnecting a channel), an abortable wait, and a call deadline.
// Built on node:timers/promises and AbortSignal.timeout/any, so a stopping app is never held by
// a timer.
import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffPolicy {
  /** the first wait */
  baseMs: number;
  /** no wait is longer than this */
  maxMs: number;
}

/** The wait after the `attempt`-th failure (1-based): base, 2×base, 4×base… capped at max. */
export function backoffMs(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  await delay(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined);
}

/** A signal that aborts after `timeoutMs`, or as soon as `signal` (the app stopping) aborts. */
export function deadline(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  // Node 20 holds a timeout signal weakly, and AbortSignal.any() does not hold its sources: after
  // a garbage collection the deadline would never fire (a hung call would hold its chat for ever).
  // A listener keeps the timeout signal alive until it fires.
  timeout.addEventListener('abort', keepUntilFired, { once: true });
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function keepUntilFired(): void {}
