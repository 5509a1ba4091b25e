// Telegram's paid broadcasts, end to end: an operator switches them on with
// `npm run settings:set`, and the delivery engine, sending through the real Telegram sender to a
// fake Bot API, both paces Telegram at 1000/s and sends allow_paid_broadcast; switched off,
// neither. The CLI refuses a value its schema does not accept.
//
// A known bug until the settings had one typed home: the rate followed broadcasts.settings while
// the sender read another key nothing wrote, so allow_paid_broadcast was never sent.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBroadcastScheduler } from '../../src/broadcasts/scheduler.js';
import { createDeliveryEngine } from '../../src/broadcasts/delivery-engine.js';
import { createTelegramClient } from '../../src/channels/telegram/telegram-client.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { systemClock } from '../../src/lib/clock.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { readBroadcastSettings } from '../../src/settings/settings-store.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { testProviders } from '../support/databases.js';
import {
  approvedBroadcast,
  seedCitizens,
  setUpBroadcastDb,
  silentLogger,
  waitFor,
  type BroadcastFixture,
} from './fixtures.js';

const run = promisify(execFile);
const exitFailure = z.object({ code: z.number(), stderr: z.string() });
const providers = await testProviders();

describe.each(providers)('paid broadcasts on Telegram on %s', (provider) => {
  let f: BroadcastFixture;
  let telegram: FakeTelegram;
  // the CLI's data folder and key: its audit entry goes on the keyed chain, anchored in the folder
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-settings-cli-'));
  const dataKey = randomBytes(32).toString('hex');
  beforeAll(async () => {
    f = await setUpBroadcastDb(provider);
    telegram = await FakeTelegram.start();
  });
  afterAll(async () => {
    await telegram.stop();
    await f.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    telegram.calls.length = 0;
    await f.db.delivery.deleteMany();
    await f.db.broadcast.deleteMany();
    await f.db.citizen.deleteMany();
  });

  async function settingsSet(value: string): Promise<{ code: number; output: string }> {
    try {
      const { stdout } = await run(
        'npx',
        ['tsx', 'src/cli/settings-set.ts', '--key', 'broadcasts.settings', '--value', value],
        {
          env: {
            ...process.env,
            DATABASE_URL: f.testDb.target.url,
            DATA_DIR: dataDir,
            DATA_ENCRYPTION_KEY: dataKey,
            LOG_LEVEL: 'silent',
          },
        },
      );
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = exitFailure.parse(error);
      return { code: failed.code, output: failed.stderr };
    }
  }

  /** Sends one broadcast to three Telegram subscribers with the engine as configured now; answers the rate it paced Telegram at. */
  async function broadcastOnce(): Promise<number> {
    await seedCitizens(f.db, 3, `paid-${randomUUID().slice(0, 4)}`);
    const id = await approvedBroadcast(f);
    await createBroadcastScheduler({ db: f.db, clock: systemClock, logger: silentLogger, timeZone: 'UTC' }).tick(
      new Date('2021-05-20T12:00:00Z'),
    );
    const instances = new InstanceRegistry({
      database: f.database,
      clock: systemClock,
      logger: silentLogger,
      instanceId: `paid-${randomUUID()}`,
      livenessMs: 15_000,
    });
    const telegramClient = createTelegramClient({ token: telegram.token, apiRoot: telegram.url });
    const outbox = new OutboxStore({
      database: f.database,
      clock: systemClock,
      encryptionKey: randomBytes(32),
      instanceId: instances.id,
      sendsOn: ['telegram'],
    });
    const engine = createDeliveryEngine({
      db: f.db,
      provider,
      clock: systemClock,
      logger: silentLogger,
      senders: [telegramClient.sender],
      outbox,
      instances,
      idleMs: 20,
    });
    await instances.start();
    await engine.start();
    try {
      await waitFor(async () => (await f.service.get(id)).status === 'completed');
      return engine.rate('telegram');
    } finally {
      await engine.stop();
      await instances.stop();
    }
  }
  const paidFlags = () => telegram.callsOf('sendMessage').map((call) => call.body.allow_paid_broadcast);

  it(
    'switched on: every message carries allow_paid_broadcast, and Telegram is paced at 1000/s',
    { timeout: 120_000 },
    async () => {
      const set = await settingsSet('{"telegramPaidBroadcast":true,"quietHours":null}');
      expect(set).toMatchObject({ code: 0 });
      expect(set.output).toContain('"telegramPaidBroadcast":true');
      expect(await broadcastOnce()).toBe(1000);
      expect(paidFlags()).toEqual([true, true, true]);
      expect(
        await f.db.auditLog.findFirst({
          where: { action: 'setting.edit', targetId: 'broadcasts.settings' },
          select: { keyed: true },
        }),
      ).toEqual({ keyed: true });
    },
  );

  it('switched off: neither the flag nor more than the free rate', { timeout: 120_000 }, async () => {
    expect(await settingsSet('{"telegramPaidBroadcast":false,"quietHours":null}')).toMatchObject({ code: 0 });
    expect(await broadcastOnce()).toBe(25);
    expect(paidFlags()).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a value that does not fit the setting, and keeps the one stored', { timeout: 60_000 }, async () => {
    expect(await settingsSet('{"telegramPaidBroadcast":false,"quietHours":null}')).toMatchObject({ code: 0 });
    const refused = await settingsSet('{"telegramPerSecond":5000}');
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('telegramPerSecond');
    expect(await settingsSet('not json')).toMatchObject({ code: 2 });
    expect((await readBroadcastSettings(f.db)).quietHours).toBeNull();
  });
});
