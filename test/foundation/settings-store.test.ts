// The Setting table through its typed store: each key has one schema; a value that does not fit
// is refused on write, and one that no longer fits (a hand edit) reads as absent, so the
// defaults apply instead of a crash. On every provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Database } from '../../src/db/database.js';
import { DEFAULT_BROADCAST_SETTINGS } from '../../src/settings/broadcast-settings.js';
import { isSettingKey, readBroadcastSettings, readSetting, writeSetting } from '../../src/settings/settings-store.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('the settings store on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it("writes a value that fits its key, with the schema's defaults filled in, and reads it back", async () => {
    expect(await readSetting(database.db, 'broadcasts.settings')).toBeNull();
    expect(await readBroadcastSettings(database.db)).toEqual(DEFAULT_BROADCAST_SETTINGS);
    const saved = await writeSetting(database.db, 'broadcasts.settings', { telegramPaidBroadcast: true });
    expect(saved).toMatchObject({ telegramPaidBroadcast: true, zaloPerSecond: 5 });
    expect(await readBroadcastSettings(database.db)).toEqual(saved);
    await writeSetting(database.db, 'broadcasts.electionCalendar', { electionDay: '2021-05-30' });
    expect(await readSetting(database.db, 'broadcasts.electionCalendar')).toEqual({ electionDay: '2021-05-30' });
  });

  it('refuses a value that does not fit, and reads a stored value that no longer fits as absent', async () => {
    await expect(writeSetting(database.db, 'broadcasts.settings', { telegramPerSecond: -1 })).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(
      writeSetting(database.db, 'broadcasts.electionCalendar', { electionDay: '30/05/2021' }),
    ).rejects.toBeInstanceOf(ZodError);
    await database.db.setting.update({
      where: { key: 'broadcasts.settings' },
      data: { value: '{"quietHours":"always"' },
    });
    expect(await readSetting(database.db, 'broadcasts.settings')).toBeNull();
    expect(await readBroadcastSettings(database.db)).toEqual(DEFAULT_BROADCAST_SETTINGS);
    expect(isSettingKey('broadcasts.settings')).toBe(true);
    expect(isSettingKey('officerGroup.post.1')).toBe(false);
    expect(isSettingKey('constructor')).toBe(false);
  });
});
