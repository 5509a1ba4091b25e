// Replies to Telegram and Zalo citizens survive what the platform and the process throw at them:
// kill -9 in the middle of an outage, then a restart, and the citizen still gets every reply,
// once and in order (on every provider); with two instances, the survivor sends the replies of
// the one that died once its lease ends, and never while it lives; a chat's later replies wait
// behind the earlier ones; Zalo replies outlive a long outage like Telegram's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import type { ChildApp } from './child-app.js';
import { createTelegramProcessWorld, type TelegramProcessWorld } from './telegram-process-world.js';

const providers = await testProviders();

describe.each(providers)('Telegram replies through a crash or a dead instance on %s', (provider) => {
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
  const expectGreetingOnce = async (userId: number) => {
    await fake.waitFor(() => fake.sentMessages(userId).length >= 2, 30_000);
    const texts = fake.sentMessages(userId).map((message) => message.text);
    expect(texts[0]).toContain('Xin chào');
    expect(texts[1]).toContain('Bạn đồng ý chứ?');
    await expect.poll(async () => (await queuedRows(userId)).length, { timeout: 10_000 }).toBe(0);
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

      await start(instance);
      await expectGreetingOnce(user.id);
    },
  );

  it(
    'leaves them to their instance while it lives, then sends them once from the survivor',
    { timeout: 180_000 },
    async () => {
      const user = { id: 8102 };
      // Telegram is down for as long as the test says
      fake.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 1000 });
      const lease = { OUTBOX_LEASE_SECONDS: '3' };
      const first = await start({ ...lease, INSTANCE_ID: 'outbox-a' });
      fake.injectUpdate(fake.textUpdate(user, '/start'));
      await expect.poll(async () => (await queuedRows(user.id)).length, { timeout: 30_000 }).toBe(2);
      await start({ ...lease, INSTANCE_ID: 'outbox-b' });
      // three leases long: the living instance keeps its heartbeat, the other one leaves its rows alone
      const heartbeatOfA = async () =>
        (await reader.db.instance.findUnique({ where: { id: 'outbox-a' } }))?.heartbeatAt.getTime() ?? 0;
      const beatAt = await heartbeatOfA();
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      const held = await queuedRows(user.id);
      expect(held.map((row) => row.claimedBy)).toEqual(['outbox-a', 'outbox-a']);
      expect(await heartbeatOfA()).toBeGreaterThan(beatAt);

      await kill(first);
      fake.recover();
      await expectGreetingOnce(user.id);
    },
  );
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
