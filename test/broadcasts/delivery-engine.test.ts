// The delivery engine through the real Telegram and Zalo senders (the adapters' own error
// classification and retry policy, with short back-off delays) against the fake platforms over
// real HTTP, on both databases. What a subscriber notices: a 429 delays the channel by what the
// platform asked, then everyone gets the message once; a subscriber who blocked the bot is asked
// once, then unsubscribed; a 5xx is tried again and the message arrives once.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../src/db/database.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { systemClock } from '../../src/lib/clock.js';
import { createBroadcastScheduler } from '../../src/broadcasts/scheduler.js';
import { createDeliveryEngine, type DeliveryEngineOptions } from '../../src/broadcasts/delivery-engine.js';
import { BotApi } from '../../src/channels/telegram/bot-api.js';
import { CallbackData } from '../../src/channels/telegram/callback-data.js';
import { TelegramSender } from '../../src/channels/telegram/telegram-sender.js';
import { ZaloClient } from '../../src/channels/zalo/zalo-client.js';
import { ZaloSender } from '../../src/channels/zalo/zalo-sender.js';
import { ChannelGate, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/channels/retry.js';
import type { Channel } from '../../src/conversation/messages.js';
import {
  approvedBroadcast,
  seedCitizens,
  setUpBroadcastDb,
  silentLogger,
  waitFor,
  type BroadcastFixture,
} from './fixtures.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();

/** The adapters' policy (attempts, longest inline 429 wait) with back-off delays short enough for a test. */
const QUICK_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 40 };

/** One call of sendMessage as the fake saw it: `failedWith` is the error code it answered, if any. */
interface PlatformCall {
  chatId: string;
  text: string;
  at: number;
  failedWith: number | undefined;
}

