// Slows down guessing a ticket's 6-digit PIN: after too many wrong PINs for one code within an
// hour, look-ups of that code answer "not found" until the hour has passed. In memory, per
// instance: enough to make a million guesses impractical through the chat.
const WINDOW_MS = 3_600_000;
/** Codes remembered at most; the oldest is forgotten first, so memory stays bounded. */
const MAX_CODES = 10_000;

export interface PinGuard {
  isLocked(code: string, now: Date): boolean;
  recordFailure(code: string, now: Date): void;
}

export function createPinGuard(maxFailures: number): PinGuard {
  const failures = new Map<string, number[]>();
  const recent = (code: string, now: Date) => (failures.get(code) ?? []).filter((at) => now.getTime() - at < WINDOW_MS);
  return {
    isLocked(code, now) {
      const kept = recent(code, now);
      if (kept.length === 0) failures.delete(code);
      else failures.set(code, kept);
      return kept.length >= maxFailures;
    },
    recordFailure(code, now) {
      const kept = [...recent(code, now), now.getTime()];
      failures.delete(code);
      failures.set(code, kept);
      const oldest = failures.keys().next();
      if (failures.size > MAX_CODES && !oldest.done) failures.delete(oldest.value);
    },
  };
}
