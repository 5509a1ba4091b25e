// Migrations, relations and unique constraints on a real SQLite file and the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, readMigrations, MigrationDriftError } from '../../src/db/migrate.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { seedLocalitiesIfEmpty, parseLocalitiesCsv, LocalityImportError } from '../../src/localities/import.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('database on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    const first = await migrateDatabase(testDb.target);
    expect(first.applied).toEqual(readMigrations(provider).map((m) => m.name));
    database = openDatabase(testDb.target);
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('applies migrations once: a restart applies nothing and keeps the data', async () => {
    await database.db.setting.create({ data: { key: 'probe', value: '1' } });
    const again = await migrateDatabase(testDb.target);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(readMigrations(provider).length);
    expect(await database.db.setting.findUnique({ where: { key: 'probe' } })).toMatchObject({ value: '1' });
  });

  it('refuses to start when an applied migration was edited', async () => {
    const edited = readMigrations(provider).map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrateDatabase(testDb.target, edited)).rejects.toBeInstanceOf(MigrationDriftError);
  });

  it('seeds the Lạng Sơn locality tree: 1 province, 11 districts, 200 communes', async () => {
    expect(await seedLocalitiesIfEmpty(database.db)).toBe(212);
    expect(await seedLocalitiesIfEmpty(database.db)).toBe(0);
    const byLevel = await database.db.locality.groupBy({ by: ['level'], _count: true, orderBy: { level: 'asc' } });
    expect(byLevel.map((row) => [row.level, row._count])).toEqual([
      ['commune', 200],
      ['district', 11],
      ['province', 1],
    ]);
    const vanQuan = await database.db.locality.findFirst({
      where: { nameFolded: 'huyen van quan' },
      include: { children: true },
    });
    expect(vanQuan?.parentCode).toBe('20');
    expect(vanQuan?.children.length).toBeGreaterThan(5);
  });

  it('refuses a second delivery of one broadcast to one citizen', async () => {
    const { db } = database;
    const citizen = await db.citizen.create({ data: { channel: 'telegram', platformUserId: '42', chatId: '42' } });
    const broadcast = await db.broadcast.create({ data: { title: 't', textVi: 'Xin chào', textEn: 'Hello' } });
    await db.delivery.create({ data: { broadcastId: broadcast.id, citizenId: citizen.id, channel: 'telegram' } });
    await expect(
      db.delivery.create({ data: { broadcastId: broadcast.id, citizenId: citizen.id, channel: 'telegram' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await db.delivery.count({ where: { broadcastId: broadcast.id } })).toBe(1);
  });

  it('keeps one citizen per channel identity and one ticket per code', async () => {
    const { db } = database;
    await db.citizen.create({ data: { channel: 'zalo', platformUserId: 'abc', chatId: 'abc' } });
    await expect(
      db.citizen.create({ data: { channel: 'zalo', platformUserId: 'abc', chatId: 'abc' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    const ticket = {
      kind: 'complaint',
      category: 'voter_list',
      description: 'Tên tôi bị sai',
      channel: 'web',
      localityCode: '20',
      provinceCode: '20',
      dueAt: new Date(),
      deadlineRule: 'voter_list',
    };
    await db.ticket.create({ data: { ...ticket, code: 'KN-2021-00001' } });
    await expect(db.ticket.create({ data: { ...ticket, code: 'KN-2021-00001' } })).rejects.toMatchObject({
      code: 'P2002',
    });
  });

  it('deletes a ticket’s events with it, and refuses an event of a missing ticket', async () => {
    const { db } = database;
    const ticket = await db.ticket.create({
      data: {
        code: 'TC-2021-00009',
        kind: 'denunciation',
        category: 'campaigning',
        description: 'Mua phiếu',
        channel: 'web',
        localityCode: '20',
        provinceCode: '20',
        dueAt: new Date(),
        deadlineRule: 'denunciation',
      },
    });
    await db.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'citizen_message', authorType: 'citizen', text: 'thêm' },
    });
    await expect(
      db.ticketEvent.create({ data: { ticketId: 'missing', type: 'citizen_message', authorType: 'citizen' } }),
    ).rejects.toMatchObject({ code: 'P2003' });
    await db.ticket.delete({ where: { id: ticket.id } });
    expect(await db.ticketEvent.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});

describe('locality CSV import', () => {
  it('reports every problem of a bad file at once', () => {
    const csv =
      'code,name,type,level,parent_code\n20,Tỉnh A,Tỉnh,province,\n178,Huyện B,Huyện,district,99\n05971,,Xã,commune,178\n05971,Xã C,Xã,village,178\n';
    try {
      parseLocalitiesCsv(csv);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LocalityImportError);
      const problems = (error as LocalityImportError).problems.join('\n');
      expect(problems).toContain('line 4: name name is empty');
      expect(problems).toContain('line 5: level');
      expect(problems).toContain('district 178 has no parent 99');
    }
  });
});
