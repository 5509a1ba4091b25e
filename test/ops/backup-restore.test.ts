// Back up while citizens are chatting, wipe the database, restore, start again: the tickets are
// all there, the citizen can still open theirs with code and PIN, and the identity decrypts with
// the key that was kept apart, and only with it. On every provider.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../src/config/env.js';
import { backupDatabase, restoreDatabase } from '../../src/ops/backup.js';
import { decryptIdentity } from '../../src/tickets/identity-crypto.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { startAppOn, type RunningApp } from './app-on.js';
import { newChatSession, say, SteppingClock, walkPetitionToSummary, type Identity } from './web-chat-client.js';

const providers = await testProviders();
const IDENTITY: Identity = { fullName: 'Nông Thị Mai', phone: '0987 654 321' };
const clock = new SteppingClock();

/** Files a named petition through the web chat; returns its code and PIN. */
async function filePetition(base: URL): Promise<{ code: string; pin: string }> {
  const session = newChatSession();
  await walkPetitionToSummary(base, session, IDENTITY, clock.step);
  clock.step();
  const text = (await say(base, session, { choice: 'confirm' })).map((reply) => reply.text).join('\n');
  const code = /PA-\d{4}-\d{5}/.exec(text)?.[0];
  const pin = /PIN: (\d{6})/.exec(text)?.[1];
  if (!code || !pin) throw new Error(`no code and PIN in: ${text}`);
  return { code, pin };
}

/** What "wipe" means: the SQLite file gone, or every table of the PostgreSQL database dropped. */
async function wipe(target: DatabaseTarget): Promise<void> {
  if (target.provider === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target.file}${suffix}`, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await client.end();
}

describe.each(providers)('backup and restore on %s', (provider) => {
  let database: TestDatabase;
  let dataDir: string;
  let running: RunningApp | null = null;
  const key = randomBytes(32);
  const env = { DATA_ENCRYPTION_KEY: key.toString('hex') };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-backup-'));
  });
  afterAll(async () => {
    await running?.app.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restores every ticket filed before the backup, readable with the kept key', async () => {
    running = await startAppOn(database.target, dataDir, env, clock);
    const before = [await filePetition(running.url), await filePetition(running.url)];

    // the backup runs while another citizen is in the middle of a complaint
    const backupFile = path.join(dataDir, provider === 'sqlite' ? 'backup.db' : 'backup.dump');
    const busy = newChatSession();
    const [, chatting] = await Promise.all([
      backupDatabase(database.target, backupFile),
      walkPetitionToSummary(running.url, busy),
    ]);
    expect(chatting.at(-1)?.options?.map((option) => option.id)).toContain('confirm');
    const after = await filePetition(running.url);
    await running.app.stop();
    running = null;

    await wipe(database.target);
    if (database.target.provider === 'sqlite') expect(existsSync(database.target.file)).toBe(false);
    await restoreDatabase(database.target, backupFile);

    running = await startAppOn(database.target, dataDir, env, clock);
    const { db } = running.app.context;
    const codes = (await db.ticket.findMany({ select: { code: true }, orderBy: { code: 'asc' } })).map(
      (row) => row.code,
    );
    expect(codes).toEqual(before.map((ticket) => ticket.code).sort());
    expect(codes).not.toContain(after.code);

    // the citizen opens their ticket with code and PIN, from a new session
    const first = before[0] ?? { code: '', pin: '' };
    const lookup = newChatSession();
    await say(running.url, lookup, { text: 'xin chào' });
    await say(running.url, lookup, { choice: 'consent:yes' });
    await say(running.url, lookup, { choice: 'lang:vi' });
    await say(running.url, lookup, { choice: 'flow:mytickets' });
    await say(running.url, lookup, { choice: 'lookup' });
    await say(running.url, lookup, { text: first.code });
    const status = (await say(running.url, lookup, { text: first.pin })).map((reply) => reply.text).join('\n');
    expect(status).toContain(first.code);
    expect(status).toContain('Đã tiếp nhận');

    const ticket = await db.ticket.findUniqueOrThrow({ where: { code: first.code }, include: { events: true } });
    expect(ticket.events.length).toBeGreaterThan(0);
    expect(decryptIdentity(key, ticket.identityEnc ?? '', ticket.id)).toEqual({ ...IDENTITY, address: '' });
    // without the key, the restored identity is unreadable: that is why the key is kept apart
    expect(() => decryptIdentity(randomBytes(32), ticket.identityEnc ?? '', ticket.id)).toThrow();

    // and the restored service takes new complaints, numbered after the restored ones
    const next = await filePetition(running.url);
    expect(codes).not.toContain(next.code);
  });
});
