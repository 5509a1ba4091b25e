// The outbox of one platform channel (Telegram, Zalo): a citizen's replies are written to the
// database (an OutboundMessage row of a non-web citizen is a reply not sent yet) before the
// first attempt and deleted once sent, so neither a crash mid-send nor a long outage loses one.
// A reply refused for a retryable reason (a 429 storm, 5xx, a call that timed out) stays queued
// and is tried again with back-off until it goes through, after a restart too. Replies of one
// chat leave one at a time, in order; chats never wait for each other. A chat that is gone
// (blocked the bot) has its queued replies dropped. A reply may echo what the citizen typed (a
// denunciation's summary holds the reporter's name, address and phone), so rows are encrypted
// with the application key, bound to the chat: no plaintext reaches the database or its journal.
//
// With several instances each row is leased to the instance that wrote it (claimedBy,
// leaseUntil), renewed while that instance lives. A restart under the same INSTANCE_ID takes up
// its own rows at once; rows whose lease ran out (their instance died) are taken over by the
// next sweep of any instance. A reply is sent twice only if its instance stalled longer than the
// lease while sending it.
//
// Under load the writes of many chats share one statement (Batcher): one INSERT for the replies
// of every update that arrived meanwhile, one DELETE for every reply sent meanwhile.
//
// Backpressure: a webhook is answered once its replies are stored, so nothing would stop the
// platform from handing over updates faster than their replies can be sent; calls would then
// wait behind each other until they time out and go twice. When too many chats are sending at
// once, add() also waits (a few seconds at most) for the senders to catch up, which slows the
// platform's deliveries down to what can be sent. Chats waiting out an outage do not count.
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { markChatUnreachable } from './citizen-notifier.js';
import type { Reply } from '../conversation/messages.js';
import type { StoreDatabase } from '../conversation/conversation-store.js';
import { placeholders } from '../db/sql.js';
import { Batcher } from '../lib/batcher.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import { decryptJson, encryptJson } from '../tickets/identity-crypto.js';
import type { ChannelSender, SendOutcome } from './sender.js';

/** What a channel is given for its outbox. */
export interface OutboxSettings {
  /** the application key (AES-256) the queued replies are encrypted with */
  encryptionKey: Buffer;
  /** this instance's name, stable across restarts (INSTANCE_ID) */
  instanceId: string;
  /** how long the rows stay this instance's without a renewal (OUTBOX_LEASE_SECONDS) */
  leaseMs?: number;
}

export interface ReplyOutboxOptions extends OutboxSettings {
  channel: 'telegram' | 'zalo';
  sender: ChannelSender;
  database: StoreDatabase;
  clock: Clock;
  logger: Logger;
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

const DEFAULT_LEASE_MS = 60_000;
/** chats sending at once before add() waits for the senders (the Bot API agent keeps 64 sockets) */
const MAX_SENDING_CHATS = 64;
/** the longest add() waits for the senders: the replies are stored, they go out later anyway */
const MAX_BACKPRESSURE_WAIT_MS = 5_000;
/** ids per statement: well under SQLite's and PostgreSQL's limits on parameters */
const IDS_PER_STATEMENT = 500;
const idRow = z.object({ id: z.union([z.number(), z.bigint()]).transform(Number) });
const idRows = z.array(idRow);
const takenRows = z.array(z.object({ id: z.union([z.number(), z.bigint()]).transform(Number), text: z.string(), platformUserId: z.string(), chatId: z.string() }));

interface PendingWrite {
  target: ReplyTarget;
  replies: Reply[];
}
const storedReply = z.object({
  kind: z.enum(['answer', 'fallback', 'menu', 'prompt', 'confirmation', 'notice']),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
});

export class ReplyOutbox {
  private readonly chats = new Map<string, ChatQueue>();
  /** ids in memory (queued, being sent, or being deleted): a sweep leaves them alone */
  private readonly held = new Set<number>();
  /** chats whose queue is being sent now, and the add() calls waiting for fewer of them */
  private sendingChats = 0;
  private readonly waitingForSenders = new Set<() => void>();
  /** deletions of sent rows under way: a stop waits for them, or the replies would go again */
  private readonly deleting = new Set<Promise<void>>();
  private stopping = stopController();
  private readonly leaseMs: number;
  private timers: NodeJS.Timeout[] = [];
  private readonly inserts = new Batcher<PendingWrite, (number | null)[]>((writes) => this.insert(writes));
  // nobody waits for a sent reply's row to go: it lingers to share its DELETE with others
  private readonly deletes = new Batcher<number[], void>((groups) => this.delete(groups.flat()).then(() => groups.map(() => undefined)), { lingerMs: 20 });

