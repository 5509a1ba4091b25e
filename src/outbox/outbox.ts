// The one way to reach a citizen (and the officer group): every message is an outbox row first,
// written in the transaction of the change that causes it (a conversation's save, an officer's
// reply, a status change, a broadcast's web delivery), and sent from here: per-chat order,
// one retry policy with back-off, backpressure (chat-queues.ts), rows kept across restarts and
// taken over from instances that are gone (outbox-store.ts, src/instances). A message sent is
// deleted; one refused for good is dropped; a chat that is gone is marked unreachable. Whoever
// wrote a row with an origin hears how it settled (a ticket event's delivery state, the index
// of an officer-group post). Web chat rows are the widget's mailbox: delivered once stored.
//
// A message is sent twice only if its instance stalled longer than the lease while sending it,
// or died between the platform's answer and the row's delete.
import type { Channel } from '../conversation/messages.js';
import type { BackgroundService } from '../lib/background-service.js';
import type { BackoffPolicy } from '../lib/backoff.js';
import { describeError } from '../lib/errors.js';
import { markUnreachable } from '../citizens/citizen-store.js';
import type { InstanceRegistry } from '../instances/instance-registry.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../logger.js';
import { ChatQueues } from './chat-queues.js';
import type { OutboxStore } from './outbox-store.js';
import type { OriginKind, OutgoingMessage, Settlement, SettlementReport, StoredMessage } from './outgoing.js';
import type { ChannelSender, SendOutcome } from './sender.js';

export interface OutboxOptions {
  store: OutboxStore;
  /** the platform channels switched on at this instance */
  senders: readonly ChannelSender[];
  instances: InstanceRegistry;
  clock: Clock;
  logger: Logger;
  /** who hears how messages of each origin settled */
  reports?: Partial<Record<OriginKind, SettlementReport>>;
  retry?: BackoffPolicy;
  /** how often to look for rows nobody sends (default half the instances' liveness) */
  sweepMs?: number;
}

export class Outbox implements BackgroundService {
  readonly name = 'outbox';
  readonly store: OutboxStore;
  private readonly senders: Map<Channel, ChannelSender>;
  private readonly queues: ChatQueues;
  /** ids in memory (queued, being sent, or being deleted): a sweep leaves them alone */
  private readonly held = new Set<number>();
  /** deletions of sent rows under way: a stop waits for them, or the messages would go again */
  private readonly deleting = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private stopped = true;
  /** this start let go of its rows of the channels it no longer sends on */
  private released = false;

