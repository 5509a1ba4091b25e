// A database used on the 2021 map (three levels) is switched to the 2025 map by starting the
// real app with the 2026 election file, on both databases. Tickets keep the codes they were
// filed under and reach the officers of the communes they are now part of (and the province),
// never another commune's; reports name them by today's units; citizens who had chosen a
// merged commune are moved to the unit it became and told once, in their language; a commune
// split between two stays and its citizens are asked to choose again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { syncLocalityMap } from '../../src/localities/map-sync.js';
import type { Locale } from '../../src/i18n.js';
import { createTestDatabase, migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { startAppOn, type RunningApp } from '../ops/app-on.js';
import { fileVoterListComplaint } from '../support/app.js';
import { newChatSession, say, type ChatSession } from '../ops/web-chat-client.js';
import { addOfficer, signedIn } from '../console/console-harness.js';

const providers = await testProviders();
const ELECTION_2026 = { ELECTION_CONFIG: 'config/elections/lang-son-2026.json' };
const KHANH_XUAN = '06544';
const LOC_BINH = '06529';
const BINH_XA = '06622';

describe.each(providers)('switching a 2021 database to the 2025 map on %s', (provider) => {
  let database: TestDatabase;
  let dataDir: string;
  let after: RunningApp;
  const sessions = {
    khanhXuan: newChatSession(),
    binhXa: newChatSession(),
    lociBinhTown: newChatSession(),
    maiPha: newChatSession(),
  };
  const tickets: Record<string, string> = {};

  async function choosePlace(url: URL, session: ChatSession, locale: Locale, place: string): Promise<void> {
    await say(url, session, { text: 'xin chào' });
    await say(url, session, { choice: 'consent:yes' });
    await say(url, session, { choice: `lang:${locale}` });
    await say(url, session, { choice: 'subscribe' });
    await say(url, session, { choice: 'flow:locality' });
    await say(url, session, { text: place });
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-map-switch-'));
    const before = await startAppOn(database.target, dataDir);
    try {
      await choosePlace(before.url, sessions.khanhXuan, 'vi', 'Khánh Xuân');
      await choosePlace(before.url, sessions.binhXa, 'en', 'Bính Xá');
      await choosePlace(before.url, sessions.lociBinhTown, 'vi', 'Thị trấn Lộc Bình');
      await choosePlace(before.url, sessions.maiPha, 'vi', 'Mai Pha');
      const identity = { fullName: 'Nguyễn Văn An', address: 'Thôn Bản Chu', phone: '0912345678' };
      const file = (localityCode: string) => fileVoterListComplaint(before.app, localityCode, identity);
      tickets.khanhXuan = await file(KHANH_XUAN);
      tickets.maiPha = await file('05992');
      // a former officer account, scoped to the commune that was merged
      await addOfficer(before.app.context.db, 'kx2021', 'officer', KHANH_XUAN);
    } finally {
      await before.app.stop();
    }
    after = await startAppOn(database.target, dataDir, ELECTION_2026);
    const { db } = after.app.context;
    await addOfficer(db, 'locbinh', 'officer', LOC_BINH);
    await addOfficer(db, 'mauson', 'officer', '06541');
    await addOfficer(db, 'province', 'officer', '20');
  });
  afterAll(async () => {
    await after?.app.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds the 2025 map and keeps the codes the tickets were filed under', async () => {
    const { db } = after.app.context;
    expect(await db.locality.count()).toBe(66);
    expect(await db.locality.count({ where: { level: 'district' } })).toBe(0);
    expect(await db.ticket.findUniqueOrThrow({ where: { code: tickets.khanhXuan } })).toMatchObject({
      localityCode: KHANH_XUAN,
      provinceCode: '20',
      districtCode: '188',
      communeCode: KHANH_XUAN,
    });
  });

  it('shows a ticket of a merged commune to the new commune’s officer and the province’s, not to another commune’s', async () => {
    const listed = async (username: string) =>
      (await (await signedIn(after.url, username)).get('/api/console/tickets')).body.tickets as {
        code: string;
        localityName: string;
      }[];
    expect((await listed('locbinh')).map((ticket) => ticket.code)).toEqual([tickets.khanhXuan]);
    expect((await listed('province')).map((ticket) => ticket.code).sort()).toEqual(
      [tickets.khanhXuan, tickets.maiPha].sort(),
    );
    expect(await listed('mauson')).toEqual([]);
    // an account still set to the merged commune follows it into Xã Lộc Bình
    expect((await listed('kx2021')).map((ticket) => ticket.code)).toEqual([tickets.khanhXuan]);
    const row = (await listed('locbinh'))[0];
    expect(row?.localityName).toBe('Xã Khánh Xuân → Xã Lộc Bình');

    const locBinh = await signedIn(after.url, 'locbinh');
    expect((await locBinh.get(`/api/console/tickets/${tickets.khanhXuan}`)).status).toBe(200);
    const mauSon = await signedIn(after.url, 'mauson');
    expect((await mauSon.get(`/api/console/tickets/${tickets.khanhXuan}`)).status).toBe(404);
  });

  it('filters the queue by an old or a new name, and refuses a name that could be several places', async () => {
    const province = await signedIn(after.url, 'province');
    const codes = async (locality: string) =>
      (await province.get(`/api/console/tickets?locality=${encodeURIComponent(locality)}`)).body.tickets.map(
        (ticket: { code: string }) => ticket.code,
      );
    expect(await codes('khanh xuan')).toEqual([tickets.khanhXuan]);
    expect(await codes('Lộc Bình')).toEqual([tickets.khanhXuan]);
    expect(await codes(KHANH_XUAN)).toEqual([tickets.khanhXuan]);
    expect(await codes('Mai Pha')).toEqual([tickets.maiPha]);
    const ambiguous = await province.get(`/api/console/tickets?locality=${encodeURIComponent('Mẫu Sơn')}`);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.message).toContain('Xã Ba Sơn');
    const outside = await (
      await signedIn(after.url, 'mauson')
    ).get(`/api/console/tickets?locality=${encodeURIComponent('Khánh Xuân')}`);
    expect(outside.status).toBe(403);
  });

  it('reports per commune of today’s map: the dashboard and the CSV export', async () => {
    const province = await signedIn(after.url, 'province');
    const stats = (await province.get('/api/console/stats')).body;
    expect(stats.perLocality).toEqual(
      expect.arrayContaining([
        { code: LOC_BINH, name: 'Xã Lộc Bình', open: 1, overdue: 0 },
        { code: '05977', name: 'Phường Đông Kinh', open: 1, overdue: 0 },
      ]),
    );
    const csv = (await province.get('/api/console/export.csv')).text;
    expect(csv).toContain('Xã Khánh Xuân → Xã Lộc Bình');
    expect(csv).toContain('Xã Mai Pha → Phường Đông Kinh');
  });

  it('moves a citizen of a merged commune and tells them once, in their language', async () => {
    const { db, i18n } = after.app.context;
    const citizen = await db.citizen.findFirstOrThrow({
      where: { platformUserId: sessions.khanhXuan.id ?? 'no session' },
    });
    expect(citizen.localityCode).toBe(LOC_BINH);
    const first = await say(after.url, sessions.khanhXuan, { choice: 'menu' });
    expect(first[0]).toEqual({
      kind: 'notice',
      text: i18n.t('vi', 'localities:moved', { former: 'Xã Khánh Xuân', current: 'Xã Lộc Bình' }),
    });
    expect(first[0]?.text).toBe(
      'Địa bàn hành chính đã thay đổi: Xã Khánh Xuân nay thuộc Xã Lộc Bình. Cử Tri đã chuyển nơi ở của bạn sang Xã Lộc Bình.',
    );
    const second = await say(after.url, sessions.khanhXuan, { choice: 'menu' });
    expect(second.map((reply) => reply.kind)).toEqual(['menu']);
    // the town kept its code as the new commune: the citizen stays, and learns the new name
    const town = await say(after.url, sessions.lociBinhTown, { choice: 'menu' });
    expect(town[0]?.text).toBe(
      i18n.t('vi', 'localities:moved', { former: 'Thị trấn Lộc Bình', current: 'Xã Lộc Bình' }),
    );
    expect(
      (await db.citizen.findFirstOrThrow({ where: { platformUserId: sessions.lociBinhTown.id ?? 'no session' } }))
        .localityCode,
    ).toBe(LOC_BINH);
  });

  it('asks a citizen of a split commune to choose again, and keeps them in both units’ reminders meanwhile', async () => {
    const { db } = after.app.context;
    expect(
      (await db.citizen.findFirstOrThrow({ where: { platformUserId: sessions.binhXa.id ?? 'no session' } }))
        .localityCode,
    ).toBe(BINH_XA);
    const [notice] = await say(after.url, sessions.binhXa, { choice: 'menu' });
    expect(notice?.text).toMatch(
      /^The local map has changed: Xã Bính Xá has been divided between Xã (Đình Lập|Kiên Mộc), Xã (Đình Lập|Kiên Mộc)\. Please choose/,
    );
    const province = await signedIn(after.url, 'province');
    for (const audience of ['06613', '06625', 'Đình Lập', '20']) {
      const estimate = await province.get(`/api/console/broadcasts/estimate?locality=${encodeURIComponent(audience)}`);
      expect(estimate.status, audience).toBe(200);
      expect(estimate.body.recipients, audience).toBe(audience === '20' ? 4 : 1);
    }
    expect((await province.get(`/api/console/broadcasts/estimate?locality=${LOC_BINH}`)).body.recipients).toBe(2);
  });

  it('changes nothing on a restart with the same map', async () => {
    await after.app.stop();
    after = await startAppOn(database.target, dataDir, ELECTION_2026);
    expect(after.logs.join('')).not.toContain('localities: map');
    const replies = await say(after.url, sessions.maiPha, { choice: 'menu' });
    expect(replies[0]?.text).toContain('Xã Mai Pha nay thuộc Phường Đông Kinh');
    expect((await say(after.url, sessions.maiPha, { choice: 'menu' })).map((reply) => reply.kind)).toEqual(['menu']);
  });
});

describe.each(providers)('a map that does not account for the database’s localities, on %s', (provider) => {
  it('stops the start with the codes it leaves out, and changes nothing', async () => {
    const { testDb, database } = await migratedTestDatabase(provider);
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-map-'));
    try {
      const lines = readFileSync('prisma/seed/localities-lang-son-2025-former.csv', 'utf8').split('\n');
      const formerUnitsFile = path.join(dir, 'former.csv');
      writeFileSync(formerUnitsFile, lines.filter((line) => !line.includes(`,${KHANH_XUAN},`)).join('\n'));
      const attempt = syncLocalityMap(database, { file: 'prisma/seed/localities-lang-son-2025.csv', formerUnitsFile });
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(/06544 Xã Khánh Xuân/);
      expect(await database.db.locality.count()).toBe(212);
      expect(await database.db.formerLocality.count()).toBe(0);
    } finally {
      await database.close();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
