// The outbox of one platform channel (Telegram, Zalo): a citizen's replies are written to the
// database (an OutboundMessage row of a non-web citizen is a reply not sent yet) before the
// first attempt and deleted once sent, so neither a crash mid-send nor a long outage loses one.
// A reply refused for a retryable reason (a 429 storm, 5xx, a call that timed out) stays queued
// and is tried again with back-off until it goes through, after a restart too. Replies of one
// chat leave one at a time, in order; chats never wait for each other. A chat that is gone
// (blocked the bot) has its queued replies dropped. A reply may echo what the citizen typed (a
// denunciation's summary holds the reporter's name, address and phone), so rows are encrypted
// with the application key, bound to the chat: no plaintext reaches the database or its journal.
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { markChatUnreachable } from '../conversation/citizen-notifier.js';
import type { Reply } from '../conversation/messages.js';
import type { Db } from '../db/database.js';
import { Prisma as PrismaSql } from '../db/generated/postgresql/client.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import { decryptJson, encryptJson } from '../tickets/identity-crypto.js';
import type { ChannelSender, SendOutcome } from './sender.js';

export interface ReplyOutboxOptions {
  channel: 'telegram' | 'zalo';
  sender: ChannelSender;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** the application key (AES-256) the queued replies are encrypted with */
  encryptionKey: Buffer;
  /** first wait before a chat's queue is tried again; doubles on each failed round */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** Where replies go: the platform's user id keys the queue, the chat id is where to send. */
export interface ReplyTarget {
  platformUserId: string;
  chatId: string;
}

interface QueuedReply {
  /** the OutboundMessage row; null when the database could not store it (sent once, best effort) */
  id: number | null;
  reply: Reply;
}

interface ChatQueue extends ReplyTarget {
  queued: QueuedReply[];
  draining: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
  failedRounds: number;
}

const insertedRow = z.object({ id: z.union([z.number(), z.bigint()]).transform(Number) });
const storedReply = z.object({
  kind: z.enum(['answer', 'fallback', 'menu', 'prompt', 'confirmation', 'notice']),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
});

export class ReplyOutbox {
  private readonly chats = new Map<string, ChatQueue>();
  private stopping = stopController();

  constructor(private readonly options: ReplyOutboxOptions) {}

  /**
   * Stores the replies, then sends them behind what the chat still has queued. Resolves once
   * they are stored; `attempted` resolves once this round of sending is over (sent, or kept for
   * a later retry), for a webhook that answers after the reply went out.
   */
  async add(target: ReplyTarget, replies: Reply[]): Promise<{ attempted: Promise<void> }> {
    const stored = await this.store(target, replies);
    // looked up after the write: a drain that emptied the chat meanwhile has let go of its queue
    const queue = this.queueOf(target);
    queue.queued.push(...stored);
    return { attempted: this.drain(queue) };
  }

  /** Takes up the replies left queued by a previous run (a crash, a stop during an outage). */
  async resume(): Promise<void> {
    this.stopping = stopController();
    const rows = await this.options.db.outboundMessage.findMany({
      where: { citizen: { channel: this.options.channel, blocked: false } },
      include: { citizen: { select: { platformUserId: true, chatId: true } } },
      orderBy: { id: 'asc' },
    });
    const unreadable: number[] = [];
    for (const row of rows) {
      const queue = this.queueOf(row.citizen);
      if (queue.queued.some((queued) => queued.id === row.id)) continue;
      const reply = this.decrypt(row.text, row.citizen.platformUserId);
      if (reply) queue.queued.push({ id: row.id, reply });
      else unreadable.push(row.id);
    }
    if (unreadable.length > 0) {
      this.options.logger.error({ channel: this.options.channel, count: unreadable.length }, `${this.options.channel}: queued replies cannot be decrypted (was DATA_ENCRYPTION_KEY changed?); dropped`);
      await this.forget(unreadable);
    }
    for (const queue of this.chats.values()) void this.drain(queue);
  }

  /** Stops sending (a call in flight is aborted); what is queued stays in the database. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const draining: Promise<void>[] = [];
    for (const queue of this.chats.values()) {
      if (queue.retryTimer) clearTimeout(queue.retryTimer);
      if (queue.draining) draining.push(queue.draining);
    }
    this.chats.clear();
    await Promise.all(draining);
  }

  private queueOf(target: ReplyTarget): ChatQueue {
    let queue = this.chats.get(target.platformUserId);
    if (!queue) {
      queue = { platformUserId: target.platformUserId, chatId: target.chatId, queued: [], draining: null, retryTimer: null, failedRounds: 0 };
      this.chats.set(target.platformUserId, queue);
    }
    queue.chatId = target.chatId;
    return queue;
  }

  /** One INSERT for all the replies; when the database is down they are still sent once. */
  private async store(target: ReplyTarget, replies: Reply[]): Promise<QueuedReply[]> {
    const { db, channel, clock, logger } = this.options;
    const now = clock.now();
    const citizen = PrismaSql.sql`(SELECT "id" FROM "Citizen" WHERE "channel" = ${channel} AND "platformUserId" = ${target.platformUserId})`;
    const values = replies.map((reply) => PrismaSql.sql`(${citizen}, ${reply.kind}, ${this.encrypt(reply, target.platformUserId)}, ${null}, ${now})`);
    try {
      const rows = z.array(insertedRow).parse(
        await db.$queryRaw`INSERT INTO "OutboundMessage" ("citizenId", "kind", "text", "options", "createdAt") VALUES ${PrismaSql.join(values)} RETURNING "id"`,
      );
      return replies.map((reply, index) => ({ id: rows[index]?.id ?? null, reply }));
    } catch (error) {
      logger.warn({ channel, err: describeError(error) }, `${channel}: could not queue a reply; sending it without a retry`);
      return replies.map((reply) => ({ id: null, reply }));
    }
  }

