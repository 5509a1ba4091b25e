// Sends materialised deliveries: per channel, workers claim small batches, send each message
// outside any transaction through the channel's ChannelSender, and record the outcome. Rates,
// 429 pauses and per-chat spacing live in BroadcastPacer; the retry policy is `decideResult`.
// A delivery is marked sent only after the platform said so. Web chat subscribers get their
// message as an outbox row (their mailbox), written in the transaction that marks it sent.
// With paid broadcasts switched on (the setting), Telegram messages carry allow_paid_broadcast
// and the rate may go up to 1000/s. Instances and their liveness are src/instances'.
import { setMaxListeners } from 'node:events';
import type { Db } from '../db/database.js';
import type { DatabaseTarget } from '../config/env.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import { backoffMs, wait } from '../lib/backoff.js';
import type { InstanceRegistry } from '../instances/instance-registry.js';
import type { OutboxStore } from '../outbox/outbox-store.js';
import type { ChannelSender, SendOutcome } from '../outbox/sender.js';
import { CHANNELS, type Channel } from '../conversation/messages.js';
import { describeError } from '../lib/errors.js';
import { BroadcastPacer } from './broadcast-pacer.js';
import { createDeliveryStore, type ClaimedDelivery, type DeliveryResult } from './delivery-store.js';
import { channelRates } from '../settings/broadcast-settings.js';
import { readBroadcastSettings } from '../settings/settings-store.js';

/** How often a failed delivery is tried again, and how long between tries. */
export interface DeliveryRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DeliveryEngineOptions {
  db: Db;
  provider: DatabaseTarget['provider'];
  clock: Clock;
  logger: Logger;
  /** the switched-on platform channels (web chat needs none: it writes outbox rows) */
  senders: readonly ChannelSender[];
  /** where web chat subscribers' messages are written */
  outbox: Pick<OutboxStore, 'insertIn'>;
  /** this instance (INSTANCE_ID) and who else is alive */
  instances: Pick<InstanceRegistry, 'id' | 'alive'>;
  /** messages claimed at once per worker: also the most that a crash can send twice */
  batchSize?: number;
  /** workers per channel; SQLite always uses one */
  workersPerChannel?: number;
  retry?: Partial<DeliveryRetryPolicy>;
  /** fixed rates per channel; default: the broadcast settings, re-read every minute */
  rates?: Partial<Record<Channel, number>>;
  /** a claim older than this is taken back even from a live instance */
  leaseMs?: number;
  /** how often abandoned deliveries are looked for */
  maintenanceMs?: number;
  /** pause between polls of an empty queue */
  idleMs?: number;
}

const DEFAULT_RETRY: DeliveryRetryPolicy = { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 10 * 60_000 };

/** What to do with a delivery after the platform's answer (the one retry policy). */
export function decideResult(
  outcome: SendOutcome,
  attemptsBefore: number,
  policy: DeliveryRetryPolicy,
  now: Date,
  channelPauseMs: number,
): DeliveryResult {
  switch (outcome.status) {
    case 'sent':
      return { kind: 'sent' };
    case 'unreachable':
      return { kind: 'skipped', reason: outcome.error, unsubscribe: true };
    case 'rate_limited':
      // Not the recipient's fault: try again once the channel's pause is over, no attempt spent.
      return {
        kind: 'retry',
        error: outcome.error,
        at: new Date(now.getTime() + channelPauseMs),
        countsAttempt: false,
      };
    case 'failed': {
      const attempts = attemptsBefore + 1;
      if (!outcome.retryable || attempts >= policy.maxAttempts) return { kind: 'failed', error: outcome.error };
      return {
        kind: 'retry',
        error: outcome.error,
        at: new Date(now.getTime() + backoffMs(attempts, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs })),
        countsAttempt: true,
      };
    }
  }
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;

