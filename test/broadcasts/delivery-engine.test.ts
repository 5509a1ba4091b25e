// The delivery engine against a fake Bot API over real HTTP, on both databases.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../src/db/database.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { systemClock } from '../../src/lib/clock.js';
import { createBroadcastScheduler } from '../../src/broadcasts/scheduler.js';
import { createDeliveryEngine, type DeliveryEngineOptions } from '../../src/broadcasts/delivery-engine.js';
import {
  approvedBroadcast,
  seedCitizens,
  setUpBroadcastDb,
  silentLogger,
  waitFor,
  type BroadcastFixture,
} from './fixtures.js';
import { createFakeBotApiSender, startFakeBotApi, type FakeBotApi } from './fake-bot-api.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('delivery engine on %s', (provider) => {
  let f: BroadcastFixture;
  let api: FakeBotApi;
  let stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    f = await setUpBroadcastDb(provider);
    api = await startFakeBotApi();
  });
  afterAll(async () => {
    await api.close();
    await f.close();
  });
  beforeEach(async () => {
    api.requests.length = 0;
    api.script = () => ({ status: 200 });
    await f.db.delivery.deleteMany();
    await f.db.broadcast.deleteMany();
    await f.db.outboundMessage.deleteMany();
    await f.db.citizen.deleteMany();
  });
  afterEach(async () => {
    // last started, first stopped: an engine stops before the database it uses closes
    for (const stop of stops.reverse()) await stop();
    stops = [];
  });

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
  async function startEngine(overrides: Partial<DeliveryEngineOptions> = {}) {
    const db = overrides.db ?? f.db;
    const instances = new InstanceRegistry({
      database: { db, sql: f.database.sql },
      clock: systemClock,
      logger: silentLogger,
      instanceId: `engine-${randomUUID()}`,
      livenessMs: 15_000,
    });
    await instances.start();
    const engine = createDeliveryEngine({
      db,
      provider,
      clock: systemClock,
      logger: silentLogger,
      senders: [createFakeBotApiSender(api.url)],
      outbox: outboxOf(db),
      instances,
      idleMs: 20,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
      rates: { telegram: 1000 },
      ...overrides,
    });
    await engine.start();
    stops.push(async () => {
      await engine.stop();
      await instances.stop();
    });
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

  it('sends every subscriber the text in their language, marks each sent, and completes the broadcast', async () => {
    await seedCitizens(f.db, 6, 'vi', { locale: 'vi' });
    await seedCitizens(f.db, 4, 'en', { locale: 'en' });
    await seedCitizens(f.db, 1, 'web', { channel: 'web' });
    const id = await sendingBroadcast();
    await startEngine();
    await waitFor(completed(id));
    expect(api.requests).toHaveLength(10);
    expect(api.requests.filter((r) => r.chatId.startsWith('en-')).every((r) => r.text === 'Hello voter')).toBe(true);
    expect(api.requests.filter((r) => r.chatId.startsWith('vi-')).every((r) => r.text === 'Xin chào cử tri')).toBe(
      true,
    );
    // the web subscriber's message is in their mailbox, sealed at rest
    expect((await outboxOf(f.db).mailbox('web-0', 0, 10)).map((message) => [message.kind, message.text])).toEqual([
      ['notice', 'Xin chào cử tri'],
    ]);
    expect((await f.db.outboundMessage.findMany()).map((row) => row.text).join()).not.toContain('Xin chào');
    expect(await f.service.progress(id)).toMatchObject({ sent: 11, pending: 0, in_flight: 0, percent: 100 });
  });

  it('a 429 pauses the whole channel for retry_after, then everyone still receives the message once', async () => {
    await seedCitizens(f.db, 5, 'busy');
    api.script = (chatId, attempt) =>
      chatId === 'busy-0' && attempt === 0
        ? { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }
        : { status: 200 };
    const id = await sendingBroadcast();
    await startEngine({ batchSize: 1, workersPerChannel: 1 });
    await waitFor(completed(id));
    const limited = api.requests.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    const after = api.requests.filter((r) => r.at > (limited?.at ?? 0));
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after.map((r) => r.at)) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(new Set(api.requests.filter((r) => r.status === 200).map((r) => r.chatId)).size).toBe(5);
  });

  it('a citizen who blocked the bot is skipped, unsubscribed and never retried', async () => {
    const [blocked] = await seedCitizens(f.db, 1, 'blocked');
    await seedCitizens(f.db, 2, 'fine');
    api.script = (chatId) =>
      chatId === 'blocked-0' ? { status: 403, description: 'Forbidden: bot was blocked by the user' } : { status: 200 };
    const id = await sendingBroadcast();
    await startEngine();
    await waitFor(completed(id));
    expect(api.requests.filter((r) => r.chatId === 'blocked-0')).toHaveLength(1);
    expect(
      await f.db.delivery.findFirst({ where: { citizenId: blocked }, select: { status: true, lastError: true } }),
    ).toEqual({ status: 'skipped', lastError: '403: Forbidden: bot was blocked by the user' });
    expect(await f.db.citizen.findUnique({ where: { id: blocked }, select: { subscribed: true } })).toEqual({
      subscribed: false,
    });
  });

  it('a server error is retried with back-off, then the delivery fails with the error kept', async () => {
    await seedCitizens(f.db, 1, 'down');
    api.script = () => ({ status: 502, description: 'Bad Gateway' });
    const id = await sendingBroadcast();
    await startEngine({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 } });
    await waitFor(completed(id));
    expect(api.requests).toHaveLength(3);
    expect(await f.db.delivery.findFirst({ select: { status: true, attempts: true, lastError: true } })).toEqual({
      status: 'failed',
      attempts: 3,
      lastError: '502: Bad Gateway',
    });
  });

  it('deliveries found after their stale time are skipped with a reason, not sent', async () => {
    await seedCitizens(f.db, 2, 'late');
    const id = await sendingBroadcast({ staleAt: new Date(Date.now() - 60_000) });
    await startEngine();
    await waitFor(completed(id));
    expect(api.requests).toHaveLength(0);
    expect(await f.db.delivery.findMany({ select: { status: true, lastError: true } })).toEqual([
      { status: 'skipped', lastError: 'stale' },
      { status: 'skipped', lastError: 'stale' },
    ]);
  });

  it('a paused broadcast sends nothing until resumed; a cancelled one sends nothing more', async () => {
    await seedCitizens(f.db, 3, 'wait');
    const paused = await sendingBroadcast();
    await f.service.pause(f.supervisor, paused);
    await startEngine();
    // One claim cycle of the idle engine passes before resuming: nothing may have gone out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.requests).toHaveLength(0);
    await f.service.resume(f.supervisor, paused);
    await waitFor(completed(paused));
    expect(api.requests).toHaveLength(3);

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
    expect(api.requests.map((r) => r.chatId).sort()).toEqual(['crash-0', 'crash-1', 'crash-2', 'crash-3']);
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
      expect(api.requests).toHaveLength(300);
      expect(new Set(api.requests.map((r) => r.chatId)).size).toBe(300);
      expect(await f.db.delivery.count({ where: { broadcastId: id } })).toBe(300);
    });
  }
});
