// Keeps this instance's knowledge base up to date with changes approved on any instance and with
// the console's election calendar: every two seconds it asks the live knowledge base to refresh
// (two primary-key reads while nothing changed; a rebuild when an approval moved the counter or
// an admin moved the election's dates).
import type { BackgroundService } from '../lib/background-service.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import type { LiveKnowledgeBase } from './live-knowledge-base.js';

/** How soon another instance's approval reaches this one, at most (plus the rebuild). */
export const KNOWLEDGE_REFRESH_MS = 2000;

export function createKnowledgeRefreshService(knowledge: LiveKnowledgeBase, logger: Logger): BackgroundService {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const refresh = () => {
    running = knowledge
      .refresh()
      .then((swapped) => {
        if (swapped)
          logger.info(
            { version: knowledge.version },
            'knowledge base rebuilt with the approved changes and the calendar',
          );
      })
      .catch((error: unknown) =>
        logger.warn({ err: describeError(error) }, 'knowledge base refresh failed; the previous one keeps answering'),
      );
  };
  return {
    name: 'knowledge-refresh',
    async start() {
      timer = setInterval(refresh, KNOWLEDGE_REFRESH_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
