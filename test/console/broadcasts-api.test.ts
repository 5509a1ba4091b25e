// The broadcast endpoints of the console API on both databases: who may write, approve and act,
// the CSRF token, the officer's area as the limit of an audience, approval by a second person,
// the estimate, the election calendar and the default reminder plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import {
  addOfficer,
  COMMUNE_A,
  COMMUNE_B,
  DISTRICT_CITY,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from './console-harness.js';

const providers = await testProviders();

const draft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Nhắc lịch bầu cử',
  textVi: 'Chủ nhật này là ngày bầu cử. Mời bà con đi bầu.',
  textEn: 'This Sunday is election day. Please come and vote.',
  ...overrides,
});

describe.each(providers)('the broadcast console API on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
    await addOfficer(server.db, 'bc.officer', 'officer', null);
    await addOfficer(server.db, 'bc.commune', 'officer', COMMUNE_A);
    await addOfficer(server.db, 'bc.viewer', 'viewer', null);
    await addOfficer(server.db, 'bc.super1', 'supervisor', null);
    await addOfficer(server.db, 'bc.super2', 'supervisor', null);
    await addOfficer(server.db, 'bc.admin', 'admin', null);
    await server.db.citizen.createMany({
      data: [
        ...Array.from({ length: 4 }, (_, index) => ({
          channel: 'web',
          platformUserId: `a-${index}`,
          chatId: `a-${index}`,
          localityCode: COMMUNE_A,
          subscribed: true,
        })),
        ...Array.from({ length: 3 }, (_, index) => ({
          channel: 'telegram',
          platformUserId: `b-${index}`,
          chatId: `b-${index}`,
          localityCode: COMMUNE_B,
          subscribed: true,
        })),
        { channel: 'web', platformUserId: 'gone', chatId: 'gone', localityCode: COMMUNE_A, subscribed: false },
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lets an officer write and submit a broadcast but not approve it, and keeps a viewer out entirely', async () => {
    const officer = await signedIn(server, 'bc.officer');
    const created = await officer.post('/api/console/broadcasts', draft());
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('draft');
    expect((await officer.post(`/api/console/broadcasts/${created.body.id}/submit`)).body.status).toBe(
      'pending_approval',
    );
    expect((await officer.post(`/api/console/broadcasts/${created.body.id}/approve`)).status).toBe(403);
    expect((await officer.post(`/api/console/broadcasts/${created.body.id}/cancel`)).status).toBe(403);

    const viewer = await signedIn(server, 'bc.viewer');
    expect((await viewer.get('/api/console/broadcasts')).status).toBe(403);
    expect((await viewer.post('/api/console/broadcasts', draft())).status).toBe(403);
    expect((await server.db.broadcast.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe(
      'pending_approval',
    );
  });

  it('refuses a broadcast without the CSRF token and stores nothing', async () => {
    const officer = await signedIn(server, 'bc.officer');
    const before = await server.db.broadcast.count();
    expect(
      (await officer.post('/api/console/broadcasts', draft({ title: 'không có token' }), { csrf: false })).status,
    ).toBe(403);
    expect(await server.db.broadcast.count()).toBe(before);
  });

  it('refuses self-approval with a clear code, and sends once another supervisor approves', async () => {
    const author = await signedIn(server, 'bc.super1');
    const created = await author.post('/api/console/broadcasts', draft({ urgent: true }));
    await author.post(`/api/console/broadcasts/${created.body.id}/submit`);
    const self = await author.post(`/api/console/broadcasts/${created.body.id}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error).toBe('broadcast.self_approval');
    expect(await server.db.delivery.count({ where: { broadcastId: created.body.id } })).toBe(0);

    const second = await signedIn(server, 'bc.super2');
    const approved = await second.post(`/api/console/broadcasts/${created.body.id}/approve`);
    expect(approved.status).toBe(200);
    // "send now": the approval starts it at once (urgent, so quiet hours do not hold it)
    const read = await second.get(`/api/console/broadcasts/${created.body.id}`);
    expect(read.body.broadcast.status).toBe('sending');
    expect(read.body.broadcast.author).toBe('Cán bộ bc.super1');
    expect(read.body.broadcast.approver).toBe('Cán bộ bc.super2');
    expect(read.body.progress).toMatchObject({ total: 7, pending: 7, percent: 0 });
    expect((await second.get(`/api/console/broadcasts/${created.body.id}/progress`)).body.total).toBe(7);

    expect((await second.post(`/api/console/broadcasts/${created.body.id}/pause`)).body.status).toBe('paused');
    expect((await second.post(`/api/console/broadcasts/${created.body.id}/resume`)).body.status).toBe('sending');
    expect((await second.post(`/api/console/broadcasts/${created.body.id}/cancel`)).body.status).toBe('cancelled');
    expect((await second.get(`/api/console/broadcasts/${created.body.id}/progress`)).body).toMatchObject({
      skipped: 7,
      percent: 100,
    });
  });

  it('sends a rejected broadcast back to its author as a draft that can be edited', async () => {
    const officer = await signedIn(server, 'bc.officer');
    const created = await officer.post('/api/console/broadcasts', draft());
    await officer.post(`/api/console/broadcasts/${created.body.id}/submit`);
    const supervisor = await signedIn(server, 'bc.super1');
    expect((await supervisor.post(`/api/console/broadcasts/${created.body.id}/reject`)).body.status).toBe('draft');
    const edited = await officer.request(
      'PUT',
      `/api/console/broadcasts/${created.body.id}`,
      draft({ textEn: 'Polls open at 7:00.', audienceChannel: 'web' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', textEn: 'Polls open at 7:00.', audienceChannel: 'web' });
  });

  it('keeps a commune officer’s audience inside the commune', async () => {
    const commune = await signedIn(server, 'bc.commune');
    const everyone = await commune.post('/api/console/broadcasts', draft());
    expect(everyone.status).toBe(403);
    expect(everyone.body.error).toBe('broadcast.out_of_scope');
    expect((await commune.post('/api/console/broadcasts', draft({ audienceLocality: COMMUNE_B }))).status).toBe(403);
    expect((await commune.post('/api/console/broadcasts', draft({ audienceLocality: DISTRICT_CITY }))).status).toBe(
      403,
    );
    expect((await commune.get(`/api/console/broadcasts/estimate?locality=${COMMUNE_B}`)).status).toBe(403);

    const estimate = await commune.get(`/api/console/broadcasts/estimate?locality=${COMMUNE_A}`);
    expect(estimate.body).toMatchObject({ recipients: 4, byChannel: { web: 4, telegram: 0, zalo: 0 } });
    const mine = await commune.post('/api/console/broadcasts', draft({ audienceLocality: COMMUNE_A }));
    expect(mine.status).toBe(200);

    // province-wide broadcasts are neither listed nor readable for the commune officer
    const listed = (await commune.get('/api/console/broadcasts')).body.broadcasts.map(
      (broadcast: { audienceLocality: string | null }) => broadcast.audienceLocality,
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((code: string | null) => code === COMMUNE_A)).toBe(true);
    const provinceWide = await server.db.broadcast.findFirstOrThrow({ where: { audienceLocality: null } });
    expect((await commune.get(`/api/console/broadcasts/${provinceWide.id}`)).status).toBe(404);
    expect((await commune.post(`/api/console/broadcasts/${provinceWide.id}/submit`)).status).toBe(404);
  });

  it('estimates recipients and duration at the configured rates', async () => {
    const officer = await signedIn(server, 'bc.officer');
    const all = await officer.get('/api/console/broadcasts/estimate');
    // 3 Telegram subscribers at the default 25 per second: under one second
    expect(all.body).toMatchObject({ recipients: 7, byChannel: { web: 4, telegram: 3, zalo: 0 }, seconds: 1 });
    expect((await officer.get('/api/console/broadcasts/estimate?channel=telegram')).body.recipients).toBe(3);
    expect((await officer.get('/api/console/broadcasts/estimate?locality=99999')).status).toBe(400);
  });

  it('shows everyone the election calendar and lets only an admin change it', async () => {
    const officer = await signedIn(server, 'bc.officer');
    const calendar = await officer.get('/api/console/broadcasts/calendar');
    expect(calendar.body).toMatchObject({
      editable: false,
      calendar: { electionDay: '2021-05-23', pollingHours: { open: '07:00', close: '19:00' } },
    });
    expect(
      (await officer.request('PUT', '/api/console/broadcasts/calendar', { electionDay: '2021-05-30' })).status,
    ).toBe(403);

    const admin = await signedIn(server, 'bc.admin');
    expect((await admin.get('/api/console/broadcasts/calendar')).body.editable).toBe(true);
    expect((await admin.request('PUT', '/api/console/broadcasts/calendar', { electionDay: '30/05/2021' })).status).toBe(
      400,
    );
    expect((await admin.request('PUT', '/api/console/broadcasts/calendar', { electionDay: '2021-05-30' })).status).toBe(
      200,
    );
    expect((await officer.get('/api/console/broadcasts/calendar')).body.calendar.electionDay).toBe('2021-05-30');
  });

  it('drafts the default reminder plan once, for an admin to edit and approve', async () => {
    const officer = await signedIn(server, 'bc.officer');
    expect((await officer.post('/api/console/broadcasts/reminder-plan')).status).toBe(403);
    const admin = await signedIn(server, 'bc.admin');
    const first = await admin.post('/api/console/broadcasts/reminder-plan');
    expect(first.status).toBe(200);
    expect(first.body.created.length).toBeGreaterThan(3);
    expect((await admin.post('/api/console/broadcasts/reminder-plan')).body).toEqual({
      created: [],
      existing: first.body.created,
    });
    const reminders = await server.db.broadcast.findMany({ where: { reminderKey: { not: null } } });
    expect(
      reminders.every(
        (reminder) => reminder.status === 'draft' && reminder.textVi.length > 0 && reminder.textEn.length > 0,
      ),
    ).toBe(true);
  });
});
