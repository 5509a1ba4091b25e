// Which ticket each of the officer group's posts announced (the OfficerGroupPost table): a reply
// to a post acts on its ticket. The outbox reports each post once Telegram has it, with the id
// Telegram gave it; a reply can come just before that report is written, so a look-up that
// misses waits (briefly) for the posts still on their way from this instance.
import type { Db } from '../db/client.js';
import { wait } from '../lib/backoff.js';
import type { SettlementReport } from '../outbox/outgoing.js';

/** The longest a look-up waits for posts on their way. */
const MAX_WAIT_MS = 10_000;

export interface GroupPostIndex {
  /** The outbox's report for a post (origin "groupPost", the ticket code). */
  report: SettlementReport;
  /** A post of `ticketCode` has been handed to the outbox. */
  posting(ticketCode: string): void;
  /** The ticket code a post announced, or null when it announced none. */
  codeOf(messageId: string): Promise<string | null>;
}

export function createGroupPostIndex(db: Db): GroupPostIndex {
  const onTheirWay = new Map<string, { done: Promise<void>; resolve: () => void }>();
  const lookUp = async (messageId: string) =>
    (await db.officerGroupPost.findUnique({ where: { messageId } }))?.ticketCode ?? null;
  return {
    async report(ticketCode, settlement) {
      if (settlement.status === 'retrying') return;
      try {
        if (settlement.status === 'sent' && settlement.platformMessageId) {
          const messageId = settlement.platformMessageId;
          await db.officerGroupPost.upsert({
            where: { messageId },
            create: { messageId, ticketCode },
            update: { ticketCode },
          });
        }
      } finally {
        onTheirWay.get(ticketCode)?.resolve();
        onTheirWay.delete(ticketCode);
      }
    },
    posting(ticketCode) {
      let resolve = () => undefined as void;
      const done = new Promise<void>((settle) => (resolve = settle));
      onTheirWay.set(ticketCode, { done, resolve });
    },
    async codeOf(messageId) {
      const known = await lookUp(messageId);
      if (known !== null || onTheirWay.size === 0) return known;
      const stop = new AbortController();
      await Promise.race([
        Promise.all([...onTheirWay.values()].map((post) => post.done)),
        wait(MAX_WAIT_MS, stop.signal),
      ]);
      stop.abort();
      return lookUp(messageId);
    },
  };
}
