// Upgrading: a new migration applied to a database that citizens have been using. The
// tickets and a conversation left half-way stay intact, the new column is there, and the
// upgrade runs once. The test migration lives in a temporary copy of the migrations folder.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrateDatabase, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { startAppOn } from './app-on.js';
import { newChatSession, say, walkPetitionToSummary } from './web-chat-client.js';

const providers = await testProviders();
const PROBE_MIGRATION = '9999_ops_upgrade_probe';

describe.each(providers)('upgrading a populated database on %s', (provider) => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-upgrade-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies a new migration once, keeping tickets and a half-finished complaint', async () => {
    const before = await startAppOn(database.target, dataDir);
    const filed = newChatSession();
    await walkPetitionToSummary(before.url, filed);
    await say(before.url, filed, { choice: 'confirm' });
    const halfway = newChatSession();
    await walkPetitionToSummary(before.url, halfway);
    const ticketsBefore = await before.app.context.db.ticket.findMany({
      include: { events: true },
      orderBy: { code: 'asc' },
    });
    await before.app.stop();

    const root = path.join(dataDir, 'release');
    const migrations = path.join(root, 'prisma', provider, 'migrations');
    cpSync(path.join('prisma', provider, 'migrations'), migrations, { recursive: true });
    mkdirSync(path.join(migrations, PROBE_MIGRATION));
    writeFileSync(
      path.join(migrations, PROBE_MIGRATION, 'migration.sql'),
      `ALTER TABLE "Ticket" ADD COLUMN "upgradeProbe" TEXT NOT NULL DEFAULT 'kept';\nCREATE INDEX "Ticket_upgradeProbe_idx" ON "Ticket"("upgradeProbe");\n`,
    );

    const upgrade = await migrateDatabase(database.target, readMigrations(provider, root));
    expect(upgrade).toEqual({ applied: [PROBE_MIGRATION], alreadyApplied: readMigrations(provider).length });
    expect((await migrateDatabase(database.target, readMigrations(provider, root))).applied).toEqual([]);

    const after = await startAppOn(database.target, dataDir);
    try {
      const { db } = after.app.context;
      expect(await db.ticket.findMany({ include: { events: true }, orderBy: { code: 'asc' } })).toEqual(ticketsBefore);
      const probes = z
        .array(z.object({ upgradeProbe: z.string() }))
        .parse(await db.$queryRawUnsafe('SELECT "upgradeProbe" FROM "Ticket"'));
      expect(probes).toEqual(ticketsBefore.map(() => ({ upgradeProbe: 'kept' })));
      // the citizen who was at the summary before the upgrade confirms after it
      const confirmed = (await say(after.url, halfway, { choice: 'confirm' })).map((reply) => reply.text).join('\n');
      expect(confirmed).toMatch(/PA-\d{4}-\d{5}/);
      expect(await db.ticket.count()).toBe(ticketsBefore.length + 1);
    } finally {
      await after.app.stop();
    }
  });
});