  constructor(private readonly options: OutboxOptions) {
    this.store = options.store;
    this.senders = new Map(options.senders.map((sender) => [sender.channel, sender]));
    this.queues = new ChatQueues({
      send: (message, signal) => this.send(message, signal),
      finished: (messages, outcome) => this.finished(messages, outcome),
      retrying: (message, outcome, delayMs) => this.retrying(message, outcome, delayMs),
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }

  /** The channels this instance sends on. */
  get channels(): Channel[] {
    return [...this.senders.keys()];
  }

  /**
   * Messages whose rows have just been committed: they go out behind what their chats still
   * have queued. Synchronous, so a caller that holds a chat's lock keeps the chat's order.
   */
  accept(messages: readonly StoredMessage[]): void {
    const sendable = messages.filter(
      (message) => this.senders.has(message.recipient.channel) && (message.id === null || !this.held.has(message.id)),
    );
    for (const message of sendable) if (message.id !== null) this.held.add(message.id);
    this.queues.push(sendable);
  }

  /** Resolves once the senders are not overwhelmed (a webhook waits for it before answering). */
  caughtUp(): Promise<void> {
    return this.queues.caughtUp();
  }

  /**
   * Stores messages that no other change goes with (a flood notice), then sends them. When the
   * database cannot store them they are still sent once, without a retry.
   */
  async enqueue(messages: readonly OutgoingMessage[]): Promise<void> {
    let stored: StoredMessage[];
    try {
      stored = await this.store.insert(messages);
    } catch (error) {
      this.options.logger.warn(
        { err: describeError(error) },
        'outbox: could not store a message; sending it without a retry',
      );
      stored = messages.map((message) => ({ ...message, id: null }));
    }
    this.accept(stored);
  }

  /** After a transaction that wrote rows (through the notifier): send them now, not at the next sweep. */
  wake(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = this.sweep(false)
      .catch((error: unknown) =>
        this.options.logger.warn(
          { err: describeError(error) },
          'outbox: could not load stored messages; tried again later',
        ),
      )
      .finally(() => {
        this.sweeping = null;
        if (this.sweepAgain) {
          this.sweepAgain = false;
          this.wake();
        }
      });
  }

  /**
   * Takes up the messages this instance left before a restart (a crash, a stop during an outage)
   * and those of instances that are gone; then sweeps for them again until stopped. When the
   * database fails the first sweep, the sweeps that follow try again: a start never gives up on
   * the rows for the life of the process.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.released = false;
    this.queues.restart();
    await this.sweepAll().catch((error: unknown) =>
      this.options.logger.warn(
        { err: describeError(error) },
        'outbox: could not take up stored messages at start; tried again at the next sweep',
      ),
    );
    const every = this.options.sweepMs ?? this.options.instances.livenessMs / 2;
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweepAll()
        .catch((error: unknown) =>
          this.options.logger.warn({ err: describeError(error) }, 'outbox: sweep failed; tried again later'),
        )
        .finally(() => (this.sweeping = null));
    }, every);
    this.timer.unref();
  }

  /** Stops sending (a call in flight is aborted); what is not sent stays in the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queues.stop();
    await this.sweeping;
    await Promise.all(this.deleting);
    this.held.clear();
  }

  /** Once per start, the rows of channels switched off since; then this instance's rows and those nobody sends. */
  private async sweepAll(): Promise<void> {
    if (!this.released) {
      await this.store.releaseOtherChannels(this.channels);
      this.released = true;
    }
    await this.sweep(true);
  }

  /** This instance's rows not in memory, and (with `abandoned`) the rows nobody sends. */
  private async sweep(abandoned: boolean): Promise<void> {
    const { store, instances } = this.options;
    const ids = new Set(await store.ownRows(this.channels));
    if (abandoned) for (const id of await store.claimAbandoned(this.channels, instances.aliveSince())) ids.add(id);
    const fresh = [...ids].filter((id) => !this.held.has(id));
    if (fresh.length === 0) return;
    const loaded = await store.load(fresh);
    const unreadable: number[] = [];
    const sendable: StoredMessage[] = [];
    for (const row of loaded) {
      if (this.held.has(row.message.id)) continue;
      if (!row.reply) {
        unreadable.push(row.message.id);
        await this.report(row.message, { status: 'failed', error: 'the stored message cannot be decrypted' });
      } else if (row.blocked)
        await this.finished([row.message], { status: 'unreachable', error: 'the citizen blocked the bot' });
      else sendable.push(row.message);
    }
    if (unreadable.length > 0) {
      this.options.logger.error(
        { count: unreadable.length },
        'outbox: stored messages cannot be decrypted (was DATA_ENCRYPTION_KEY changed?); dropped',
      );
      await store.deleteNow(unreadable);
    }
    this.accept(sendable);
  }

  private async send(message: StoredMessage, signal: AbortSignal): Promise<SendOutcome> {
    const sender = this.senders.get(message.recipient.channel);
    if (!sender)
      return { status: 'failed', retryable: true, error: `channel ${message.recipient.channel} is switched off` };
    return sender.send(message.recipient.chatId, [message.reply], { signal });
  }

  private async finished(messages: StoredMessage[], outcome: SendOutcome): Promise<void> {
    const { logger, clock } = this.options;
    const [first] = messages;
    if (!first) return;
    const channel = first.recipient.channel;
    let settlement: Settlement;
    if (outcome.status === 'sent') {
      settlement =
        outcome.platformMessageId === undefined
          ? { status: 'sent' }
          : { status: 'sent', platformMessageId: outcome.platformMessageId };
    } else if (outcome.status === 'unreachable') {
      settlement = { status: 'unreachable', error: outcome.error };
      const citizenId = first.recipient.citizenId;
      if (citizenId) {
        await markUnreachable(this.store.database.db, { ids: [citizenId] }, clock.now()).catch((error: unknown) =>
          logger.warn({ channel, err: describeError(error) }, `${channel}: could not mark a chat unreachable`),
        );
      }
    } else {
      settlement = { status: 'failed', error: outcome.error };
      logger.warn({ channel, err: outcome.error }, `${channel}: message refused by the platform; dropped`);
    }
    for (const message of messages) await this.report(message, settlement);
    this.forget(messages.flatMap((message) => (message.id === null ? [] : [message.id])));
  }

  private async retrying(message: StoredMessage, outcome: SendOutcome, delayMs: number): Promise<void> {
    const channel = message.recipient.channel;
    const error = 'error' in outcome ? outcome.error : 'not sent';
    this.options.logger.warn(
      { channel, err: error, delayMs },
      `${channel}: message not delivered yet; kept and retried with back-off`,
    );
    await this.report(message, { status: 'retrying', error });
  }

  private async report(message: StoredMessage, settlement: Settlement): Promise<void> {
    const origin = message.origin;
    const report = origin ? this.options.reports?.[origin.kind] : undefined;
    if (!origin || !report) return;
    await report(origin.id, settlement).catch((error: unknown) =>
      this.options.logger.warn(
        { origin: origin.kind, err: describeError(error) },
        'outbox: could not record how a message settled',
      ),
    );
  }

  /** Deletes sent (or dropped) rows in the background; if that fails they are sent again after a restart. */
  private forget(ids: number[]): void {
    if (ids.length === 0) return;
    const deleting = this.store
      .forget(ids)
      .catch((error: unknown) =>
        this.options.logger.warn({ err: describeError(error) }, 'outbox: could not clear sent messages'),
      )
      .finally(() => {
        for (const id of ids) this.held.delete(id);
        this.deleting.delete(deleting);
      });
    this.deleting.add(deleting);
  }
}
