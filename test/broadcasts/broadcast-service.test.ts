// Composing, approving and scheduling broadcasts, and the election reminder plan, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { DomainError } from '../../src/lib/errors.js';
import { loadElectionConfig } from '../../src/config/election.js';
import { createTranslator } from '../../src/i18n.js';
import { systemClock } from '../../src/lib/clock.js';
import { createBroadcastScheduler } from '../../src/broadcasts/scheduler.js';
import { generateReminderPlan, saveElectionCalendar } from '../../src/broadcasts/reminder-plan.js';
import { approvedBroadcast, seedCitizens, setUpBroadcastDb, silentLogger, type BroadcastFixture } from './fixtures.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();
const election = loadElectionConfig('config/elections/lang-son-2021.json');
const zone = election.timeZone;
const localAt = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
/** 10:00 local: outside quiet hours */
const daytime = localAt('2021-05-20T10:00');

describe.each(providers)('broadcasts on %s', (provider) => {
  let f: BroadcastFixture;
  const scheduler = () =>
    createBroadcastScheduler({ db: f.db, clock: systemClock, logger: silentLogger, timeZone: zone });

  beforeAll(async () => {
    f = await setUpBroadcastDb(provider);
    // Văn Quan district (20 — province; districts and communes below it)
    const district = await f.db.locality.findFirstOrThrow({
      where: { level: 'district' },
      include: { children: { take: 1 } },
    });
    const commune = district.children[0]?.code ?? null;
    await seedCitizens(f.db, 3, 'district', { localityCode: commune });
    await seedCitizens(f.db, 2, 'elsewhere', { localityCode: null });
    await seedCitizens(f.db, 2, 'zalo', { channel: 'zalo' });
    await seedCitizens(f.db, 1, 'stopped', { subscribed: false });
    districtCode = district.code;
  });
  afterAll(async () => f.close());
  let districtCode = '';

  it('refuses self-approval and approval by an officer or a viewer, and accepts a second supervisor', async () => {
    const draft = await f.service.createDraft(f.supervisor, { title: 'Họp tổ', textVi: 'Nội dung', textEn: 'Content' });
    await f.service.submitForApproval(f.supervisor, draft.id);
    await expect(f.service.approve(f.supervisor, draft.id)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'broadcast.self_approval',
    });
    await expect(f.service.approve(f.officer, draft.id)).rejects.toBeInstanceOf(DomainError);
    await expect(f.service.approve(f.viewer, draft.id)).rejects.toMatchObject({ kind: 'forbidden' });
    const approved = await f.service.approve(f.secondSupervisor, draft.id);
    expect(approved).toMatchObject({ status: 'approved', approvedById: f.secondSupervisor.officerId });
    const actions = await f.db.auditLog.findMany({ where: { targetId: draft.id }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['broadcast.create', 'broadcast.submit', 'broadcast.approve']);
  });

  it('rejects an empty text and an unknown locality with a clear error', async () => {
    await expect(f.service.createDraft(f.officer, { title: 'x', textVi: '', textEn: 'y' })).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(
      f.service.createDraft(f.officer, { title: 'x', textVi: 'y', textEn: 'y', audienceLocality: 'nowhere' }),
    ).rejects.toMatchObject({ code: 'broadcast.unknown_locality' });
    await expect(f.service.createDraft(f.viewer, { title: 'x', textVi: 'y', textEn: 'y' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('editing one field keeps the others (audience, schedule, urgency)', async () => {
    const scheduledAt = new Date('2021-05-22T01:00:00Z');
    const draft = await f.service.createDraft(f.officer, {
      title: 'A',
      textVi: 'B',
      textEn: 'C',
      audienceChannel: 'zalo',
      scheduledAt,
      urgent: true,
    });
    const edited = await f.service.updateDraft(f.officer, draft.id, { title: 'A2' });
    expect(edited).toMatchObject({ title: 'A2', audienceChannel: 'zalo', urgent: true });
    expect(new Date(edited.scheduledAt ?? 0).toISOString()).toBe(scheduledAt.toISOString());
  });

  it('editing a submitted broadcast sends it back to draft', async () => {
    const draft = await f.service.createDraft(f.officer, { title: 'A', textVi: 'B', textEn: 'C' });
    await f.service.submitForApproval(f.officer, draft.id);
    const edited = await f.service.updateDraft(f.officer, draft.id, { textVi: 'Nội dung mới' });
    expect(edited).toMatchObject({ status: 'draft', textVi: 'Nội dung mới', title: 'A' });
  });

  it('estimates recipients by locality subtree and channel, and the duration at the configured rates', async () => {
    expect(await f.service.estimate({ localityCode: districtCode, channel: null })).toMatchObject({ recipients: 3 });
    const all = await f.service.estimate({ localityCode: null, channel: null });
    expect(all).toMatchObject({ recipients: 7, byChannel: { telegram: 5, zalo: 2, web: 0 } });
    expect(all.seconds).toBeGreaterThanOrEqual(1);
    expect(await f.service.estimate({ localityCode: null, channel: 'zalo' })).toMatchObject({ recipients: 2 });
  });

  it('materialises a due approved broadcast exactly once, to its audience only, and never an unapproved one', async () => {
    const approved = await approvedBroadcast(f, { audienceLocality: districtCode });
    const unapproved = await f.service.createDraft(f.officer, { title: 'Chưa duyệt', textVi: 'a', textEn: 'b' });
    await f.service.submitForApproval(f.officer, unapproved.id);
    const later = await approvedBroadcast(f, { scheduledAt: localAt('2021-05-21T10:00') });

    const first = await scheduler().tick(daytime);
    const second = await scheduler().tick(daytime);
    expect(first.materialized).toEqual(expect.arrayContaining([{ broadcastId: approved, deliveries: 3 }]));
    expect(second.materialized.map((m) => m.broadcastId)).not.toContain(approved);
    expect(await f.db.delivery.count({ where: { broadcastId: approved } })).toBe(3);
    expect(await f.db.delivery.count({ where: { broadcastId: unapproved.id } })).toBe(0);
    expect(await f.db.delivery.count({ where: { broadcastId: later } })).toBe(0);
    expect((await f.service.get(approved)).status).toBe('sending');
    expect(await f.service.progress(approved)).toMatchObject({ pending: 3, sent: 0, total: 3, percent: 0 });
    await f.service.cancel(f.admin, later);
  });

  it('quiet hours hold a scheduled non-urgent broadcast but not an urgent one', async () => {
    const night = localAt('2021-05-20T22:30');
    const calm = await approvedBroadcast(f, { scheduledAt: localAt('2021-05-20T22:00') });
    const urgent = await approvedBroadcast(f, { scheduledAt: localAt('2021-05-20T22:00'), urgent: true });
    const result = await scheduler().tick(night);
    expect(result.held).toContain(calm);
    expect(result.materialized.map((m) => m.broadcastId)).toContain(urgent);
    expect((await f.service.get(calm)).status).toBe('approved');
    const morning = await scheduler().tick(localAt('2021-05-21T06:05'));
    expect(morning.materialized.map((m) => m.broadcastId)).toContain(calm);
  });

  it('pause holds, resume continues, cancel skips what is left', async () => {
    const id = await approvedBroadcast(f);
    await f.service.pause(f.supervisor, id);
    expect((await scheduler().tick(daytime)).materialized.map((m) => m.broadcastId)).not.toContain(id);
    await f.service.resume(f.supervisor, id);
    expect((await scheduler().tick(daytime)).materialized.map((m) => m.broadcastId)).toContain(id);
    await f.service.pause(f.supervisor, id);
    expect((await f.service.get(id)).status).toBe('paused');
    await expect(f.service.pause(f.officer, id)).rejects.toMatchObject({ kind: 'forbidden' });
    await f.service.resume(f.supervisor, id);
    expect((await f.service.get(id)).status).toBe('sending');
    await f.service.cancel(f.supervisor, id);
    expect(await f.service.progress(id)).toMatchObject({ pending: 0, skipped: 7, percent: 100 });
    expect((await f.service.get(id)).status).toBe('cancelled');
  });

  it('generates the reminder plan once, in both languages with the election values, each with a stale time', async () => {
    const i18n = createTranslator(election);
    const deps = { db: f.db, audit: f.audit, i18n, election };
    await expect(generateReminderPlan(deps, f.officer)).rejects.toMatchObject({ kind: 'forbidden' });
    const first = await generateReminderPlan(deps, f.admin);
    expect(first.created).toEqual([
      'voterListPosted',
      'correctionLastDays',
      'candidateListsPosted',
      'dayBefore',
      'electionMorning',
      'thankYou',
    ]);
    const again = await generateReminderPlan(deps, f.admin);
    expect(again).toEqual({ created: [], existing: first.created });

    const morning = await f.db.broadcast.findUniqueOrThrow({ where: { reminderKey: 'electionMorning' } });
    expect(morning.status).toBe('draft');
    expect(morning.textVi).toContain('Hôm nay là ngày bầu cử');
    expect(morning.textVi).toContain('07:00');
    expect(morning.staleAt).toEqual(localAt('2021-05-23T12:00'));
    const dayBefore = await f.db.broadcast.findUniqueOrThrow({ where: { reminderKey: 'dayBefore' } });
    expect(dayBefore.textVi).toContain('23/05/2021');
    expect(dayBefore.textEn).toContain('23 May 2021');
    expect(dayBefore.scheduledAt).toEqual(localAt('2021-05-22T09:00'));
    const correction = await f.db.broadcast.findUniqueOrThrow({ where: { reminderKey: 'correctionLastDays' } });
    expect(correction.textVi).toContain('13/05/2021');
  });

  it('an admin edit of the calendar moves the generated reminders; others may not edit it', async () => {
    await expect(
      saveElectionCalendar(f.db, f.audit, f.supervisor, { electionDay: '2021-05-30' }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(saveElectionCalendar(f.db, f.audit, f.admin, { electionDay: '30/05/2021' })).rejects.toMatchObject({
      kind: 'invalid',
    });
    await saveElectionCalendar(f.db, f.audit, f.admin, { electionDay: '2021-05-30' });
    await f.db.broadcast.deleteMany({ where: { reminderKey: { not: null } } });
    await generateReminderPlan({ db: f.db, audit: f.audit, i18n: createTranslator(election), election }, f.admin);
    const morning = await f.db.broadcast.findUniqueOrThrow({ where: { reminderKey: 'electionMorning' } });
    expect(morning.scheduledAt).toEqual(localAt('2021-05-30T06:00'));
    expect(morning.textEn).toContain('Today is election day');
  });
});
