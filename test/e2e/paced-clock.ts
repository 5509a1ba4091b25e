// A clock that runs with real time from a chosen start, and that a test moves forward by the
// seconds a person takes to read and type: a citizen walking through the intake then stays
// under the flood limit, as they would in life, without the test waiting.
import type { Clock } from '../../src/lib/clock.js';

export interface PacedClock extends Clock {
  /** moves the clock forward, as if a citizen had taken this long before the next message */
  advance(ms: number): void;
}

export function createPacedClock(start: Date, realNow: () => number = Date.now): PacedClock {
  const startedAt = realNow();
  let skipped = 0;
  return {
    now: () => new Date(start.getTime() + (realNow() - startedAt) + skipped),
    advance(ms) {
      skipped += ms;
    },
  };
}

/** What a citizen takes between two messages. */
export const TYPING_PAUSE_MS = 5_000;