describe.each(providers)('delivery engine on %s', (provider) => {
  let f: BroadcastFixture;
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  let stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    f = await setUpBroadcastDb(provider);
  });
  afterAll(async () => {
    await f.close();
  });
  beforeEach(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    await f.db.delivery.deleteMany();
    await f.db.broadcast.deleteMany();
    await f.db.outboundMessage.deleteMany();
    await f.db.citizen.deleteMany();
  });
  afterEach(async () => {
    // last started, first stopped: an engine stops before the database it uses closes
    for (const stop of stops.reverse()) await stop();
    stops = [];
    await zalo.stop();
    await telegram.stop();
  });

  /** The platforms, seen from the test: how to make one chat's calls fail, and what reached whom. */
  const platforms = {
    telegram: {
      tooManyRequests: (chatId: string) =>
        telegram.failNext('sendMessage', {
          status: 429,
          description: 'Too Many Requests: retry after 1',
          retry_after: 1,
          chatId,
        }),
      blocked: { status: 403, description: 'Forbidden: bot was blocked by the user' },
      blockBy: (chatId: string) =>
        telegram.failNext('sendMessage', {
          status: 403,
          description: 'Forbidden: bot was blocked by the user',
          chatId,
        }),
      serverError: (chatId: string, times: number) =>
        telegram.failNext('sendMessage', { status: 502, description: 'Bad Gateway', chatId, times }),
      calls: (): PlatformCall[] =>
        telegram.callsOf('sendMessage').map((call) => ({
          chatId: String(call.body.chat_id),
          text: String(call.body.text),
          at: call.at,
          failedWith: call.status === 200 ? undefined : call.status,
        })),
      received: (chatId: string) => telegram.sentMessages(chatId).map((message) => message.text),
    },
    zalo: {
      // Zalo's API gives no retry_after: the policy waits its default second
      tooManyRequests: (chatId: string) =>
        zalo.failNext('sendMessage', { error_code: 429, description: 'Too many requests', chatId }),
      blocked: { status: 403, description: 'Forbidden' },
      blockBy: (chatId: string) => zalo.failNext('sendMessage', { error_code: 403, description: 'Forbidden', chatId }),
      serverError: (chatId: string, times: number) =>
        zalo.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway', chatId, times }),
      calls: (): PlatformCall[] =>
        zalo.callsOf('sendMessage').map((call) => ({
          chatId: String(call.body.chat_id),
          text: String(call.body.text),
          at: call.at,
          failedWith: call.errorCode,
        })),
      received: (chatId: string) => zalo.sentMessages(chatId).map((message) => message.text),
    },
  } satisfies Record<Exclude<Channel, 'web'>, unknown>;
  const callsTo = (channel: keyof typeof platforms, chatId: string) =>
    platforms[channel].calls().filter((call) => call.chatId === chatId);

  const scheduler = () =>
    createBroadcastScheduler({ db: f.db, clock: systemClock, logger: silentLogger, timeZone: 'UTC' });
  const encryptionKey = randomBytes(32);
  /** the outbox's store, where web subscribers' messages go */
  const outboxOf = (db: Db) =>
    new OutboxStore({
      database: { db, sql: f.database.sql },
      clock: systemClock,
      encryptionKey,
      instanceId: 'test',
      sendsOn: [],
    });
  /** An engine as src/app.ts builds it: the real senders of both platforms, each with its own 429 gate. */
  async function createEngine(overrides: Partial<DeliveryEngineOptions> = {}) {
    const db = overrides.db ?? f.db;
    const instances = new InstanceRegistry({
      database: { db, sql: f.database.sql },
      clock: systemClock,
      logger: silentLogger,
      instanceId: `engine-${randomUUID()}`,
      livenessMs: 15_000,
    });
    await instances.start();
    stops.push(() => instances.stop());
    return createDeliveryEngine({
      db,
      provider,
      clock: systemClock,
      logger: silentLogger,
      senders: [
        new TelegramSender({
          api: new BotApi(telegram.token, telegram.url),
          callbackData: new CallbackData(),
          policy: QUICK_RETRY,
        }),
        new ZaloSender(new ZaloClient(zalo.token, zalo.url), new ChannelGate(), QUICK_RETRY),
      ],
      outbox: outboxOf(db),
      instances,
      idleMs: 20,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
      rates: { telegram: 1000, zalo: 1000 },
      ...overrides,
    });
  }
  async function startEngine(overrides: Partial<DeliveryEngineOptions> = {}) {
    const engine = await createEngine(overrides);
    await engine.start();
    stops.push(() => engine.stop());
    return engine;
  }
  /** Approves and materialises a broadcast outside quiet hours (the test clock is UTC noon). */
  async function sendingBroadcast(draft: Parameters<typeof approvedBroadcast>[1] = {}): Promise<string> {
    const id = await approvedBroadcast(f, draft);
    await scheduler().tick(new Date('2021-05-20T12:00:00Z'));
    return id;
  }
  const status = async (id: string) => (await f.service.get(id)).status;
  const completed = (id: string) => () => status(id).then((s) => s === 'completed');
  const deliveryOf = (citizenId: string | undefined) =>
    f.db.delivery.findFirst({ where: { citizenId }, select: { status: true, attempts: true, lastError: true } });

  it('sends every subscriber the text in their language, marks each sent, and completes the broadcast', async () => {
    await seedCitizens(f.db, 6, 'vi', { locale: 'vi' });
    await seedCitizens(f.db, 4, 'en', { locale: 'en' });
    await seedCitizens(f.db, 2, 'zl', { channel: 'zalo', locale: 'en' });
    await seedCitizens(f.db, 1, 'web', { channel: 'web' });
    const id = await sendingBroadcast();
    await startEngine();
    await waitFor(completed(id));
    const telegramCalls = platforms.telegram.calls();
    expect(telegramCalls).toHaveLength(10);
    expect(telegramCalls.filter((r) => r.chatId.startsWith('en-')).every((r) => r.text === 'Hello voter')).toBe(true);
    expect(telegramCalls.filter((r) => r.chatId.startsWith('vi-')).every((r) => r.text === 'Xin chào cử tri')).toBe(
      true,
    );
    expect(platforms.zalo.calls().map((call) => [call.chatId, call.text])).toEqual(
      expect.arrayContaining([
        ['zl-0', 'Hello voter'],
        ['zl-1', 'Hello voter'],
      ]),
    );
    expect(platforms.zalo.calls()).toHaveLength(2);
    // the web subscriber's message is in their mailbox, sealed at rest
    expect((await outboxOf(f.db).mailbox('web-0', 0, 10)).map((message) => [message.kind, message.text])).toEqual([
      ['notice', 'Xin chào cử tri'],
    ]);
    expect((await f.db.outboundMessage.findMany()).map((row) => row.text).join()).not.toContain('Xin chào');
    expect(await f.service.progress(id)).toMatchObject({ sent: 13, pending: 0, in_flight: 0, percent: 100 });
  });

  describe.each(['telegram', 'zalo'] as const)('on %s', (channel) => {
    const platform = platforms[channel];

    it('a 429 makes the channel wait the time asked (1 s), then everyone receives the message once', async () => {
      const citizens = await seedCitizens(f.db, 5, 'busy', { channel });
      platform.tooManyRequests('busy-0');
      const id = await sendingBroadcast();
      await startEngine({ batchSize: 1, workersPerChannel: 1 });
      await waitFor(completed(id));
      const calls = platform.calls();
      const limited = calls.find((call) => call.failedWith === 429);
      expect(limited).toBeDefined();
      const after = calls.filter((call) => call.at > (limited?.at ?? 0));
      expect(after.length).toBeGreaterThan(0);
      // one message at a time (a call already on its way when the 429 comes cannot be held back):
      // nothing more leaves on the channel before the second is over
      expect(Math.min(...after.map((call) => call.at)) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
      for (let index = 0; index < 5; index++) expect(platform.received(`busy-${index}`)).toEqual(['Xin chào cử tri']);
      expect(await f.db.delivery.count({ where: { citizenId: { in: citizens }, status: 'sent' } })).toBe(5);
    });

    it('a subscriber who blocked the bot is asked once, skipped and unsubscribed; the others receive it', async () => {
      const [blocked] = await seedCitizens(f.db, 1, 'blocked', { channel });
      await seedCitizens(f.db, 2, 'fine', { channel });
      platform.blockBy('blocked-0');
      const id = await sendingBroadcast();
      await startEngine();
      await waitFor(completed(id));
      expect(callsTo(channel, 'blocked-0')).toHaveLength(1);
      expect(platform.received('blocked-0')).toEqual([]);
      expect(await deliveryOf(blocked)).toMatchObject({
        status: 'skipped',
        lastError: `${platform.blocked.status}: ${platform.blocked.description}`,
      });
      expect(await f.db.citizen.findUnique({ where: { id: blocked }, select: { subscribed: true } })).toEqual({
        subscribed: false,
      });
      expect(platform.received('fine-0')).toEqual(['Xin chào cử tri']);
      expect(platform.received('fine-1')).toEqual(['Xin chào cử tri']);
    });

    it('a server error is tried again and the message arrives once', async () => {
      const [down] = await seedCitizens(f.db, 1, 'down', { channel });
      platform.serverError('down-0', 2);
      const id = await sendingBroadcast();
      await startEngine();
      await waitFor(completed(id));
      expect(callsTo(channel, 'down-0').map((call) => call.failedWith)).toEqual([502, 502, undefined]);
      expect(platform.received('down-0')).toEqual(['Xin chào cử tri']);
      expect(await deliveryOf(down)).toMatchObject({ status: 'sent' });
    });

    it('a server error that lasts fails the delivery after its attempts, with the error kept', async () => {
      await seedCitizens(f.db, 1, 'down', { channel });
      platform.serverError('down-0', 1000);
      const id = await sendingBroadcast();
      await startEngine({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 } });
      await waitFor(completed(id));
      // three deliveries' attempts, each a full round of the sender's own
      expect(callsTo(channel, 'down-0')).toHaveLength(3 * QUICK_RETRY.maxAttempts);
      expect(platform.received('down-0')).toEqual([]);
      expect(await f.db.delivery.findFirst({ select: { status: true, attempts: true, lastError: true } })).toEqual({
        status: 'failed',
        attempts: 3,
        lastError: '502: Bad Gateway',
      });
    });
  });

  it('deliveries found after their stale time are skipped with a reason, not sent', async () => {
    await seedCitizens(f.db, 2, 'late');
    const id = await sendingBroadcast({ staleAt: new Date(Date.now() - 60_000) });
    await startEngine();
    await waitFor(completed(id));
    expect(platforms.telegram.calls()).toHaveLength(0);
    expect(await f.db.delivery.findMany({ select: { status: true, lastError: true } })).toEqual([
      { status: 'skipped', lastError: 'stale' },
      { status: 'skipped', lastError: 'stale' },
    ]);
  });

  it('a paused broadcast sends nothing until resumed; a cancelled one sends nothing more', async () => {
    await seedCitizens(f.db, 3, 'wait');
    const paused = await sendingBroadcast();
    await f.service.pause(f.supervisor, paused);
    // full claim cycles of the engine, run by the test: each claims what is due, sends and records it
    const engine = await createEngine();
    expect(await engine.runBatch('telegram')).toBe(0);
    expect(await engine.runBatch('telegram')).toBe(0);
    expect(platforms.telegram.calls()).toHaveLength(0);
    expect(await f.db.delivery.count({ where: { broadcastId: paused, status: 'pending' } })).toBe(3);
    await f.service.resume(f.supervisor, paused);
    expect(await engine.runBatch('telegram')).toBe(3);
    expect(await status(paused)).toBe('completed');
    expect(platforms.telegram.calls()).toHaveLength(3);

    const cancelled = await approvedBroadcast(f);
    await f.service.cancel(f.admin, cancelled);
    await scheduler().tick(new Date('2021-05-20T12:00:00Z'));
    expect(await f.db.delivery.count({ where: { broadcastId: cancelled } })).toBe(0);
  });

  it('rows left in flight by a crashed instance are put back and delivered', async () => {
    await seedCitizens(f.db, 4, 'crash');
    const id = await sendingBroadcast();
    await f.db.delivery.updateMany({
      data: { status: 'in_flight', claimedBy: 'crashed-instance', claimedAt: new Date() },
    });
    await startEngine();
    await waitFor(completed(id));
    expect(
      platforms.telegram
        .calls()
        .map((call) => call.chatId)
        .sort(),
    ).toEqual(['crash-0', 'crash-1', 'crash-2', 'crash-3']);
  });

  // SKIP LOCKED and several workers exist only on PostgreSQL (SQLite runs one worker).
  if (provider === 'postgresql') {
    it('two instances sharing the database materialise once and deliver each message once', async () => {
      await seedCitizens(f.db, 300, 'pair');
      const id = await approvedBroadcast(f);
      const second = openDatabase(f.testDb.target);
      stops.push(() => second.close());
      const schedulerB = createBroadcastScheduler({
        db: second.db,
        clock: systemClock,
        logger: silentLogger,
        timeZone: 'UTC',
      });
      const [a, b] = await Promise.all([
        scheduler().tick(new Date('2021-05-20T12:00:00Z')),
        schedulerB.tick(new Date('2021-05-20T12:00:00Z')),
      ]);
      expect(a.materialized.length + b.materialized.length).toBe(1);
      await startEngine({ batchSize: 10 });
      await startEngine({ batchSize: 10, db: second.db });
      await waitFor(completed(id));
      const calls = platforms.telegram.calls();
      expect(calls).toHaveLength(300);
      expect(new Set(calls.map((call) => call.chatId)).size).toBe(300);
      expect(await f.db.delivery.count({ where: { broadcastId: id } })).toBe(300);
    });
  }
});
