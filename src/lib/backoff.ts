// Waiting, in one place: the capped exponential back-off every retry uses (platform calls, the
// outbox, broadcast deliveries, reconnecting a channel), an abortable wait, and a call deadline.
// Built on node:timers/promises and unref'd timers, so a stopping app is never held by a timer.
import { setMaxListeners } from 'node:events';
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

/** Calls whose deadlines end within the same slice of this many milliseconds share one signal. */
const DEADLINE_GRAIN_MS = 100;

/** The deadline signals in use, by the grain they end in; one table per stop signal (and one without). */
interface DeadlineTable {
  byEnd: Map<number, { controller: AbortController; timer: NodeJS.Timeout }>;
}

const withoutStop: DeadlineTable = { byEnd: new Map() };
const byStopSignal = new WeakMap<AbortSignal, DeadlineTable>();

function timeoutError(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

function tableFor(stop: AbortSignal): DeadlineTable {
  let table = byStopSignal.get(stop);
  if (!table) {
    const created: DeadlineTable = { byEnd: new Map() };
    // One listener per stop signal, not one per call: stopping aborts every deadline made from it.
    stop.addEventListener(
      'abort',
      () => {
        for (const { controller, timer } of created.byEnd.values()) {
          clearTimeout(timer);
          controller.abort(stop.reason);
        }
        created.byEnd.clear();
      },
      { once: true },
    );
    byStopSignal.set(stop, created);
    table = created;
  }
  return table;
}

/**
 * A signal that aborts (reason: a TimeoutError) between `timeoutMs` and `timeoutMs` + 100 ms
 * from now, or as soon as `stop` (the app stopping) aborts. Calls whose deadlines end in the same
 * 100 ms share one signal, behind one strong, unref'd timer: it survives a garbage collection
 * (Node 20's AbortSignal.timeout() does not, unless held) and never holds a stopping app.
 *
 * Not one AbortSignal.timeout() per call: its signal and timer live out the whole timeout
 * (20 s for a platform call) whether the call took 2 ms or not, each with a weak ref and a
 * finalization registration. A broadcast's thousands of messages a second kept about 40 000 of
 * them alive and the engine's heap grew by about 200 MB (bench/broadcast); one AbortController per
 * call, cleared when it settles, still cost each message an object graph that outlived the young
 * generation at that rate. Nor AbortSignal.any(), whose sources keep track of every signal made
 * from them.
 */
export function deadline(timeoutMs: number, stop?: AbortSignal): AbortSignal {
  if (stop?.aborted) return AbortSignal.abort(stop.reason);
  const table = stop ? tableFor(stop) : withoutStop;
  const endsAt = Math.ceil((Date.now() + timeoutMs) / DEADLINE_GRAIN_MS) * DEADLINE_GRAIN_MS;
  const shared = table.byEnd.get(endsAt);
  if (shared) return shared.controller.signal;
  const controller = new AbortController();
  // every call of the slice listens on it
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => {
    table.byEnd.delete(endsAt);
    controller.abort(timeoutError());
  }, endsAt - Date.now());
  timer.unref();
  table.byEnd.set(endsAt, { controller, timer });
  return controller.signal;
}
