// The console's JSON API on both databases: sign-in rules, scope, roles, CSRF, actions,
// identity, audit and export, as an officer or an attacker would meet them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import {
  addOfficer,
  COMMUNE_A,
  COMMUNE_B,
  COMMUNE_OTHER_DISTRICT,
  ConsoleClient,
  DISTRICT_CITY,
  PASSWORD,
  seedTicket,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from './console-harness.js';

const providers = await testProviders();

describe.each(providers)('the officer console API on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps an officer of one commune away from another commune’s tickets, even by guessing the code', async () => {
    await addOfficer(server.db, 'scope.a', 'officer', COMMUNE_A);
    const mine = await seedTicket(server, { localityCode: COMMUNE_A });
    const theirs = await seedTicket(server, { localityCode: COMMUNE_B, description: 'Bí mật của xã bên cạnh' });
    const officer = await signedIn(server, 'scope.a');

    const list = await officer.get('/api/console/tickets?limit=100');
    expect(list.status).toBe(200);
    const codes = list.body.tickets.map((ticket: { code: string }) => ticket.code);
    expect(codes).toContain(mine);
    expect(codes).not.toContain(theirs);
    expect((await officer.get(`/api/console/tickets?q=${encodeURIComponent(theirs)}`)).body.tickets).toEqual([]);
    expect((await officer.get(`/api/console/tickets?locality=${COMMUNE_B}`)).status).toBe(403);

    const open = await officer.get(`/api/console/tickets/${theirs}`);
    const unknown = await officer.get('/api/console/tickets/KN-2021-99999');
    expect(open.status).toBe(404);
    expect(open.body).toEqual(unknown.body);
    expect((await officer.post(`/api/console/tickets/${theirs}/replies`, { text: 'Xin chào' })).status).toBe(404);
    expect((await officer.post(`/api/console/tickets/${theirs}/status`, { status: 'resolved' })).status).toBe(404);
    const csv = await officer.get('/api/console/export.csv');
    expect(csv.text).toContain(mine);
    expect(csv.text).not.toContain(theirs);
    expect(await server.db.ticketEvent.count({ where: { ticket: { code: theirs } } })).toBe(0);
  });

  it('shows a viewer the statistics only, and refuses the queue, the tickets and every change with 403', async () => {
    await addOfficer(server.db, 'viewer.v', 'viewer', DISTRICT_CITY);
    const code = await seedTicket(server, { localityCode: COMMUNE_A });
    const viewer = await signedIn(server, 'viewer.v');
    expect((await viewer.get('/api/console/stats')).status).toBe(200);
    expect((await viewer.get('/api/console/tickets')).status).toBe(403);
    expect((await viewer.get(`/api/console/tickets/${code}`)).status).toBe(403);
    expect((await viewer.get('/api/console/export.csv')).status).toBe(403);
    for (const [path, body] of [
      ['replies', { text: 'Xin chào' }],
      ['notes', { text: 'ghi chú' }],
      ['status', { status: 'resolved' }],
      ['assign', { officerId: 'me' }],
      ['retry-delivery', { eventId: 1 }],
      ['reveal', { reason: 'kiểm tra thử' }],
    ] as const) {
      expect((await viewer.post(`/api/console/tickets/${code}/${path}`, body)).status, path).toBe(403);
    }
    expect(await server.db.ticketEvent.count({ where: { ticket: { code } } })).toBe(0);
  });

  it('refuses a change without the CSRF token (403) and accepts the same request with it', async () => {
    await addOfficer(server.db, 'csrf.o', 'officer', COMMUNE_A);
    const code = await seedTicket(server, { localityCode: COMMUNE_A });
    const officer = await signedIn(server, 'csrf.o');
    expect(
      (await officer.post(`/api/console/tickets/${code}/notes`, { text: 'không có token' }, { csrf: false })).status,
    ).toBe(403);
    officer.csrfToken = 'x'.repeat(officer.csrfToken.length);
    expect((await officer.post(`/api/console/tickets/${code}/notes`, { text: 'token sai' })).status).toBe(403);
    expect(await server.db.ticketEvent.count({ where: { ticket: { code } } })).toBe(0);
    const fresh = await signedIn(server, 'csrf.o');
    expect((await fresh.post(`/api/console/tickets/${code}/notes`, { text: 'có token' })).status).toBe(200);
  });

  it('makes a supervisor pass a TOTP code before the queue opens', async () => {
    await addOfficer(server.db, 'super.totp', 'supervisor', null);
    const client = new ConsoleClient(server.url);
    const login = await client.post('/api/console/login', { username: 'super.totp', password: PASSWORD });
    expect(login.body.next).toBe('totp_enrol');
    client.csrfToken = login.body.csrfToken;
    expect((await client.get('/api/console/tickets')).status).toBe(403);
    expect((await client.post('/api/console/totp/verify', { code: '000000' })).status).toBe(400);
    await client.post('/api/console/totp/enrol');
    expect((await client.post('/api/console/totp/verify', { code: '000000' })).status).toBe(401);
    expect((await client.get('/api/console/tickets')).status).toBe(403);

    await addOfficer(server.db, 'super.ok', 'supervisor', null);
    const supervisor = await signedIn(server, 'super.ok');
    expect((await supervisor.get('/api/console/tickets')).status).toBe(200);
    const again = new ConsoleClient(server.url);
    expect((await again.post('/api/console/login', { username: 'super.ok', password: PASSWORD })).body.next).toBe(
      'totp',
    );
  });

  it('filters, sorts by due date, counts per status and pages through the queue with a cursor', async () => {
    await addOfficer(server.db, 'queue.d', 'officer', DISTRICT_CITY);
    const late = await seedTicket(server, { localityCode: COMMUNE_B, dueInHours: -5, description: 'Quá hạn rồi' });
    const soon = await seedTicket(server, { localityCode: COMMUNE_A, dueInHours: 10, description: 'Sắp hết hạn' });
    const done = await seedTicket(server, { localityCode: COMMUNE_A, dueInHours: -50, status: 'resolved' });
    const outside = await seedTicket(server, { localityCode: COMMUNE_OTHER_DISTRICT, dueInHours: -100 });
    const officer = await signedIn(server, 'queue.d');

    const all = await officer.get('/api/console/tickets?limit=100');
    const codes: string[] = all.body.tickets.map((ticket: { code: string }) => ticket.code);
    expect(codes).not.toContain(outside);
    const dueDates = all.body.tickets.map((ticket: { dueAt: string }) => ticket.dueAt);
    expect(dueDates).toEqual([...dueDates].sort());
    expect(all.body.counts.resolved).toBeGreaterThanOrEqual(1);
    expect(Object.values(all.body.counts).reduce((a: number, b) => a + Number(b), 0)).toBe(codes.length);

    const overdue = await officer.get('/api/console/tickets?overdue=1');
    expect(overdue.body.tickets.map((ticket: { code: string }) => ticket.code)).toEqual([late]);
    expect(overdue.body.tickets[0].overdue).toBe(true);
    const dueSoon = await officer.get('/api/console/tickets?dueSoon=1');
    expect(dueSoon.body.tickets.map((ticket: { code: string }) => ticket.code)).toContain(soon);
    expect(
      (await officer.get('/api/console/tickets?status=resolved')).body.tickets.map(
        (ticket: { code: string }) => ticket.code,
      ),
    ).toContain(done);
    expect(
      (await officer.get(`/api/console/tickets?locality=${COMMUNE_B}`)).body.tickets.every(
        (ticket: { localityCode: string }) => ticket.localityCode === COMMUNE_B,
      ),
    ).toBe(true);
    expect(
      (await officer.get(`/api/console/tickets?q=${encodeURIComponent('sắp hết')}`)).body.tickets.map(
        (ticket: { code: string }) => ticket.code,
      ),
    ).toEqual([soon]);
    expect((await officer.get('/api/console/tickets?status=nonsense')).status).toBe(400);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await officer.get(`/api/console/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.tickets.map((ticket: { code: string }) => ticket.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(codes);
  });

  it('shows a ticket without its reporter’s identity; a supervisor reveals it with a reason, and the reveal is audited', async () => {
    const identity = { fullName: 'Nguyễn Văn An', address: 'Số 1 Lê Lợi', phone: '0912345678' };
    const code = await seedTicket(server, { localityCode: COMMUNE_A, kind: 'denunciation', identity });
    await addOfficer(server.db, 'reveal.o', 'officer', COMMUNE_A);
    await addOfficer(server.db, 'reveal.s', 'supervisor', null);
    const officer = await signedIn(server, 'reveal.o');
    const detail = await officer.get(`/api/console/tickets/${code}`);
    expect(detail.status).toBe(200);
    expect(detail.body.hasIdentity).toBe(true);
    expect(detail.text).not.toContain('Nguyễn Văn An');
    expect(detail.text).not.toContain('identityEnc');
    expect((await officer.post(`/api/console/tickets/${code}/reveal`, { reason: 'cần liên hệ' })).status).toBe(403);

    const supervisor = await signedIn(server, 'reveal.s');
    expect((await supervisor.post(`/api/console/tickets/${code}/reveal`, {})).status).toBe(400);
    const reveal = await supervisor.post(`/api/console/tickets/${code}/reveal`, { reason: 'Cần liên hệ để xác minh' });
    expect(reveal.body.identity).toEqual(identity);
    const entries = await server.db.auditLog.findMany({ where: { targetId: code } });
    expect(entries.some((entry) => entry.action.includes('reveal'))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('Nguyễn Văn An');
    expect(server.logs.join('')).not.toContain('0912345678');
  });

  it('sends a reply to the citizen, keeps an internal note inside, and records status changes on the timeline', async () => {
    await addOfficer(server.db, 'act.o', 'officer', COMMUNE_A);
    const code = await seedTicket(server, { localityCode: COMMUNE_A });
    const officer = await signedIn(server, 'act.o');
    const before = server.sent.length;
    const reply = await officer.post(`/api/console/tickets/${code}/replies`, {
      text: 'Chúng tôi đã bổ sung tên ông vào danh sách.',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.delivery).toBe('sent');
    expect(JSON.stringify(server.sent.slice(before))).toContain('Chúng tôi đã bổ sung tên ông vào danh sách.');
    const sentAfterReply = server.sent.length;
    expect((await officer.post(`/api/console/tickets/${code}/notes`, { text: 'Ghi chú nội bộ bí mật' })).status).toBe(
      200,
    );
    expect(JSON.stringify(server.sent.slice(sentAfterReply))).not.toContain('Ghi chú nội bộ bí mật');
    expect((await officer.post(`/api/console/tickets/${code}/assign`, { officerId: 'me' })).status).toBe(200);
    expect((await officer.post(`/api/console/tickets/${code}/status`, { status: 'in_progress' })).status).toBe(200);
    const detail = await officer.get(`/api/console/tickets/${code}`);
    expect(detail.body.status).toBe('in_progress');
    expect(detail.body.cannedReplies[0]).toContain('Ban bầu cử');
    expect(detail.body.events.find((event: { type: string }) => event.type === 'assignment').text).toBe('Cán bộ act.o');
    expect(detail.body.assignee.name).toBe('Cán bộ act.o');
    expect(detail.body.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['officer_reply', 'internal_note', 'assignment', 'status_change']),
    );
    expect(detail.body.events.find((event: { type: string }) => event.type === 'officer_reply').officerName).toBe(
      'Cán bộ act.o',
    );
  });

  it('exports the queue as UTF-8 CSV with a BOM; identity columns only for a supervisor, and the export is audited', async () => {
    const identity = { fullName: 'Trần Thị Bình', address: 'Thôn 2', phone: '0987654321' };
    const code = await seedTicket(server, {
      localityCode: COMMUNE_A,
      identity,
      description: 'Nội dung có dấu, "ngoặc" và\nxuống dòng',
    });
    await addOfficer(server.db, 'export.o', 'officer', COMMUNE_A);
    await addOfficer(server.db, 'export.s', 'supervisor', null);
    const officer = await signedIn(server, 'export.o');
    const plain = await officer.request('GET', '/api/console/export.csv');
    expect(plain.headers.get('content-type')).toContain('text/csv');
    expect([...plain.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(plain.text).toContain(code);
    expect(plain.text).toContain('"Nội dung có dấu, ""ngoặc"" và\nxuống dòng"');
    expect(plain.text).not.toContain('Trần Thị Bình');
    expect((await officer.get('/api/console/export.csv?identity=1')).status).toBe(403);
    const supervisor = await signedIn(server, 'export.s');
    const withIdentity = await supervisor.get(
      `/api/console/export.csv?identity=1&reason=${encodeURIComponent('Cần liên hệ người tố cáo')}`,
    );
    expect(withIdentity.text).toContain('Trần Thị Bình');
    expect(await server.db.auditLog.count({ where: { action: 'export_with_identity' } })).toBe(1);
  });

  it('detects an audit entry edited behind the application’s back', async () => {
    expect((await server.context.audit.walk()).brokenAt).toBeNull();
    const victim = await server.db.auditLog.findFirstOrThrow({ where: { action: 'login' }, orderBy: { id: 'asc' } });
    const table = provider === 'postgresql' ? '"AuditLog"' : 'AuditLog';
    await server.db.$executeRawUnsafe(`UPDATE ${table} SET action = 'logout' WHERE id = ${victim.id}`);
    expect((await server.context.audit.walk()).brokenAt).toBe(victim.id);
    await addOfficer(server.db, 'audit.admin', 'admin', null);
    const admin = await signedIn(server, 'audit.admin');
    const audit = await admin.get('/api/console/audit');
    expect(audit.body.chainBreakAt).toBe(victim.id);
    const officer = await signedIn(server, 'act.o');
    expect((await officer.get('/api/console/audit')).status).toBe(403);
  });

  it('draws the dashboard figures and lists the questions the bot could not answer, most frequent first', async () => {
    await server.db.faqFeedback.createMany({
      data: [
        { kind: 'fallback', question: 'Bầu cử online được không?', normalized: 'bau cu online', channel: 'web' },
        { kind: 'fallback', question: 'bau cu online dc ko', normalized: 'bau cu online', channel: 'telegram' },
        { kind: 'not_helpful', question: 'Mất thẻ cử tri', normalized: 'mat the cu tri', channel: 'web' },
        { kind: 'helpful', question: 'Mấy giờ bầu', normalized: 'may gio bau', channel: 'web' },
      ],
    });
    const supervisor = await signedIn(server, 'reveal.s');
    const unanswered = await supervisor.get('/api/console/unanswered');
    expect(
      unanswered.body.questions.map((row: { normalized: string; count: number }) => [row.normalized, row.count]),
    ).toEqual([
      ['bau cu online', 2],
      ['mat the cu tri', 1],
    ]);
    const stats = await supervisor.get('/api/console/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.perDayByKind.length).toBeGreaterThan(0);
    expect(stats.body.perLocality.find((row: { code: string }) => row.code === DISTRICT_CITY).open).toBeGreaterThan(0);
    expect(stats.body.medianHoursToFirstReply).not.toBeNull();
  });

  it('lets an admin create, deactivate and reset officer accounts; others may not', async () => {
    const admin = await signedIn(server, 'audit.admin');
    const created = await admin.post('/api/console/officers', {
      username: 'new.officer',
      password: 'first password 1',
      role: 'officer',
      localityCode: COMMUNE_B,
      displayName: 'Lò Văn Mới',
    });
    expect(created.status).toBe(200);
    expect(
      (
        await admin.post('/api/console/officers', {
          username: 'new.officer',
          password: 'first password 1',
          role: 'officer',
        })
      ).status,
    ).toBe(409);
    const fresh = new ConsoleClient(server.url);
    expect(
      (await fresh.post('/api/console/login', { username: 'new.officer', password: 'first password 1' })).body.next,
    ).toBe('password_change');
    const reset = await admin.post(`/api/console/officers/${created.body.id}/reset-password`);
    expect(reset.body.password).toMatch(/.{10,}/);
    expect((await fresh.get('/api/console/me')).status).toBe(401);
    expect((await admin.post(`/api/console/officers/${created.body.id}/deactivate`)).status).toBe(200);
    expect(
      (
        await new ConsoleClient(server.url).post('/api/console/login', {
          username: 'new.officer',
          password: reset.body.password,
        })
      ).status,
    ).toBe(401);
    const officer = await signedIn(server, 'act.o');
    expect((await officer.get('/api/console/officers')).status).toBe(403);
    expect(
      (await officer.post('/api/console/officers', { username: 'sneaky', password: 'first password 1', role: 'admin' }))
        .status,
    ).toBe(403);
  });

  it('serves a ticket’s attachments from the platform to officers in scope only, never as a page of our origin', async () => {
    await addOfficer(server.db, 'files.a', 'officer', COMMUNE_A);
    const mine = await server.db.ticket.findUniqueOrThrow({
      where: { code: await seedTicket(server, { localityCode: COMMUNE_A }) },
    });
    const theirs = await server.db.ticket.findUniqueOrThrow({
      where: { code: await seedTicket(server, { localityCode: COMMUNE_B }) },
    });
    server.platformFiles.set('photo-1', Buffer.from('JPEG bytes'));
    server.platformFiles.set('page-1', Buffer.from('<script>alert(1)</script>'));
    const photo = await server.db.attachment.create({
      data: {
        ticketId: mine.id,
        channel: 'telegram',
        platformFileId: 'photo-1',
        fileName: 'ảnh.jpg',
        mimeType: 'image/jpeg',
      },
    });
    const page = await server.db.attachment.create({
      data: {
        ticketId: mine.id,
        channel: 'telegram',
        platformFileId: 'page-1',
        fileName: 'x.html',
        mimeType: 'text/html',
      },
    });
    const other = await server.db.attachment.create({
      data: { ticketId: theirs.id, channel: 'telegram', platformFileId: 'photo-1', mimeType: 'image/jpeg' },
    });
    const officer = await signedIn(server, 'files.a');
    const shown = await officer.get(`/api/console/tickets/${mine.code}/attachments/${photo.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(shown.text).toBe('JPEG bytes');
    const html = await officer.get(`/api/console/tickets/${mine.code}/attachments/${page.id}`);
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await officer.get(`/api/console/tickets/${theirs.code}/attachments/${other.id}`)).status).toBe(404);
    expect((await officer.get(`/api/console/tickets/${mine.code}/attachments/${other.id}`)).status).toBe(404);
  });

  it('keeps the session in an HttpOnly, SameSite=Strict cookie for the API only, and ends it at logout', async () => {
    const raw = await new ConsoleClient(server.url).post('/api/console/login', {
      username: 'act.o',
      password: PASSWORD,
    });
    const setCookie = raw.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/console/);
    expect(raw.headers.get('cache-control')).toBe('no-store');
    // only the token's hash is stored
    const stored = await server.db.consoleSession.findMany({ select: { id: true } });
    expect(stored.some((session) => setCookie.includes(session.id))).toBe(false);
    const officer = await signedIn(server, 'act.o');
    const cookie = officer.cookie;
    expect((await officer.post('/api/console/logout')).status).toBe(200);
    officer.cookie = cookie;
    expect((await officer.get('/api/console/tickets')).status).toBe(401);
  });
});

