// Keeps the ProcessedUpdate table small: platforms redeliver an update for 24 hours at most
// (telegram-notes.md), so ids older than three days can go.
import type { BackgroundService } from '../lib/background-service.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import { ConversationStore, type StoreDatabase } from './conversation-store.js';

const KEEP_MS = 3 * 24 * 60 * 60_000;
const EVERY_MS = 60 * 60_000;

export function createProcessedUpdatePruner(database: StoreDatabase, clock: Clock, logger: Logger): BackgroundService {
  const store = new ConversationStore(database);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const prune = () => {
    running = store
      .pruneProcessedUpdates(new Date(clock.now().getTime() - KEEP_MS))
      .catch((error: unknown) => logger.warn({ err: describeError(error) }, 'could not prune processed updates'));
  };
  return {
    name: 'processed-update-pruner',
    async start() {
      prune();
      timer = setInterval(prune, EVERY_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
