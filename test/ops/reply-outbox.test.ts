// Replies to Telegram and Zalo citizens survive what the platform and the process throw at them:
// kill -9 in the middle of an outage, then a restart, and the citizen still gets every reply,
// once and in order (on every provider); with two instances, the survivor sends the replies of
// the one that died once its lease ends, and never while it lives (two instances in one process
// on one clock the test moves: no wall-clock lease); an instance that starts while the database
// refuses writes still beats and sweeps once it takes them; a chat's later replies wait behind
// the earlier ones; Zalo replies outlive a long outage like Telegram's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createClient, type Client as LibsqlClient } from '@libsql/client';
import { BotApi } from '../../src/channels/telegram/bot-api.js';
import { CallbackData } from '../../src/channels/telegram/callback-data.js';
import { TelegramSender } from '../../src/channels/telegram/telegram-sender.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import type { BackoffPolicy } from '../../src/lib/backoff.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/logger.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import type { ChildApp } from './child-app.js';
import { createTelegramProcessWorld, type TelegramProcessWorld } from './telegram-process-world.js';

const providers = await testProviders();

describe.each(providers)('Telegram replies through a crash on %s', (provider) => {
  let world: TelegramProcessWorld;
  let fake: FakeTelegram;
  let reader: Database;
  beforeEach(async () => {
    world = await createTelegramProcessWorld(provider);
    ({ fake, reader } = world);
  });
  afterEach(async () => world.stop());
  const start = (extra: Record<string, string>) => world.start(extra);
  const kill = (app: ChildApp) => world.kill(app);
  /** the chat's replies still queued, oldest first */
  const queuedRows = async (userId: number) => {
    const citizen = await reader.db.citizen.findFirst({
      where: { channel: 'telegram', platformUserId: String(userId) },
    });
    return citizen
      ? reader.db.outboundMessage.findMany({ where: { citizenId: citizen.id }, orderBy: { id: 'asc' } })
      : [];
  };
  const expectGreetingOnce = async (userId: number, app: ChildApp) => {
    await fake.waitFor(() => fake.sentMessages(userId).length >= 2, 30_000);
    const texts = fake.sentMessages(userId).map((message) => message.text);
    expect(texts[0]).toContain('Xin chào');
    expect(texts[1]).toContain('Bạn đồng ý chứ?');
    // A sent row's DELETE follows the platform's answer (batched, 20 ms later) in a process that
    // shares two cores with the rest of the suite in CI: as long as the sending may take.
    try {
      await expect.poll(async () => (await queuedRows(userId)).length, { timeout: 30_000 }).toBe(0);
    } catch (error) {
      const complaints = app
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line));
      throw new Error(`sent rows still queued; the app's warnings:\n${complaints.join('\n')}`, { cause: error });
    }
    // the update is not handled a second time and no row is sent twice: nothing more arrives
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(fake.sentMessages(userId)).toHaveLength(2);
  };

  it(
    'sends the replies queued before a kill -9 after the restart, once and in order',
    { timeout: 180_000 },
    async () => {
      const user = { id: 8101 };
      // one full round of attempts fails: the greeting stays queued for a later retry
      fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 4 });
      // the same instance restarting (a service manager, a StatefulSet): it takes its rows at once
      const instance = { INSTANCE_ID: 'outbox-test-1' };
      const crashed = await start(instance);
      fake.injectUpdate(fake.textUpdate(user, '/start'));
      await fake.waitFor(() => fake.callsOf('sendMessage').length >= 4, 30_000);
      await kill(crashed);
      const queued = await queuedRows(user.id);
      expect(queued).toHaveLength(2);
      // queued replies are encrypted at rest (a complaint's summary echoes the reporter's identity)
      expect(queued.map((row) => row.text).join('\n')).not.toContain('Xin chào');
      expect(fake.sentMessages(user.id)).toEqual([]);

      const restarted = await start(instance);
      await expectGreetingOnce(user.id, restarted);
    },
  );
});

