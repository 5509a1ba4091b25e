// The queue's text search finds the text typed, literally: "%" and "_" are characters a citizen
// writes ("giảm 50%", "ma_so"), not wildcards that match every ticket in scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import {
  addOfficer,
  COMMUNE_A,
  seedTicket,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from '../console/console-harness.js';

const providers = await testProviders();

describe.each(providers)('the queue search on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('matches %, _ and \\ as the characters they are, never as wildcards', async () => {
    await addOfficer(server.db, 'search.o', 'officer', COMMUNE_A);
    const percent = await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Tổ bầu cử nói chỉ 50% cử tri được nhận phiếu.',
    });
    const underscore = await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Mã số ghi là ma_so_12 trên thẻ cử tri.',
    });
    const backslash = await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Đường dẫn C:\\bau-cu bị sai trên trang thông báo.',
    });
    const plain = await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Danh sách cử tri niêm yết muộn ba ngày.',
    });
    const officer = await signedIn(server, 'search.o');
    const found = async (q: string) =>
      (await officer.get(`/api/console/tickets?limit=100&q=${encodeURIComponent(q)}`)).body.tickets.map(
        (ticket: { code: string }) => ticket.code,
      );
    expect(await found('%')).toEqual([percent]);
    expect(await found('50%')).toEqual([percent]);
    expect(await found('_')).toEqual([underscore]);
    expect(await found('ma_so')).toEqual([underscore]);
    expect(await found('\\')).toEqual([backslash]);
    expect(await found('niêm yết')).toEqual([plain]);
    const csv = await officer.get(`/api/console/export.csv?q=${encodeURIComponent('%')}`);
    expect(csv.text).toContain(percent);
    expect(csv.text).not.toContain(plain);
  });
});