  constructor(private readonly options: ReplyOutboxOptions) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Stores the replies, then sends them behind what the chat still has queued. Resolves once
   * they are stored (from then on they survive a crash, so a webhook can answer the platform)
   * and the senders are not overwhelmed (see Backpressure above).
   */
  async add(target: ReplyTarget, replies: Reply[]): Promise<void> {
    const stored = await this.store(target, replies);
    // looked up after the write: a drain that emptied the chat meanwhile has let go of its queue
    const queue = this.queueOf(target);
    queue.queued.push(...stored);
    this.drain(queue);
    if (this.sendingChats > MAX_SENDING_CHATS) await this.sendersCatchUp();
  }

  private sendersCatchUp(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waitingForSenders.delete(done);
        resolve();
      };
      const timer = setTimeout(done, MAX_BACKPRESSURE_WAIT_MS);
      this.waitingForSenders.add(done);
    });
  }

  /**
   * Takes up the replies this instance left queued before a restart (a crash, a stop during an
   * outage) and those of instances whose lease ran out; then keeps its own leases renewed and
   * sweeps for abandoned rows until stopped.
   */
  async resume(): Promise<void> {
    this.stopping = stopController();
    this.clearTimers();
    await this.takeOver(true);
    const every = (ms: number, run: () => Promise<void>) => {
      const timer = setInterval(() => void run().catch((error: unknown) => this.options.logger.warn({ channel: this.options.channel, err: describeError(error) }, `${this.options.channel}: reply outbox upkeep failed; tried again later`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.leaseMs / 3, () => this.renewLeases());
    every(this.leaseMs / 2, () => this.takeOver(false));
  }

  /** Stops sending (a call in flight is aborted); what is queued stays in the database. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.clearTimers();
    const draining: Promise<void>[] = [];
    for (const queue of this.chats.values()) {
      if (queue.retryTimer) clearTimeout(queue.retryTimer);
      if (queue.draining) draining.push(queue.draining);
    }
    this.chats.clear();
    for (const done of this.waitingForSenders) done();
    await Promise.all(draining);
    await Promise.all(this.deleting);
    this.held.clear();
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Leases the rows of this channel that nobody holds (and, at start, this instance's own). */
  private async takeOver(ownToo: boolean): Promise<void> {
    const { database, channel, instanceId, clock, logger } = this.options;
    const now = clock.now();
    const claimed = idRows.parse(
      await database.sql.query(
        `UPDATE "OutboundMessage" SET "claimedBy" = $1, "leaseUntil" = $2
         WHERE ("claimedBy" IS NULL OR "leaseUntil" < $3${ownToo ? ` OR "claimedBy" = $1` : ''})
           AND "citizenId" IN (SELECT "id" FROM "Citizen" WHERE "channel" = $4 AND NOT "blocked")
         RETURNING "id"`,
        [instanceId, this.leaseEnd(now), now, channel],
      ),
    );
    const ids = claimed.map((row) => row.id).filter((id) => !this.held.has(id));
    const unreadable: number[] = [];
    for (const chunk of chunks(ids.sort((a, b) => a - b), IDS_PER_STATEMENT)) {
      const rows = takenRows.parse(
        await database.sql.query(
          `SELECT o."id", o."text", c."platformUserId", c."chatId" FROM "OutboundMessage" o JOIN "Citizen" c ON c."id" = o."citizenId"
           WHERE o."id" IN (${placeholders(1, chunk.length)}) ORDER BY o."id"`,
          chunk,
        ),
      );
      for (const row of rows) {
        if (this.held.has(row.id)) continue;
        const reply = this.decrypt(row.text, row.platformUserId);
        if (!reply) {
          unreadable.push(row.id);
          continue;
        }
        this.held.add(row.id);
        this.queueOf(row).queued.push({ id: row.id, reply });
      }
    }
    if (unreadable.length > 0) {
      logger.error({ channel, count: unreadable.length }, `${channel}: queued replies cannot be decrypted (was DATA_ENCRYPTION_KEY changed?); dropped`);
      await this.delete(unreadable);
    }
    for (const queue of this.chats.values()) this.drain(queue);
  }

  /** Keeps this instance's rows its own while it lives. */
  private async renewLeases(): Promise<void> {
    const { database, instanceId, clock } = this.options;
    await database.sql.execute(`UPDATE "OutboundMessage" SET "leaseUntil" = $1 WHERE "claimedBy" = $2`, [this.leaseEnd(clock.now()), instanceId]);
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.leaseMs);
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

  /** Queued rows for the replies; when the database is down they are still sent once. */
  private async store(target: ReplyTarget, replies: Reply[]): Promise<QueuedReply[]> {
    const { channel, logger } = this.options;
    try {
      const ids = await this.inserts.add({ target, replies });
      for (const id of ids) if (id !== null) this.held.add(id);
      return replies.map((reply, index) => ({ id: ids[index] ?? null, reply }));
    } catch (error) {
      logger.warn({ channel, err: describeError(error) }, `${channel}: could not queue a reply; sending it without a retry`);
      return replies.map((reply) => ({ id: null, reply }));
    }
  }

  /** One INSERT for the replies of every write waiting; ids come back in the order written. */
  private async insert(writes: PendingWrite[]): Promise<(number | null)[][]> {
    const { database, channel, instanceId, clock } = this.options;
    const now = clock.now();
    const values: (string | Date)[] = [channel, instanceId, this.leaseEnd(now), now];
    const rows: string[] = [];
    for (const { target, replies } of writes) {
      for (const reply of replies) {
        const at = values.length + 1;
        values.push(target.platformUserId, reply.kind, this.encrypt(reply, target.platformUserId));
        rows.push(`((SELECT "id" FROM "Citizen" WHERE "channel" = $1 AND "platformUserId" = $${at}), $${at + 1}, $${at + 2}, $2, $3, $4)`);
      }
    }
    const inserted = idRows.parse(
      await database.sql.query(`INSERT INTO "OutboundMessage" ("citizenId", "kind", "text", "claimedBy", "leaseUntil", "createdAt") VALUES ${rows.join(', ')} RETURNING "id"`, values),
    );
    // one statement numbers its rows in the order of VALUES, whatever order RETURNING lists them in
    const ids = inserted.map((row) => row.id).sort((a, b) => a - b);
    let next = 0;
    return writes.map(({ replies }) => replies.map(() => ids[next++] ?? null));
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

  private drain(queue: ChatQueue): void {
    if (queue.draining || !this.canSend(queue)) return;
    this.sendingChats++;
    queue.draining = this.sendQueued(queue).finally(() => {
      this.sendingChats--;
      if (this.sendingChats <= MAX_SENDING_CHATS) for (const done of this.waitingForSenders) done();
    });
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
      this.forget(done);
    }
    // set without an await since the last canSend(): a reply added meanwhile starts a new drain
    queue.draining = null;
    if (queue.queued.length === 0 && queue.retryTimer === null && this.chats.get(queue.platformUserId) === queue) this.chats.delete(queue.platformUserId);
  }

  /** Acts on the outcome of the head of the queue; false when the queue must wait. */
  private async settle(queue: ChatQueue, outcome: SendOutcome, done: number[]): Promise<boolean> {
    const { channel, logger, database, clock } = this.options;
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
      await markChatUnreachable(database.db, channel, queue.platformUserId, clock.now()).catch((error: unknown) =>
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
      this.drain(queue);
    }, delayMs);
  }

  /** Deletes sent (or dropped) rows in the background; if that fails they are sent again once their lease ends. */
  private forget(ids: number[]): void {
    if (ids.length === 0) return;
    const { channel, logger } = this.options;
    const deleting = this.deletes
      .add(ids)
      .catch((error: unknown) => logger.warn({ channel, err: describeError(error) }, `${channel}: could not clear sent replies from the outbox`))
      .finally(() => {
        for (const id of ids) this.held.delete(id);
        this.deleting.delete(deleting);
      });
    this.deleting.add(deleting);
  }

  private async delete(ids: number[]): Promise<void> {
    for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
      await this.options.database.sql.execute(`DELETE FROM "OutboundMessage" WHERE "id" IN (${placeholders(1, chunk.length)})`, chunk);
    }
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Every send in flight listens to it (one per chat sending): no listener limit applies. */
function stopController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