describe.each(providers)('Telegram replies of a dead instance on %s', (provider) => {
  // Two instances in one process on the same database, each with its own connection, outbox,
  // heartbeat and real Telegram sender, driven by one clock the test moves: B sweeps (each start
  // of its outbox runs one full sweep, claim included) while A's heartbeat is younger than the
  // lease, then after A stopped beating for longer than the lease.
  const LEASE_MS = 30_000;
  const CHAT = 8102;
  let fake: FakeTelegram;
  let testDb: TestDatabase;
  let databaseA: Database;
  let databaseB: Database;
  const running: Outbox[] = [];
  let now = Date.parse('2026-05-01T08:00:00.000Z');
  const clock: Clock = { now: () => new Date(now) };
  const logger = createLogger('silent');
  const key = randomBytes(32);

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    ({ testDb, database: databaseA } = await migratedTestDatabase(provider));
    databaseB = openDatabase(testDb.target);
  });
  afterEach(async () => {
    for (const outbox of running.splice(0)) await outbox.stop();
    await databaseB.close();
    await databaseA.close();
    await testDb.drop();
    await fake.stop();
  });

  /** An instance as src/app.ts wires it, with a sender that gives up after one call per round. */
  const instance = (database: Database, instanceId: string, options: { retry?: BackoffPolicy } = {}) => {
    const instances = new InstanceRegistry({ database, clock, logger, instanceId, livenessMs: LEASE_MS });
    const sender = new TelegramSender({
      api: new BotApi(fake.token, fake.url),
      callbackData: new CallbackData(),
      policy: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, maxInlineWaitMs: 1_000 },
    });
    const store = new OutboxStore({ database, clock, encryptionKey: key, instanceId, sendsOn: ['telegram'] });
    // no sweep of its own between the test's steps: a sweep runs when its outbox starts
    const outbox = new Outbox({ store, senders: [sender], instances, clock, logger, sweepMs: 3_600_000, ...options });
    return {
      instances,
      outbox,
      async start() {
        await outbox.start();
        running.push(outbox);
      },
      /** gone without a goodbye: its memory is lost, its heartbeat row stays as it was */
      async die() {
        await outbox.stop();
        running.splice(running.indexOf(outbox), 1);
      },
      /** one full sweep, claiming included */
      async sweep() {
        await this.die();
        await this.start();
      },
    };
  };
  const rows = () => databaseA.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });

  it('leaves them to their instance while its heartbeat is younger than the lease, then sends them once from the survivor', async () => {
    const citizen = await databaseA.db.citizen.create({
      data: { channel: 'telegram', platformUserId: String(CHAT), chatId: String(CHAT), locale: 'vi' },
    });
    const recipient = {
      channel: 'telegram' as const,
      citizenId: citizen.id,
      platformUserId: String(CHAT),
      chatId: String(CHAT),
    };
    // A writes two replies; Telegram refuses the first once, and A backs off for an hour
    const a = instance(databaseA, 'outbox-a', { retry: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    const b = instance(databaseB, 'outbox-b');
    await a.instances.beat();
    await a.start();
    fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error' });
    await a.outbox.enqueue([
      { recipient, reply: { kind: 'notice', text: 'Tin thứ nhất' } },
      { recipient, reply: { kind: 'notice', text: 'Tin thứ hai' } },
    ]);
    await fake.waitFor(() => fake.callsOf('sendMessage').length === 1);
    // Telegram works again from here: a row B took would reach the citizen
    await b.instances.beat();
    await b.start();
    let lastBeatOfA = now;
    for (const step of [LEASE_MS / 2, LEASE_MS]) {
      // A's heartbeat is `step` old, the last one exactly as old as the lease: A still lives
      now = lastBeatOfA + step;
      await b.instances.beat();
      await b.sweep();
      expect((await rows()).map((row) => row.claimedBy)).toEqual(['outbox-a', 'outbox-a']);
      await a.instances.beat();
      lastBeatOfA = now;
    }
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(fake.sentMessages(CHAT)).toEqual([]);

    // A dies; one millisecond past the lease since its last beat, B takes its replies
    await a.die();
    now = lastBeatOfA + LEASE_MS + 1;
    await b.instances.beat();
    await b.sweep();
    await fake.waitFor(() => fake.sentMessages(CHAT).length >= 2);
    await expect.poll(async () => (await rows()).length, { timeout: 10_000 }).toBe(0);
    // another sweep finds nothing: each reply went once, in order
    await b.sweep();
    expect(fake.sentMessages(CHAT).map((message) => message.text)).toEqual(['Tin thứ nhất', 'Tin thứ hai']);
    expect(fake.callsOf('sendMessage')).toHaveLength(3);
  });
});

