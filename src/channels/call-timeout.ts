// A deadline for every outgoing platform call: a call the platform never answers must not hold
// a chat, the poll loop or the app's stop. The abort surfaces as a network error, which the
// retry policy treats as retryable.

/** How long one Bot API call (not a long poll) may take before it counts as failed. */
export const PLATFORM_CALL_TIMEOUT_MS = 20_000;
/** A long poll may hold the call for its own timeout; this much more is the margin. */
export const LONG_POLL_MARGIN_MS = 10_000;

/** Runs `run` with a signal that aborts after `timeoutMs`, or as soon as `signal` aborts. */
export async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
