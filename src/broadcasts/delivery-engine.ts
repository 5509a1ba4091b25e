// Sends materialised deliveries: per channel, workers claim small batches, send each message
// outside any transaction through the channel's ChannelSender (web chat: an OutboundMessage
// row), and record the outcome. Rates, 429 pauses and per-chat spacing live in ChannelGate;
// the retry policy is `decideResult`. A delivery is marked sent only after the platform said so.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/database.js';
import type { DatabaseTarget } from '../config/env.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import type { ChannelSender, SendOutcome } from '../outbox/sender.js';
import { CHANNELS, type Channel } from '../conversation/messages.js';
import { describeError } from '../lib/errors.js';
import { ChannelGate } from './broadcast-pacer.js';
import { createDeliveryStore, type ClaimedDelivery, type DeliveryResult } from './delivery-store.js';
import { channelRates, readBroadcastSettings } from '../settings/broadcast-settings.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DeliveryEngineOptions {
  db: Db;
  provider: DatabaseTarget['provider'];
  clock: Clock;
  logger: Logger;
  /** the switched-on platform channels (web chat needs none: it writes OutboundMessage rows) */
  senders: readonly ChannelSender[];
  instanceId?: string;
  /** messages claimed at once per worker: also the most that a crash can send twice */
  batchSize?: number;
  /** workers per channel; SQLite always uses one */
  workersPerChannel?: number;
  retry?: Partial<RetryPolicy>;
  /** fixed rates per channel; default: the broadcast settings, re-read every minute */
  rates?: Partial<Record<Channel, number>>;
  /** a claim older than this is taken back even from a live instance */
  leaseMs?: number;
  heartbeatMs?: number;
  /** pause between polls of an empty queue */
  idleMs?: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 10 * 60_000 };