describe('an instance that starts while SQLite is busy', () => {
  // libsql opens SQLite with no busy timeout: a write that meets another connection's write
  // transaction fails at once (SQLITE_BUSY). Starting then must not leave the instance without
  // its heartbeat or its outbox without its sweeps for the life of the process.
  let fake: FakeTelegram | undefined;
  let testDb: TestDatabase | undefined;
  let database: Database | undefined;
  let blocker: LibsqlClient | undefined;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    blocker?.close();
    await database?.close();
    await testDb?.drop();
    await fake?.stop();
  });

  it('beats and sends the replies of a gone instance once the database takes writes again', async () => {
    fake = await FakeTelegram.start();
    ({ testDb, database } = await migratedTestDatabase('sqlite'));
    const logger = createLogger('silent');
    const key = randomBytes(32);
    // a reply left by an instance whose heartbeat stopped long ago
    const citizen = await database.db.citizen.create({
      data: { channel: 'telegram', platformUserId: '8301', chatId: '8301', locale: 'vi' },
    });
    const gone = new OutboxStore({
      database,
      clock: systemClock,
      encryptionKey: key,
      instanceId: 'gone',
      sendsOn: ['telegram'],
    });
    await gone.insert([
      {
        recipient: { channel: 'telegram', citizenId: citizen.id, platformUserId: '8301', chatId: '8301' },
        reply: { kind: 'notice', text: 'Tin còn chờ' },
      },
    ]);

    // another connection holds the write lock while the instance starts
    if (testDb.target.provider !== 'sqlite') throw new Error('an SQLite database was asked for');
    blocker = createClient({ url: testDb.target.url });
    await blocker.execute('BEGIN IMMEDIATE');
    const instances = new InstanceRegistry({
      database,
      clock: systemClock,
      logger,
      instanceId: 'outbox-busy',
      livenessMs: 60_000,
      heartbeatMs: 20,
    });
    const outbox = new Outbox({
      store: new OutboxStore({
        database,
        clock: systemClock,
        encryptionKey: key,
        instanceId: 'outbox-busy',
        sendsOn: ['telegram'],
      }),
      senders: [new TelegramSender({ api: new BotApi(fake.token, fake.url), callbackData: new CallbackData() })],
      instances,
      clock: systemClock,
      logger,
      sweepMs: 20,
    });
    // as src/app.ts starts its services: a start that fails is logged, and the app goes on
    const ignoreFailure = () => undefined;
    await instances.start().catch(ignoreFailure);
    stops.push(() => instances.stop());
    await outbox.start().catch(ignoreFailure);
    stops.push(() => outbox.stop());
    expect(await database.db.instance.count()).toBe(0);
    await blocker.execute('ROLLBACK');

    await expect
      .poll(() => database?.db.instance.findUnique({ where: { id: 'outbox-busy' } }), { timeout: 10_000 })
      .toBeTruthy();
    await fake.waitFor(() => fake?.sentMessages(8301).length === 1);
    await expect.poll(() => database?.db.outboundMessage.count(), { timeout: 10_000 }).toBe(0);
    expect(fake.sentMessages(8301).map((message) => message.text)).toEqual(['Tin còn chờ']);
  });
});

describe('Telegram replies of one chat during an outage', () => {
  let telegram: FakeTelegram | undefined;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.stop();
    await telegram?.stop();
  });

  it('sends a later reply only after the earlier ones of the same chat', async () => {
    const fake = await FakeTelegram.start();
    telegram = fake;
    test = await startTestApp('sqlite', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });
    await fake.waitFor(() => fake.callsOf('getUpdates').length > 0);
    const user = { id: 8201 };
    fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 5 });
    fake.injectUpdate(fake.textUpdate(user, '/start'));
    // the greeting's first round of attempts failed; it waits for a retry when the next message comes
    await fake.waitFor(() => fake.callsOf('sendMessage').length >= 4, 20_000);
    fake.injectUpdate(fake.textUpdate(user, 'xin chào'));
    await fake.waitFor(() => fake.sentMessages(user.id).length >= 3, 20_000);
    const texts = fake.sentMessages(user.id).map((message) => message.text);
    expect(texts[0]).toContain('Xin chào');
    expect(texts[1]).toContain('Bạn đồng ý chứ?');
    expect(texts[2]).toContain('Bạn cần đồng ý trước khi tiếp tục');
    expect(texts).toHaveLength(3);
  });
});

describe('Zalo replies through a long outage', () => {
  let zalo: FakeZalo | undefined;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.stop();
    await zalo?.stop();
  });

  it('delivers a reply that failed through a 500 outage longer than the retry budget once Zalo recovers', async () => {
    const fake = await FakeZalo.start();
    zalo = fake;
    test = await startTestApp('sqlite', { ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.url });
    fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error', times: 6 });
    fake.injectUpdate(fake.textUpdate('outage-1', 'xin chào'));
    await fake.waitFor(() => fake.sentMessages('outage-1').length >= 2, 20_000);
    expect(fake.sentMessages('outage-1')[0]?.text).toContain('Xin chào');
  });
});