describe.each(providers)('the console in the whole application on %s', (provider) => {
  it('serves the console and makes the first admin change the one-time password before anything else', async () => {
    const test = await startTestApp(provider);
    try {
      const page = await fetch(new URL('/console/', test.url));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/console/js/app.js');
      const admin = new ConsoleClient(test.url);
      const first = test.app.firstAdmin;
      if (!first) throw new Error('no first admin');
      const login = await admin.post('/api/console/login', { username: first.username, password: first.password });
      expect(login.body.next).toBe('password_change');
      admin.csrfToken = login.body.csrfToken;
      expect((await admin.get('/api/console/tickets')).status).toBe(403);
      const changed = await admin.post('/api/console/password', {
        currentPassword: first.password,
        newPassword: 'a much better password',
      });
      expect(changed.body.next).toBe('totp_enrol');
      expect(test.logs.join('')).not.toContain('a much better password');
      expect((await admin.post('/api/console/tickets/KN-2021-00001/replies', { text: 'x' })).status).toBe(403);
    } finally {
      await test.stop();
    }
  });

  it('throttles sign-in attempts per address: the 31st within a minute answers 429', async () => {
    const test = await startTestApp(provider);
    try {
      const client = new ConsoleClient(test.url);
      const statuses: number[] = [];
      // right passwords of a real account: only the per-minute limit applies, not the wrong-password one
      for (let attempt = 0; attempt < 31; attempt += 1)
        statuses.push(
          (
            await client.post('/api/console/login', {
              username: test.app.firstAdmin?.username,
              password: test.app.firstAdmin?.password,
            })
          ).status,
        );
      expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await test.stop();
    }
  });
});
