// "Where do I vote?" on a real database: importing the polling-area CSV (every bad line
// reported, nothing half-written), and the chat flow that asks the commune once, remembers
// it, and lists that commune's polling places, searchable without diacritics.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database } from '../../src/db/database.js';
import { importPollingAreas, parsePollingAreasCsv, PollingAreaImportError } from '../../src/polling/import.js';
import { createPollingFlow } from '../../src/polling/polling-flow.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { flowContext } from '../knowledge/support.js';

const exampleCsv = readFileSync('prisma/seed/polling-areas-example.csv', 'utf8');
const DONG_KINH = '05980';
const HOANG_DONG = '05986';

describe('parsePollingAreasCsv', () => {
  it('reads the example file, which is clearly labelled as example data', () => {
    const rows = parsePollingAreasCsv(exampleCsv);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) expect(row.name).toContain('(ví dụ)');
  });

  it('reports every bad line at once, with its line number', () => {
    const csv = [
      'commune_code,number,name,address,map_url,hours',
      '05980,1,Khu vực 1,Nhà văn hóa,,',
      '598,2,Khu vực 2,Nhà văn hóa,,',
      '05980,3,,Trường học,ftp://map,',
      '05980,1,Khu vực 1 lặp,Nhà văn hóa,,',
    ].join('\n');
    try {
      parsePollingAreasCsv(csv);
      expect.unreachable('the file has errors');
    } catch (error) {
      if (!(error instanceof PollingAreaImportError)) throw error;
      expect(error.problems).toEqual([
        'line 3: commune_code must be the 5-digit commune code',
        'line 4: name is empty, map_url must start with http:// or https://',
        'line 5: polling area 1 of commune 05980 appears twice',
      ]);
    }
  });

  it('refuses an empty file with a hint about the expected columns', () => {
    expect(() => parsePollingAreasCsv('commune_code,number,name,address\n')).toThrow(/expected a header/);
  });
});

const providers = await testProviders();

describe.each(providers)('polling areas on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await database.db.pollingArea.deleteMany();
  });

  it('explains where to find the polling place when no data is loaded yet', async () => {
    const flow = createPollingFlow(database.db);
    const step = await flow.start(flowContext({ localityCode: HOANG_DONG }));
    expect(step.next).toBe('done');
    expect(step.replies[0]?.text).toContain('chưa được cập nhật');
    expect(step.replies[0]?.text).toContain('thẻ cử tri');
    expect(step.replies[0]?.text).toContain('10 ngày trước ngày bầu cử');
    expect(step.replies[0]?.text).toContain('Ủy ban nhân dân Xã Hoàng Đồng');
  });

  it('imports the example file, and a second import updates instead of duplicating', async () => {
    const rows = parsePollingAreasCsv(exampleCsv);
    expect(await importPollingAreas(database.db, rows)).toBe(rows.length);
    expect(await importPollingAreas(database.db, rows)).toBe(rows.length);
    expect(await database.db.pollingArea.count()).toBe(rows.length);
  });

  it('refuses rows for a commune that does not exist, and writes nothing', async () => {
    const rows = parsePollingAreasCsv(
      'commune_code,number,name,address\n05980,1,Khu vực 1,Nhà văn hóa\n99999,1,Khu vực X,Nơi nào đó\n',
    );
    await expect(importPollingAreas(database.db, rows)).rejects.toMatchObject({
      problems: ['line 3: commune_code 99999 is not a known commune'],
    });
    expect(await database.db.pollingArea.count()).toBe(0);
  });

  it('asks the commune once, accepts it without diacritics, remembers it and lists its polling places', async () => {
    await importPollingAreas(database.db, parsePollingAreasCsv(exampleCsv));
    const flow = createPollingFlow(database.db);
    const first = await flow.start(flowContext());
    expect(first).toMatchObject({ next: 'continue', replies: [{ kind: 'prompt' }] });

    const chosen = await flow.resume(
      flowContext({ text: 'hoang dong', data: first.next === 'continue' ? first.data : {} }),
    );
    expect(chosen.updateCitizen).toEqual({ localityCode: HOANG_DONG });
    const listing = chosen.replies.map((reply) => reply.text).join('\n');
    expect(listing).toContain('Xã Hoàng Đồng');
    expect(listing).toContain('Khu vực bỏ phiếu số 1 — thôn Nà Chuông (ví dụ)');
    expect(listing).toContain('Khu vực bỏ phiếu số 2 — thôn Lục Khoang (ví dụ)');

    // next time: no question, straight to the list of the remembered commune
    const again = await flow.start(flowContext({ localityCode: HOANG_DONG }));
    expect(again.replies[0]?.text).toContain('Nà Chuông');
    expect(again.updateCitizen).toBeUndefined();
  });

  it('narrows the list by a name typed without diacritics', async () => {
    await importPollingAreas(database.db, parsePollingAreasCsv(exampleCsv));
    const flow = createPollingFlow(database.db);
    const listed = await flow.start(flowContext({ localityCode: HOANG_DONG }));
    const narrowed = await flow.resume(
      flowContext({
        text: 'luc khoang',
        localityCode: HOANG_DONG,
        data: listed.next === 'continue' ? listed.data : {},
      }),
    );
    expect(narrowed.replies[0]?.text).toContain('Lục Khoang');
    expect(narrowed.replies[0]?.text).not.toContain('Nà Chuông');
  });

  it('lets the citizen change the commune, choosing among several matches', async () => {
    await importPollingAreas(database.db, parsePollingAreasCsv(exampleCsv));
    const flow = createPollingFlow(database.db);
    const listed = await flow.start(flowContext({ localityCode: HOANG_DONG }));
    const asked = await flow.resume(
      flowContext({
        choice: 'polling:change',
        localityCode: HOANG_DONG,
        data: listed.next === 'continue' ? listed.data : {},
      }),
    );
    expect(asked.replies[0]?.kind).toBe('prompt');
    const matches = await flow.resume(flowContext({ text: 'dong', data: asked.next === 'continue' ? asked.data : {} }));
    expect(matches.replies[0]?.kind).toBe('menu');
    const option = matches.replies[0]?.options?.find((candidate) => candidate.label.startsWith('Phường Đông Kinh'));
    expect(option).toBeDefined();
    const picked = await flow.resume(
      flowContext({ choice: option?.id, data: matches.next === 'continue' ? matches.data : {} }),
    );
    expect(picked.updateCitizen).toEqual({ localityCode: DONG_KINH });
    expect(picked.replies.map((reply) => reply.text).join('\n')).toContain('Nhà văn hóa khối 5 (ví dụ)');
  });

  it('asks again, politely, for a commune it cannot find', async () => {
    const flow = createPollingFlow(database.db);
    const step = await flow.resume(flowContext({ text: 'xyzxyz', data: { step: 'commune' } }));
    expect(step.replies[0]?.text).toContain('"xyzxyz"');
    expect(step.next).toBe('continue');
  });

  it('speaks English to an English-speaking citizen', async () => {
    await importPollingAreas(database.db, parsePollingAreasCsv(exampleCsv));
    const step = await createPollingFlow(database.db).start(flowContext({ locale: 'en', localityCode: DONG_KINH }));
    expect(step.replies[0]?.text).toContain('Polling areas in Phường Đông Kinh');
  });
});
