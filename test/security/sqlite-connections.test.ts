// Each Prisma transaction on SQLite used to leave its connection to the garbage collector:
// libsql hands its connection to the transaction and opens a new one, and nothing closed the
// old one (1 957 descriptors open on the database file after the test suite). Under a load of
// transactions the number of open descriptors on the file must stay small.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migratedTestDatabase, type TestDatabase } from '../support/databases.js';

/** Descriptors of this process open on `file` (Linux: /proc/self/fd). */
function descriptorsOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

describe('SQLite connections', () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase('sqlite'));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('keeps the descriptors open on the database file bounded under 300 transactions, committed or rolled back', async () => {
    if (database.target.provider !== 'sqlite') throw new Error('an SQLite test');
    const file = database.target.file;
    const before = descriptorsOn(file);
    for (let round = 0; round < 300; round += 1) {
      await database.db.$transaction(async (tx) => {
        await tx.setting.upsert({
          where: { key: 'fd-probe' },
          create: { key: 'fd-probe', value: String(round) },
          update: { value: String(round) },
        });
      });
      await database.db
        .$transaction(async (tx) => {
          await tx.setting.create({ data: { key: `fd-probe-${round}`, value: 'x' } });
          throw new Error('rolled back on purpose');
        })
        .catch(() => undefined);
    }
    expect(await database.db.setting.findUnique({ where: { key: 'fd-probe' } })).toMatchObject({ value: '299' });
    expect(await database.db.setting.count({ where: { key: { startsWith: 'fd-probe-' } } })).toBe(0);
    expect(descriptorsOn(file) - before).toBeLessThanOrEqual(2);
  });
});