export function createDeliveryEngine(options: DeliveryEngineOptions) {
  const { db, provider, clock, logger, instances } = options;
  const senders = new Map(options.senders.map((sender) => [sender.channel, sender]));
  const activeChannels = CHANNELS.filter((channel) => channel === 'web' || senders.has(channel));
  const pacers = new Map(activeChannels.map((channel) => [channel, new BroadcastPacer(Number.POSITIVE_INFINITY)]));
  const batchSize = options.batchSize ?? 50;
  const workersPerChannel = provider === 'sqlite' ? 1 : (options.workersPerChannel ?? 4);
  const retry: DeliveryRetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maintenanceMs = options.maintenanceMs ?? 5_000;
  const idleMs = options.idleMs ?? 500;
  const store = createDeliveryStore(db, provider);
  /** consecutive 429s per channel, for the channels that give no retry_after of their own */
  const rateLimitStreak = new Map<Channel, number>();
  /** Telegram's paid broadcasts, as the settings say (read with the rates) */
  let paidBroadcast = false;

  let abort = new AbortController();
  let loops: Promise<void>[] = [];

  async function applySettings(): Promise<void> {
    const settings = await readBroadcastSettings(db);
    const configured = channelRates(settings);
    paidBroadcast = settings.telegramPaidBroadcast;
    for (const [channel, pacer] of pacers) pacer.setRate(options.rates?.[channel] ?? configured[channel]);
  }

  function channelPause(channel: Channel, outcome: Extract<SendOutcome, { status: 'rate_limited' }>): number {
    if (channel === 'telegram') return outcome.retryAfterMs;
    const streak = (rateLimitStreak.get(channel) ?? 0) + 1;
    rateLimitStreak.set(channel, streak);
    return Math.max(outcome.retryAfterMs, backoffMs(streak, { baseMs: 1_000, maxMs: 5 * 60_000 }));
  }

  async function deliver(
    channel: Channel,
    pacer: BroadcastPacer,
    delivery: ClaimedDelivery,
    sender: ChannelSender,
  ): Promise<DeliveryResult> {
    if (delivery.staleAt && delivery.staleAt.getTime() <= clock.now().getTime())
      return { kind: 'skipped', reason: 'stale', unsubscribe: false };
    try {
      // one pacer per channel: the chat id alone is the key
      await pacer.acquire(delivery.chatId, abort.signal);
    } catch {
      return { kind: 'released' };
    }
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(delivery.chatId, [{ kind: 'notice', text: delivery.text }], {
        paidBroadcast: channel === 'telegram' && paidBroadcast,
      });
    } catch (error) {
      outcome = { status: 'failed', retryable: true, error: describeError(error) };
    }
    let pauseMs = 0;
    if (outcome.status === 'rate_limited') {
      pauseMs = channelPause(channel, outcome);
      pacer.pauseFor(pauseMs);
      logger.warn({ channel, pauseMs }, 'broadcast channel rate-limited: pausing it');
    } else if (outcome.status === 'sent') {
      rateLimitStreak.delete(channel);
    }
    return decideResult(outcome, delivery.attempts, retry, clock.now(), pauseMs);
  }

  /** Web chat: the batch's messages become outbox rows, in the transaction that marks them sent. */
  async function deliverToMailboxes(batch: ClaimedDelivery[]): Promise<void> {
    const now = clock.now();
    const due = batch.filter((delivery) => !delivery.staleAt || delivery.staleAt.getTime() > now.getTime());
    const stale = batch.filter((delivery) => !due.includes(delivery));
    await db.$transaction(async (tx) => {
      await options.outbox.insertIn(
        tx,
        due.map((delivery) => ({
          recipient: {
            channel: 'web',
            citizenId: delivery.citizenId,
            platformUserId: delivery.platformUserId,
            chatId: delivery.chatId,
          },
          reply: { kind: 'notice', text: delivery.text },
        })),
      );
      await tx.delivery.updateMany({
        where: { id: { in: due.map((delivery) => delivery.id) }, status: 'in_flight' },
        data: { status: 'sent', sentAt: now, attempts: { increment: 1 } },
      });
    });
    await store.record(
      stale,
      stale.map(() => ({ kind: 'skipped', reason: 'stale', unsubscribe: false })),
      now,
    );
  }

  /** Claims, sends and records one batch; returns how many deliveries it handled. */
  async function runBatch(channel: Channel): Promise<number> {
    const pacer = pacers.get(channel);
    if (!pacer) return 0;
    const batch = await store.claim(channel, batchSize, instances.id, clock.now());
    if (batch.length === 0) return 0;
    const sender = senders.get(channel);
    if (channel === 'web') {
      await deliverToMailboxes(batch);
    } else if (sender) {
      const results = await Promise.all(batch.map((delivery) => deliver(channel, pacer, delivery, sender)));
      await store.record(batch, results, clock.now());
    }
    await store.completeIfDone(
      batch.map((delivery) => delivery.broadcastId),
      clock.now(),
    );
    return batch.length;
  }

  async function workerLoop(channel: Channel, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let handled = 0;
      try {
        handled = await runBatch(channel);
      } catch (error) {
        logger.error({ channel, err: describeError(error) }, 'broadcast delivery batch failed');
      }
      // Yield between batches so interactive replies get the database and the event loop.
      await wait(handled === 0 ? idleMs : 0, signal);
    }
  }

  async function maintenance(signal: AbortSignal): Promise<void> {
    let sinceSettings = 0;
    while (!signal.aborted) {
      await wait(maintenanceMs, signal);
      if (signal.aborted) break;
      try {
        await releaseAbandoned(false);
        sinceSettings += maintenanceMs;
        if (sinceSettings >= 60_000) {
          sinceSettings = 0;
          await applySettings();
        }
      } catch (error) {
        logger.error({ err: describeError(error) }, 'broadcast engine maintenance failed');
      }
    }
  }

  /** Before the workers start; false (logged) when the database failed it. */
  async function prepare(): Promise<boolean> {
    try {
      await releaseAbandoned(true);
      await applySettings();
      return true;
    } catch (error) {
      logger.error({ err: describeError(error) }, 'broadcast engine could not start; tried again shortly');
      return false;
    }
  }

  /** Deliveries in flight at instances that are gone (and, at start, this instance's previous run) go back to pending. */
  async function releaseAbandoned(ownToo = false): Promise<number> {
    const released = await store.releaseAbandoned(
      instances.id,
      await instances.alive(),
      new Date(clock.now().getTime() - leaseMs),
      ownToo,
    );
    if (released > 0) logger.warn({ released }, 'deliveries left in flight by a stopped instance put back to pending');
    return released;
  }

  return {
    runBatch,
    releaseAbandoned,
    /** the messages per second a channel is paced at now */
    rate: (channel: Channel) => pacers.get(channel)?.rate ?? 0,
    /**
     * Puts this instance's deliveries of its previous run back to pending, reads the settings,
     * then starts the workers. When the database fails that first step, it is tried again until
     * it works: a start that fails never leaves the engine stopped for the life of the process.
     */
    async start(): Promise<void> {
      abort = new AbortController();
      // Every waiting send listens on this one signal.
      setMaxListeners(0, abort.signal);
      const { signal } = abort;
      const run = () => [
        maintenance(signal),
        ...activeChannels.flatMap((channel) =>
          Array.from({ length: channel === 'web' ? 1 : workersPerChannel }, () => workerLoop(channel, signal)),
        ),
      ];
      if (await prepare()) loops = run();
      else
        loops = [
          (async () => {
            while (!signal.aborted && !(await prepare())) await wait(maintenanceMs, signal);
            if (!signal.aborted) await Promise.all(run());
          })(),
        ];
    },
    /** Lets every worker finish (or release) its batch, then returns. */
    async stop(): Promise<void> {
      abort.abort();
      await Promise.all(loops);
      loops = [];
    },
  };
}
