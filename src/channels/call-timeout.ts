// Deadlines of outgoing platform calls: a call the platform never answers must not hold a chat,
// the poll loop or the app's stop. Both clients (telegram/bot-api.ts, zalo/zalo-client.ts) apply
// them with lib/backoff.ts's deadline(); the abort surfaces as a network error, which the retry
// policy treats as retryable.

/** How long one Bot API call (not a long poll) may take before it counts as failed. */
export const PLATFORM_CALL_TIMEOUT_MS = 20_000;
/** A long poll may hold the call for its own timeout; this much more is the margin. */
export const LONG_POLL_MARGIN_MS = 10_000;
