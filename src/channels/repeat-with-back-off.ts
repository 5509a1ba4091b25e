// Keeps a platform connection alive: runs a step again and again; when it fails, logs ONE clear
// error for the whole streak of failures (with what to do), then retries with capped
// exponential back-off until it works or the app stops. Never throws.
import { backoffMs, wait } from '../lib/backoff.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';

export interface RepeatOptions {
  channel: string;
  /** what the step does, for the log: "connect", "poll for updates" */
  what: string;
  signal: AbortSignal;
  logger: Logger;
  /** 'again' to run once more at once, 'done' to stop repeating */
  step: () => Promise<'again' | 'done'>;
  /** what the operator should do about this error */
  hint: (error: unknown) => string;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export async function repeatWithBackOff(options: RepeatOptions): Promise<void> {
  const { channel, what, signal, logger } = options;
  const policy = { baseMs: options.initialDelayMs ?? 1000, maxMs: options.maxDelayMs ?? 5 * 60_000 };
  let failures = 0;
  while (!signal.aborted) {
    try {
      const next = await options.step();
      if (failures > 0) logger.info({ channel }, `${channel}: ${what} works again`);
      failures = 0;
      if (next === 'done') return;
    } catch (error) {
      if (signal.aborted) return;
      failures += 1;
      const delayMs = backoffMs(failures, policy);
      if (failures === 1)
        logger.error(
          { channel, err: describeError(error), hint: options.hint(error) },
          `${channel}: ${what} failed; retrying with back-off`,
        );
      else logger.debug({ channel, err: describeError(error), delayMs }, `${channel}: ${what} still failing`);
      await wait(delayMs, signal);
    }
  }
}