  /** The whole reply (text and options) as one ciphertext, bound to this channel's chat. */
  private encrypt(reply: Reply, platformUserId: string): string {
    return encryptJson(this.options.encryptionKey, reply, this.aad(platformUserId));
  }

  private decrypt(payload: string, platformUserId: string): Reply | null {
    try {
      const parsed = storedReply.safeParse(decryptJson(this.options.encryptionKey, payload, this.aad(platformUserId)));
      if (!parsed.success) return null;
      const { faqId, options, ...reply } = parsed.data;
      return { ...reply, ...(faqId !== undefined ? { faqId } : {}), ...(options ? { options } : {}) };
    } catch {
      return null;
    }
  }

  private aad(platformUserId: string): string {
    return `outbox:${this.options.channel}:${platformUserId}`;
  }

  private canSend(queue: ChatQueue): boolean {
    return queue.queued.length > 0 && queue.retryTimer === null && !this.stopping.signal.aborted;
  }

  private drain(queue: ChatQueue): Promise<void> {
    if (!queue.draining && this.canSend(queue)) queue.draining = this.sendQueued(queue);
    return queue.draining ?? Promise.resolve();
  }

  /** Started only when canSend(queue): the loop awaits before it can end. */
  private async sendQueued(queue: ChatQueue): Promise<void> {
    while (this.canSend(queue)) {
      const done: number[] = [];
      while (this.canSend(queue)) {
        const [next] = queue.queued;
        if (!next) break;
        const outcome = await this.options.sender.send(queue.chatId, [next.reply], { signal: this.stopping.signal });
        if (!(await this.settle(queue, outcome, done))) break;
      }
      await this.forget(done);
    }
    // set without an await since the last canSend(): a reply added meanwhile starts a new drain
    queue.draining = null;
    if (queue.queued.length === 0 && queue.retryTimer === null && this.chats.get(queue.platformUserId) === queue) this.chats.delete(queue.platformUserId);
  }

  /** Acts on the outcome of the head of the queue; false when the queue must wait. */
  private async settle(queue: ChatQueue, outcome: SendOutcome, done: number[]): Promise<boolean> {
    const { channel, logger, db, clock } = this.options;
    const finished = (count: number) => {
      for (const queued of queue.queued.splice(0, count)) if (queued.id !== null) done.push(queued.id);
    };
    if (outcome.status === 'sent') {
      queue.failedRounds = 0;
      finished(1);
      return true;
    }
    if (outcome.status === 'unreachable') {
      finished(queue.queued.length);
      await markChatUnreachable(db, channel, queue.platformUserId, clock.now()).catch((error: unknown) =>
        logger.warn({ channel, err: describeError(error) }, `${channel}: could not mark a chat unreachable`),
      );
      return false;
    }
    if (outcome.status === 'failed' && !outcome.retryable) {
      logger.warn({ channel, err: outcome.error }, `${channel}: reply refused by the platform; dropped`);
      finished(1);
      return true;
    }
    if (this.stopping.signal.aborted) return false;
    this.retryLater(queue, outcome);
    return false;
  }

  private retryLater(queue: ChatQueue, outcome: SendOutcome): void {
    const { channel, logger } = this.options;
    const base = this.options.retryBaseMs ?? 2000;
    queue.failedRounds += 1;
    const backOff = Math.min(this.options.retryMaxMs ?? 5 * 60_000, base * 2 ** (queue.failedRounds - 1));
    const delayMs = outcome.status === 'rate_limited' ? Math.max(outcome.retryAfterMs, backOff) : backOff;
    const err = 'error' in outcome ? outcome.error : undefined;
    if (queue.failedRounds === 1) logger.warn({ channel, err, delayMs }, `${channel}: reply not delivered yet; kept and retried with back-off`);
    else logger.debug({ channel, err, delayMs }, `${channel}: reply still not delivered`);
    queue.retryTimer = setTimeout(() => {
      queue.retryTimer = null;
      void this.drain(queue);
    }, delayMs);
  }

  /** Deletes sent (or dropped) rows; if that fails they are sent again after a restart. */
  private async forget(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const { channel, logger, db } = this.options;
    await db.$executeRaw`DELETE FROM "OutboundMessage" WHERE "id" IN (${PrismaSql.join(ids)})`.catch((error: unknown) =>
      logger.warn({ channel, err: describeError(error) }, `${channel}: could not clear sent replies from the outbox`),
    );
  }
}

/** Every send in flight listens to it (one per chat sending): no listener limit applies. */
function stopController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
