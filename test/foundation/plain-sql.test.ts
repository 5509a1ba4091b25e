// The plain SQL path (src/db/sql.ts) and Prisma read and write the same data: a time written by
// one is the same instant when read by the other, in a process whose time zone is not UTC (as
// on a server set to Vietnam's time), on SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database } from '../../src/db/database.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('plain SQL next to Prisma on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  const zoneBefore = process.env.TZ;

  beforeAll(async () => {
    process.env.TZ = 'Asia/Ho_Chi_Minh';
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
    if (zoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = zoneBefore;
  });

  it('keeps a time written by one and read by the other the same instant', async () => {
    expect(new Date('2021-05-23T00:00:00Z').getTimezoneOffset()).toBe(-420);
    const writtenBySql = new Date('2021-05-23T00:30:15.123Z');
    const id = randomUUID();
    await database.sql.execute(
      `INSERT INTO "Citizen" ("id", "channel", "platformUserId", "chatId", "locale", "lastSeenAt", "createdAt", "updatedAt") VALUES ($1, 'web', $2, $2, 'vi', $3, $3, $3)`,
      [id, `tz-${id}`, writtenBySql],
    );
    const readByPrisma = await database.db.citizen.findUniqueOrThrow({ where: { id } });
    expect(readByPrisma.lastSeenAt?.toISOString()).toBe(writtenBySql.toISOString());

    const writtenByPrisma = new Date('2021-05-22T17:45:00.456Z');
    await database.db.citizen.update({ where: { id }, data: { consentAt: writtenByPrisma } });
    const [row] = await database.sql.query(`SELECT "consentAt" FROM "Citizen" WHERE "id" = $1`, [id]);
    const value = row?.consentAt;
    // SQLite gives the stored text, PostgreSQL a Date
    expect(new Date(value instanceof Date ? value.getTime() : String(value)).toISOString()).toBe(
      writtenByPrisma.toISOString(),
    );
  });

  it('counts the rows a statement changed and binds each numbered parameter to its value', async () => {
    const id = randomUUID();
    await database.sql.execute(
      `INSERT INTO "Citizen" ("id", "channel", "platformUserId", "chatId", "locale", "createdAt", "updatedAt") VALUES ($1, 'web', $2, $2, 'vi', $3, $3)`,
      [id, `count-${id}`, new Date()],
    );
    // $2 before $1 in the text: SQLite must not bind by order of appearance
    expect(await database.sql.execute(`UPDATE "Citizen" SET "locale" = $2 WHERE "id" = $1`, [id, 'en'])).toBe(1);
    expect(await database.sql.execute(`UPDATE "Citizen" SET "locale" = $2 WHERE "id" = $1`, ['nobody', 'en'])).toBe(0);
    expect((await database.db.citizen.findUniqueOrThrow({ where: { id } })).locale).toBe('en');
  });
});
