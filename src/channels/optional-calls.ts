// Platform calls a channel can do without (the commands menu, a "typing…" action): a failure is
// logged once per kind of call, then only at debug level, and never stops the channel. A bot
// whose commands menu cannot be set still answers its citizens.
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';

export type OptionalCall = (what: string, run: () => Promise<unknown>) => Promise<void>;

export function createOptionalCalls(channel: string, logger: Logger): OptionalCall {
  const warned = new Set<string>();
  return async (what, run) => {
    try {
      await run();
    } catch (error) {
      const first = !warned.has(what);
      warned.add(what);
      if (first)
        logger.warn({ channel, err: describeError(error) }, `${channel}: could not ${what}; carrying on without it`);
      else logger.debug({ channel, err: describeError(error) }, `${channel}: could not ${what} again`);
    }
  };
}
