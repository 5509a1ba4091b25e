// `npm run officer:link-telegram`: an admin links an officer account to a Telegram user.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Database } from '../../src/db/database.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { addOfficer } from '../console/console-harness.js';
import { linkTelegramAccount } from '../../src/officer-group/telegram-link.js';

const run = promisify(execFile);
const exitFailure = z.object({ code: z.number(), stderr: z.string() });
const providers = await testProviders();

describe.each(providers)('linking an officer to Telegram on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
    await addOfficer(database.db, 'hung', 'officer', '05971');
    await addOfficer(database.db, 'mai', 'officer', '05974');
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  async function link(...args: string[]): Promise<{ code: number; output: string }> {
    try {
      const { stdout } = await run('npx', ['tsx', 'src/cli/officer-link-telegram.ts', ...args], {
        env: { ...process.env, DATABASE_URL: testDb.target.url, LOG_LEVEL: 'silent' },
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = exitFailure.parse(error);
      return { code: failed.code, output: failed.stderr };
    }
  }

  it('links, refuses a second officer for the same Telegram user or a bad id, and unlinks', async () => {
    expect(await link('--username', 'hung', '--telegram-id', '123456789')).toEqual({
      code: 0,
      output: 'Officer "hung" is linked to Telegram user 123456789.\n',
    });
    expect((await database.db.officer.findUniqueOrThrow({ where: { username: 'hung' } })).telegramUserId).toBe(
      '123456789',
    );

    const taken = await link('--username', 'mai', '--telegram-id', '123456789');
    expect(taken).toEqual({ code: 1, output: 'That Telegram user is already linked to "hung".\n' });
    await expect(linkTelegramAccount(database.db, 'mai', '@mai')).rejects.toThrow('is a number');
    await expect(linkTelegramAccount(database.db, 'nobody', '42')).rejects.toThrow('no officer "nobody"');

    expect((await link('--username', 'hung', '--telegram-id', 'none')).code).toBe(0);
    expect((await database.db.officer.findUniqueOrThrow({ where: { username: 'hung' } })).telegramUserId).toBeNull();
  });
});