/** Exponential back-off: base, 2×base, 4×base… capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** What to do with a delivery after the platform's answer (the one retry policy). */
export function decideResult(outcome: SendOutcome, attemptsBefore: number, policy: RetryPolicy, now: Date, channelPauseMs: number): DeliveryResult {
  switch (outcome.status) {
    case 'sent':
      return { kind: 'sent' };
    case 'unreachable':
      return { kind: 'skipped', reason: outcome.error, unsubscribe: true };
    case 'rate_limited':
      // Not the recipient's fault: try again once the channel's pause is over, no attempt spent.
      return { kind: 'retry', error: outcome.error, at: new Date(now.getTime() + channelPauseMs), countsAttempt: false };
    case 'failed': {
      const attempts = attemptsBefore + 1;
      if (!outcome.retryable || attempts >= policy.maxAttempts) return { kind: 'failed', error: outcome.error };
      return { kind: 'retry', error: outcome.error, at: new Date(now.getTime() + backoffMs(attempts, policy.baseDelayMs, policy.maxDelayMs)), countsAttempt: true };
    }
  }
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;

export function createDeliveryEngine(options: DeliveryEngineOptions) {
  const { db, provider, clock, logger } = options;
  // Read at start(): the channel setup may add its senders after the engine was created.
  let senders = new Map<Channel, ChannelSender>();
  let activeChannels: Channel[] = [];
  const gates = new Map<Channel, ChannelGate>();
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const batchSize = options.batchSize ?? 50;
  const workersPerChannel = provider === 'sqlite' ? 1 : (options.workersPerChannel ?? 4);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const idleMs = options.idleMs ?? 500;
  const store = createDeliveryStore(db, provider);
  /** consecutive 429s per channel, for the channels that give no retry_after of their own */
  const rateLimitStreak = new Map<Channel, number>();

  let abort = new AbortController();
  let loops: Promise<void>[] = [];

  async function applyRates(): Promise<void> {
    const configured = channelRates(await readBroadcastSettings(db));
    for (const [channel, gate] of gates) gate.setRate(options.rates?.[channel] ?? configured[channel]);
  }

  function channelPause(channel: Channel, outcome: Extract<SendOutcome, { status: 'rate_limited' }>): number {
    if (channel === 'telegram') return outcome.retryAfterMs;
    const streak = (rateLimitStreak.get(channel) ?? 0) + 1;
    rateLimitStreak.set(channel, streak);
    return Math.max(outcome.retryAfterMs, backoffMs(streak, 1_000, 5 * 60_000));
  }

  async function sendOne(channel: Channel, delivery: ClaimedDelivery): Promise<SendOutcome> {
    if (channel === 'web') {
      await db.outboundMessage.create({ data: { citizenId: delivery.citizenId, kind: 'notice', text: delivery.text } });
      return { status: 'sent' };
    }
    const sender = senders.get(channel);
    if (!sender) return { status: 'failed', retryable: true, error: `no sender for ${channel}` };
    return sender.send(delivery.chatId, [{ kind: 'notice', text: delivery.text }], { bulk: true });
  }

  async function deliver(channel: Channel, gate: ChannelGate, delivery: ClaimedDelivery): Promise<DeliveryResult> {
    if (delivery.staleAt && delivery.staleAt.getTime() <= clock.now().getTime()) return { kind: 'skipped', reason: 'stale', unsubscribe: false };
    try {
      await gate.acquire(`${channel}:${delivery.chatId}`, abort.signal);
    } catch {
      return { kind: 'released' };
    }
    let outcome: SendOutcome;
    try {
      outcome = await sendOne(channel, delivery);
    } catch (error) {
      outcome = { status: 'failed', retryable: true, error: describeError(error) };
    }
    let pauseMs = 0;
    if (outcome.status === 'rate_limited') {
      pauseMs = channelPause(channel, outcome);
      gate.pauseFor(pauseMs);
      logger.warn({ channel, pauseMs }, 'broadcast channel rate-limited: pausing it');
    } else if (outcome.status === 'sent') {
      rateLimitStreak.delete(channel);
    }
    return decideResult(outcome, delivery.attempts, retry, clock.now(), pauseMs);
  }

  /** Claims, sends and records one batch; returns how many deliveries it handled. */
  async function runBatch(channel: Channel): Promise<number> {
    const gate = gates.get(channel);
    if (!gate) return 0;
    const batch = await store.claim(channel, batchSize, instanceId, clock.now());
    if (batch.length === 0) return 0;
    const results = await Promise.all(batch.map((delivery) => deliver(channel, gate, delivery)));
    await store.record(batch, results, clock.now());
    await store.completeIfDone(batch.map((delivery) => delivery.broadcastId), clock.now());
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
      await sleep(handled === 0 ? idleMs : 0, undefined, { signal }).catch(() => undefined);
    }
  }

  async function maintenance(signal: AbortSignal): Promise<void> {
    let sinceRates = 0;
    while (!signal.aborted) {
      await sleep(heartbeatMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) break;
      try {
        await store.heartbeat(instanceId, clock.now());
        await releaseAbandoned();
        sinceRates += heartbeatMs;
        if (sinceRates >= 60_000) {
          sinceRates = 0;
          await applyRates();
        }
      } catch (error) {
        logger.error({ err: describeError(error) }, 'broadcast engine maintenance failed');
      }
    }
  }

  async function releaseAbandoned(): Promise<number> {
    const now = clock.now().getTime();
    const released = await store.releaseAbandoned(instanceId, new Date(now - 3 * heartbeatMs), new Date(now - leaseMs));
    if (released > 0) logger.warn({ released }, 'deliveries left in flight by a stopped instance put back to pending');
    return released;
  }

  return {
    instanceId,
    runBatch,
    releaseAbandoned,
    async start(): Promise<void> {
      abort = new AbortController();
      // Every waiting send listens on this one signal.
      setMaxListeners(0, abort.signal);
      senders = new Map(options.senders.map((sender) => [sender.channel, sender]));
      activeChannels = CHANNELS.filter((channel) => channel === 'web' || senders.has(channel));
      for (const channel of activeChannels) if (!gates.has(channel)) gates.set(channel, new ChannelGate(Number.POSITIVE_INFINITY));
      await store.heartbeat(instanceId, clock.now());
      await releaseAbandoned();
      await applyRates();
      const { signal } = abort;
      loops = [maintenance(signal), ...activeChannels.flatMap((channel) => Array.from({ length: channel === 'web' ? 1 : workersPerChannel }, () => workerLoop(channel, signal)))];
    },
    /** Lets every worker finish (or release) its batch, then returns. */
    async stop(): Promise<void> {
      abort.abort();
      await Promise.all(loops);
      loops = [];
      await store.forgetInstance(instanceId);
    },
  };
}
