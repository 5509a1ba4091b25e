// An account set to a locality that no longer exists — removed from the map with nothing
// recorded about what it became (a unit deleted from the database by hand, a wrong unit taken
// out), so no former-unit line leads from its code to today's map — covers nothing: not its old
// commune's tickets, and above all not the whole province. Through the real app and the
// console's HTTP API, on both databases. (A unit merged by a map switch is another matter: its
// code leads to the unit it became, see test/localities/map-switch.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileVoterListComplaint, startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { addOfficer, COMMUNE_A, COMMUNE_B, COMMUNE_OTHER_DISTRICT, signedIn } from './console-harness.js';

const providers = await testProviders();
const IDENTITY = { fullName: 'Nguyễn Thị Hạnh', address: 'Thôn Nà Chuông', phone: '0912345678' };

describe.each(providers)('an officer whose locality no longer exists, on %s', (provider) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(provider);
  });
  afterAll(async () => {
    await test?.stop();
  });

  const file = (localityCode: string) => fileVoterListComplaint(test.app, localityCode, IDENTITY);

  it('sees no ticket in the queue, the dashboard or an export, and cannot open or act on one by its code', async () => {
    const { db } = test.app.context;
    const own = await file(COMMUNE_A);
    const others = [await file(COMMUNE_B), await file(COMMUNE_OTHER_DISTRICT)];
    const all = [own, ...others];
    await addOfficer(db, 'gone.supervisor', 'supervisor', COMMUNE_A);
    await addOfficer(db, 'province.supervisor', 'supervisor', null);
    const officer = await signedIn(test.url, 'gone.supervisor');
    const province = await signedIn(test.url, 'province.supervisor');
    const queueCodes = async (client: typeof officer) => {
      const answer = await client.get('/api/console/tickets?limit=100');
      expect(answer.status).toBe(200);
      return answer.body.tickets.map((ticket: { code: string }) => ticket.code).sort();
    };
    // while the commune exists, the account sees its own commune's ticket
    expect(await queueCodes(officer)).toEqual([own]);

    // the commune is taken off the map, and nothing says what it became
    await db.locality.delete({ where: { code: COMMUNE_A } });
    expect(await db.formerLocality.count({ where: { code: COMMUNE_A } })).toBe(0);

    // the tickets are there, and the province's account still sees them all
    expect(await queueCodes(province)).toEqual([...all].sort());

    const queue = await officer.get('/api/console/tickets?limit=100');
    expect(queue.status).toBe(200);
    expect(queue.body.tickets).toEqual([]);
    expect(Object.values(queue.body.counts).every((count) => count === 0)).toBe(true);
    for (const code of all)
      expect((await officer.get(`/api/console/tickets?q=${encodeURIComponent(code)}`)).body.tickets, code).toEqual([]);
    expect((await officer.get(`/api/console/tickets?locality=${COMMUNE_B}`)).status).toBe(403);

    const unknown = await officer.get('/api/console/tickets/KN-2021-99999');
    expect(unknown.status).toBe(404);
    for (const code of all) {
      const open = await officer.get(`/api/console/tickets/${code}`);
      expect(open.status, code).toBe(404);
      expect(open.body, code).toEqual(unknown.body);
      expect((await officer.post(`/api/console/tickets/${code}/replies`, { text: 'Xin chào' })).status, code).toBe(404);
      expect((await officer.post(`/api/console/tickets/${code}/reveal`, { reason: 'kiểm tra hồ sơ' })).status).toBe(
        404,
      );
    }

    const stats = await officer.get('/api/console/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ perDayByKind: [], perLocality: [] });

    // an export holds the header and no ticket, with or without identities
    for (const path of ['/api/console/export.csv', '/api/console/export.csv?identity=1&reason=kiem%20tra%20ho%20so']) {
      const csv = await officer.get(path);
      expect(csv.status, path).toBe(200);
      const rows = csv.text.split('\n').filter((line) => line.trim() !== '');
      expect(rows, path).toHaveLength(1);
      for (const code of all) expect(csv.text, path).not.toContain(code);
      expect(csv.text, path).not.toContain(IDENTITY.fullName);
    }
    // nothing was revealed or written on any ticket by this account
    const gone = await db.officer.findUniqueOrThrow({ where: { username: 'gone.supervisor' } });
    expect(await db.ticketEvent.count({ where: { officerId: gone.id } })).toBe(0);
  });
});
