// Replies to Telegram and Zalo citizens survive what the platform and the process throw at them:
// kill -9 in the middle of an outage, then a restart, and the citizen still gets every reply,
// once and in order (on every provider); with two instances, the survivor sends the replies of
// the one that died once its lease ends, and never while it lives; a chat's later replies wait
// behind the earlier ones; Zalo replies outlive a long outage like Telegram's.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { spawnApp, type ChildApp } from './child-app.js';

const providers = await testProviders();

describe.each(providers)('Telegram replies across a crash during an outage on %s', (provider) => {
  let telegram: FakeTelegram | undefined;
  let database: TestDatabase | undefined;
  let reader: Database | undefined;
  let app: ChildApp | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    await reader?.close();
    await database?.drop();
    await telegram?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the replies queued before a kill -9 after the restart, once and in order', { timeout: 180_000 }, async () => {
    telegram = await FakeTelegram.start();
    database = await createTestDatabase(provider);
    reader = openDatabase(database.target);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-outbox-'));
    const env = {
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      // the same instance restarting (a service manager, a StatefulSet): it takes its rows at once
      INSTANCE_ID: 'outbox-test-1',
    };
    const user = { id: 8101 };
    const fake = telegram;
    // one full round of attempts fails: the greeting stays queued for a later retry
    fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 4 });
    app = await spawnApp(env);
    fake.injectUpdate(fake.textUpdate(user, '/start'));
    await fake.waitFor(() => fake.callsOf('sendMessage').length >= 4, 30_000);
    await app.kill();
    app = undefined;
    const citizen = await reader.db.citizen.findFirstOrThrow({ where: { channel: 'telegram', platformUserId: String(user.id) } });
    const queued = await reader.db.outboundMessage.findMany({ where: { citizenId: citizen.id } });
    expect(queued).toHaveLength(2);
    // queued replies are encrypted at rest (a complaint's summary echoes the reporter's identity)
    expect(queued.map((row) => row.text).join('\n')).not.toContain('Xin chào');
    expect(fake.sentMessages(user.id)).toEqual([]);

    app = await spawnApp(env);
    await fake.waitFor(() => fake.sentMessages(user.id).length >= 2, 30_000);
    const texts = fake.sentMessages(user.id).map((message) => message.text);
    expect(texts[0]).toContain('Xin chào');
    expect(texts[1]).toContain('Bạn đồng ý chứ?');
    await expect.poll(() => reader?.db.outboundMessage.count({ where: { citizenId: citizen.id } })).toBe(0);
    // the update is not handled a second time: nothing more is sent
    expect(fake.sentMessages(user.id)).toHaveLength(2);
  });
});

describe.each(providers)('Telegram replies of an instance that died, with another instance running, on %s', (provider) => {
  let telegram: FakeTelegram | undefined;
  let database: TestDatabase | undefined;
  let reader: Database | undefined;
  const apps: ChildApp[] = [];
  let dataDir: string | undefined;
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await reader?.close();
    await database?.drop();
    await telegram?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves them to their instance while it lives, then sends them once from the survivor', { timeout: 180_000 }, async () => {
    const fake = await FakeTelegram.start();
    telegram = fake;
    database = await createTestDatabase(provider);
    reader = openDatabase(database.target);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-outbox-'));
    const env = {
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      OUTBOX_LEASE_SECONDS: '3',
    };
    const user = { id: 8102 };
    // Telegram is down for as long as the test says
    fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 1000 });
    const first = await spawnApp({ ...env, INSTANCE_ID: 'outbox-a' });
    apps.push(first);
    fake.injectUpdate(fake.textUpdate(user, '/start'));
    const citizenRows = async () => {
      const citizen = await reader?.db.citizen.findFirst({ where: { channel: 'telegram', platformUserId: String(user.id) } });
      return citizen ? ((await reader?.db.outboundMessage.findMany({ where: { citizenId: citizen.id }, orderBy: { id: 'asc' } })) ?? []) : [];
    };
    await expect.poll(async () => (await citizenRows()).length, { timeout: 30_000 }).toBe(2);
    const second = await spawnApp({ ...env, INSTANCE_ID: 'outbox-b' });
    apps.push(second);
    // three leases long: the living instance renews its rows, the other one leaves them alone
    const leasedAt = (await citizenRows()).map((row) => row.leaseUntil?.getTime() ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    const held = await citizenRows();
    expect(held.map((row) => row.claimedBy)).toEqual(['outbox-a', 'outbox-a']);
    expect(held.map((row) => row.leaseUntil?.getTime() ?? 0).every((until, index) => until > (leasedAt[index] ?? 0))).toBe(true);

    await first.kill();
    apps.splice(apps.indexOf(first), 1);
    fake.recover();
    await fake.waitFor(() => fake.sentMessages(user.id).length >= 2, 30_000);
    const texts = fake.sentMessages(user.id).map((message) => message.text);
    expect(texts[0]).toContain('Xin chào');
    expect(texts[1]).toContain('Bạn đồng ý chứ?');
    await expect.poll(async () => (await citizenRows()).length, { timeout: 10_000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(fake.sentMessages(user.id)).toHaveLength(2);
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
