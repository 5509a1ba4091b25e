// Upgrading a database that was in use at migration 0002 through 0004–0006 (security, the
// two-level map, learning from use) to 0007 (the outbox for every channel): a Telegram reply still
// queued under the old lease is sent once, by whichever instance starts; the web chat's messages
// written in plain text still read through GET /api/chat/messages, options included; the officer
// group's post index and the locality map's fingerprint move out of the Setting table, the old
// heartbeats and the paid-broadcast key nothing wrote go, and the real settings stay. On every
// provider.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/db/database.js';
import { migrateDatabase, readMigrations } from '../../src/db/migrate.js';
import { createWebChatSessionIds } from '../../src/channels/web/web-chat-session.js';
import { sealJson } from '../../src/security/crypto.js';
import { deriveKey } from '../../src/security/derived-keys.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startAppOn } from './app-on.js';

const providers = await testProviders();
const mailbox = z.object({
  messages: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      text: z.string(),
      options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    }),
  ),
});

describe.each(providers)('upgrading from 0002 through 0004–0007 (the outbox of every channel) on %s', (provider) => {
  let database: TestDatabase;
  let dataDir: string;
  let telegram: FakeTelegram;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-upgrade-outbox-'));
    telegram = await FakeTelegram.start();
  });
  afterAll(async () => {
    await telegram.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'keeps queued replies, web messages and the post index, and tidies the settings',
    { timeout: 120_000 },
    async () => {
      const key = randomBytes(32);
      const migrations = readMigrations(provider);
      const before = migrations.filter((migration) => migration.name < '0004');
      expect(before.map((migration) => migration.name)).toEqual(['0001_init', '0002_reply_outbox_lease']);
      await migrateDatabase(database.target, before);
      // a web chat session as the server issues them (the releases from 0004 on accept no other)
      const webSession = createWebChatSessionIds(deriveKey(key, 'web-chat-session')).issue();

      // the database as the previous release left it
      const old = openDatabase(database.target);
      const now = new Date();
      const citizen = (id: string, channel: string, userId: string) =>
        old.sql.execute(
          `INSERT INTO "Citizen" ("id", "channel", "platformUserId", "chatId", "locale", "createdAt", "updatedAt") VALUES ($1, $2, $3, $3, 'vi', $4, $4)`,
          [id, channel, userId, now],
        );
      const telegramCitizen = randomUUID();
      const webCitizen = randomUUID();
      await citizen(telegramCitizen, 'telegram', '7301');
      await citizen(webCitizen, 'web', webSession);
      const queued = sealJson(
        key,
        { kind: 'notice', text: 'Phản ánh của bạn đã được chuyển cho cán bộ.' },
        'outbox:telegram:7301',
      );
      await old.sql.execute(
        `INSERT INTO "OutboundMessage" ("citizenId", "kind", "text", "claimedBy", "leaseUntil", "createdAt") VALUES ($1, 'notice', $2, 'old-host:3000', $3, $3)`,
        [telegramCitizen, queued, now],
      );
      await old.sql.execute(
        `INSERT INTO "OutboundMessage" ("citizenId", "kind", "text", "options", "createdAt") VALUES ($1, 'notice', $2, $3, $4)`,
        [
          webCitizen,
          'Cán bộ đã trả lời phản ánh KN-2021-00007 của bạn.',
          JSON.stringify([{ id: 'flow:mytickets', label: 'Phản ánh của tôi' }]),
          now,
        ],
      );
      const settings: [string, string][] = [
        ['officerGroup.post.77', 'KN-2021-00007'],
        ['broadcasts.instance.old-host-123-abcdef', now.toISOString()],
        ['telegram.allowPaidBroadcast', 'true'],
        ['broadcasts.settings', JSON.stringify({ quietHours: null })],
      ];
      for (const [settingKey, value] of settings) {
        await old.sql.execute(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ($1, $2, $3)`, [
          settingKey,
          value,
          now,
        ]);
      }
      await old.close();

      // the release with 0004–0006 ran on it and recorded the map it loaded in the Setting table
      const intermediate = migrations.filter((migration) => migration.name < '0007');
      expect(intermediate.map((migration) => migration.name).slice(2)).toEqual([
        '0004_security_hardening',
        '0005_two_level_localities',
        '0006_faq_proposals',
      ]);
      expect((await migrateDatabase(database.target, intermediate)).applied).toEqual(
        intermediate.slice(2).map((migration) => migration.name),
      );
      const mapFingerprint = 'f'.repeat(64);
      const between = openDatabase(database.target);
      await between.sql.execute(
        `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('localities.map', $1, $2)`,
        [mapFingerprint, now],
      );
      await between.close();
      expect((await migrateDatabase(database.target)).applied).toEqual(['0007_outbox_origin_instances']);
      const upgraded = openDatabase(database.target);
      expect(await upgraded.db.localityMap.findMany({ select: { id: true, fingerprint: true } })).toEqual([
        { id: 1, fingerprint: mapFingerprint },
      ]);
      await upgraded.close();

      const running = await startAppOn(database.target, dataDir, {
        DATA_ENCRYPTION_KEY: key.toString('hex'),
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
      });
      try {
        const { db } = running.app.context;
        // the old instance is gone: its queued reply is sent once, and its row deleted
        await telegram.waitFor(() => telegram.sentMessages(7301).length >= 1, 60_000);
        expect(telegram.sentMessages(7301).map((message) => message.text)).toEqual([
          'Phản ánh của bạn đã được chuyển cho cán bộ.',
        ]);
        await expect.poll(() => db.outboundMessage.count({ where: { channel: 'telegram' } })).toBe(0);

        const answer = await fetch(new URL('/api/chat/messages?after=0', running.url), {
          headers: { 'x-chat-session': webSession },
        });
        expect(mailbox.parse(await answer.json()).messages).toEqual([
          {
            id: expect.any(Number),
            kind: 'notice',
            text: 'Cán bộ đã trả lời phản ánh KN-2021-00007 của bạn.',
            options: [{ id: 'flow:mytickets', label: 'Phản ánh của tôi' }],
          },
        ]);
        expect(
          await db.outboundMessage.findMany({ where: { citizenId: webCitizen }, select: { channel: true } }),
        ).toEqual([{ channel: 'web' }]);

        expect(await db.officerGroupPost.findMany({ select: { messageId: true, ticketCode: true } })).toEqual([
          { messageId: '77', ticketCode: 'KN-2021-00007' },
        ]);
        expect(
          (await db.setting.findMany({ select: { key: true }, orderBy: { key: 'asc' } })).map((row) => row.key),
        ).toEqual(['broadcasts.settings']);
      } finally {
        await running.app.stop();
      }
    },
  );
});
