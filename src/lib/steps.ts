// Long CPU work written once, as a generator that yields between chunks of work: run it at once
// where blocking does not matter (start-up, training), or with the event loop served between
// chunks where it does (a knowledge base rebuilt while citizens are being answered).
import { setImmediate } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

/** Runs the work to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the work, letting the event loop serve whatever waits (requests, timers) between chunks. */
export async function runStepsYielding<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await setImmediate();
  }
}
