// The ticket service on a real SQLite file and a real PostgreSQL: filing, the citizen's view,
// officer actions within their area, delivery to the citizen, and filing that survives crashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/errors.js';
import type { NewTicket } from '../../src/tickets/types.js';
import { reportTicketDelivery } from '../../src/tickets/delivery-report.js';
import {
  CITY,
  createActor,
  createCitizen,
  createTicketWorld,
  TAM_THANH,
  VAN_QUAN_TOWN,
  VINH_TRAI,
  type TicketWorld,
} from './support.js';
import { testProviders } from '../support/databases.js';
import { randomUUID } from 'node:crypto';

const providers = await testProviders();

const identity = { fullName: 'Lường Văn Tuấn', address: 'Khối 5, phường Tam Thanh', phone: '0987654321' };

function newTicket(citizenId: string, overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    intakeKey: randomUUID(),
    citizenId,
    channel: 'telegram',
    locale: 'vi',
    kind: 'complaint',
    category: 'voter_list',
    localityCode: TAM_THANH,
    description: 'Tên tôi không có trong danh sách cử tri niêm yết tại nhà văn hóa khối 5.',
    identity: null,
    attachments: [],
    ...overrides,
  };
}

async function failsWith(promise: Promise<unknown>, kind: DomainError['kind'], code?: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject(code ? { kind, code } : { kind });
}

describe.each(providers)('ticket service on %s', (provider) => {
  let world: TicketWorld;

  beforeAll(async () => {
    world = await createTicketWorld(provider);
  });
  afterAll(async () => {
    await world.close();
  });

  it('files a voter-list complaint with a code, a PIN, the 5-day due date and a received event', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    expect(filed.code).toMatch(/^KN-2021-\d{5}$/);
    expect(filed.pin).toMatch(/^\d{6}$/);
    expect(filed.created).toBe(true);
    expect(filed.afterCutoff).toBe(false);
    expect(filed.dueAt).toEqual(new Date('2021-05-15T23:59:59.999+07:00'));
    const row = await world.database.db.ticket.findUniqueOrThrow({
      where: { code: filed.code },
      include: { events: true },
    });
    expect(row).toMatchObject({
      status: 'received',
      deadlineRule: 'voter_list',
      districtCode: CITY,
      communeCode: TAM_THANH,
      provinceCode: '20',
    });
    expect(row.pinHash).not.toContain(filed.pin);
    expect(row.events.map((event) => event.toStatus)).toEqual(['received']);
  });

  it('finds a ticket by code and PIN only; a wrong PIN and an unknown code look the same', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const pin = filed.pin ?? '';
    const asker = `citizen:${citizen.id}`;
    expect(await world.tickets.findByCodeAndPin(filed.code.toLowerCase(), pin, asker)).toMatchObject({
      code: filed.code,
      status: 'received',
    });
    const wrongPin = pin === '000000' ? '111111' : '000000';
    expect(await world.tickets.findByCodeAndPin(filed.code, wrongPin, asker)).toBeNull();
    expect(await world.tickets.findByCodeAndPin('KN-2021-99999', pin, asker)).toBeNull();
    expect(await world.tickets.findByCodeAndPin('not a code', pin, asker)).toBeNull();
  });

  it('answers the right PIN after 9 wrong ones for a code and stops after the 10th, until the hour is over, even on another instance, while the owner still finds it', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const pin = filed.pin ?? '';
    // wrong PINs of the right format (six digits), each different: each one reaches the comparison
    const wrong = (attempt: number) => String((Number(pin) + attempt) % 1_000_000).padStart(6, '0');
    const stranger = 'address:203.0.113.9';
    for (let attempt = 1; attempt <= 9; attempt += 1)
      expect(await world.tickets.findByCodeAndPin(filed.code, wrong(attempt), stranger)).toBeNull();
    // nine wrong: the right PIN is still answered
    expect(await world.tickets.findByCodeAndPin(filed.code, pin, stranger)).toMatchObject({ code: filed.code });
    expect(await world.tickets.findByCodeAndPin(filed.code, wrong(10), stranger)).toBeNull();
    // ten wrong: the right PIN gets nothing
    expect(await world.tickets.findByCodeAndPin(filed.code, pin, stranger)).toBeNull();
    // the lock is in the database: a second instance refuses the stranger too
    expect(await world.otherInstance().findByCodeAndPin(filed.code, pin, stranger)).toBeNull();
    // the stranger blocked himself only: the owner, from his own phone, is answered
    expect(await world.otherInstance().findByCodeAndPin(filed.code, pin, `citizen:${citizen.id}`)).toMatchObject({
      code: filed.code,
    });
    try {
      // the wrong PINs were counted in the hour from 09:00: refused to its last second, answered from 10:00
      world.clock.current = new Date('2021-05-10T09:59:59+07:00');
      expect(await world.tickets.findByCodeAndPin(filed.code, pin, stranger)).toBeNull();
      world.clock.current = new Date('2021-05-10T10:00:00+07:00');
      expect(await world.tickets.findByCodeAndPin(filed.code, pin, stranger)).toMatchObject({ code: filed.code });
    } finally {
      world.clock.current = new Date('2021-05-10T09:00:00+07:00');
    }
  });

  it('answers a requester who spread 19 wrong PINs over many codes and stops after the 20th within an hour', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const guesser = 'address:203.0.113.10';
    const guess = (code: number) =>
      world.tickets.findByCodeAndPin(`KN-2021-${String(50_000 + code)}`, '123456', guesser);
    for (let code = 1; code <= 19; code += 1) expect(await guess(code)).toBeNull();
    // nineteen wrong: the guesser's own right code and PIN are still answered
    expect(await world.tickets.findByCodeAndPin(filed.code, filed.pin ?? '', guesser)).toMatchObject({
      code: filed.code,
    });
    expect(await guess(20)).toBeNull();
    // twenty wrong: nothing more, for any code
    expect(await world.tickets.findByCodeAndPin(filed.code, filed.pin ?? '', guesser)).toBeNull();
    expect(await world.tickets.findByCodeAndPin(filed.code, filed.pin ?? '', 'address:203.0.113.11')).toMatchObject({
      code: filed.code,
    });
  });

  it('speaks to the citizen in the language they use now, not the one they filed in', async () => {
    const citizen = await createCitizen(world, 'vi');
    const filed = await world.tickets.file(newTicket(citizen.id));
    await world.database.db.citizen.update({ where: { id: citizen.id }, data: { locale: 'en' } });
    const officer = await createActor(world, 'officer', CITY);
    world.notifier.sent.length = 0;
    await world.tickets.changeStatus(officer, filed.code, 'acknowledged');
    expect(world.notifier.sent[0]?.replies[0]?.text).toBe(`Ticket ${filed.code}: the status is now “Acknowledged”.`);
  });

  it('records a candidate complaint after the cut-off, marked for the new-term body', async () => {
    const citizen = await createCitizen(world);
    world.clock.current = new Date('2021-05-13T00:00:00+07:00');
    try {
      const filed = await world.tickets.file(newTicket(citizen.id, { category: 'candidate' }));
      expect(filed.afterCutoff).toBe(true);
      expect(await world.database.db.ticket.count({ where: { code: filed.code, afterCutoff: true } })).toBe(1);
    } finally {
      world.clock.current = new Date('2021-05-10T09:00:00+07:00');
    }
  });

  it.each([
    ['an empty description', { description: '   ' }, 'ticket.description_empty'],
    ['10 000 characters', { description: 'a'.repeat(10_000) }, 'ticket.description_too_long'],
    ['only emoji', { description: '😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡' }, 'ticket.description_no_words'],
    [
      'a 30 MB file',
      { attachments: [{ platformFileId: 'f1', size: 30 * 1024 * 1024 }] },
      'ticket.attachment_too_large',
    ],
    [
      '11 files',
      { attachments: Array.from({ length: 11 }, (_, i) => ({ platformFileId: `f${i}` })) },
      'ticket.too_many_attachments',
    ],
    [
      'an unsigned denunciation',
      { kind: 'denunciation' as const, category: 'campaigning' as const },
      'ticket.identity_required',
    ],
    ['an unknown locality', { localityCode: '99999' }, 'ticket.unknown_locality'],
  ])('refuses %s and stores nothing', async (_name, overrides, code) => {
    const citizen = await createCitizen(world);
    const error = await world.tickets.file(newTicket(citizen.id, overrides)).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code });
    expect(await world.database.db.ticket.count({ where: { citizenId: citizen.id } })).toBe(0);
  });

  it('stores a <script> description verbatim (escaping is the renderer’s job)', async () => {
    const citizen = await createCitizen(world);
    const description = '<script>alert("x")</script> có người phát tiền ở điểm bỏ phiếu số 3';
    const filed = await world.tickets.file(
      newTicket(citizen.id, { kind: 'petition', category: 'polling', description }),
    );
    expect((await world.database.db.ticket.findUniqueOrThrow({ where: { code: filed.code } })).description).toBe(
      description,
    );
  });

  it('files once when the same intake is confirmed twice, in a row or at once', async () => {
    const citizen = await createCitizen(world);
    const input = newTicket(citizen.id);
    const first = await world.tickets.file(input);
    const again = await world.tickets.file(input);
    expect(again).toMatchObject({ code: first.code, created: false, pin: null });
    const parallel = newTicket(citizen.id);
    const both = await Promise.all([world.tickets.file(parallel), world.tickets.file(parallel)]);
    expect(new Set(both.map((filed) => filed.code)).size).toBe(1);
    expect(
      await world.database.db.ticket.count({ where: { intakeKey: { in: [input.intakeKey, parallel.intakeKey] } } }),
    ).toBe(2);
  });

  it('leaves no half ticket when saving fails after the first insert, and the retry files exactly one', async () => {
    const { db } = world.database;
    // The database refuses attachments, i.e. fails mid-transaction after the ticket row was written.
    if (provider === 'sqlite') {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER fail_attachments BEFORE INSERT ON "Attachment" BEGIN SELECT RAISE(ABORT, 'disk gone'); END`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION fail_attachments() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$ LANGUAGE plpgsql`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER fail_attachments BEFORE INSERT ON "Attachment" FOR EACH ROW EXECUTE FUNCTION fail_attachments()`,
      );
    }
    const citizen = await createCitizen(world);
    const input = newTicket(citizen.id, {
      kind: 'denunciation',
      category: 'campaigning',
      identity,
      attachments: [{ platformFileId: 'photo-1', mimeType: 'image/jpeg', size: 200_000 }],
    });
    const countersBefore = await db.ticketCounter.findMany();
    await expect(world.tickets.file(input)).rejects.toThrow();
    expect(await db.ticket.count({ where: { intakeKey: input.intakeKey } })).toBe(0);
    expect(await db.ticketEvent.count({ where: { ticket: { intakeKey: input.intakeKey } } })).toBe(0);
    expect(await db.ticketCounter.findMany()).toEqual(countersBefore);

    await db.$executeRawUnsafe(
      provider === 'sqlite' ? 'DROP TRIGGER fail_attachments' : 'DROP TRIGGER fail_attachments ON "Attachment"',
    );
    const retried = await world.tickets.file(input);
    const again = await world.tickets.file(input);
    expect(retried.created).toBe(true);
    expect(again).toMatchObject({ code: retried.code, created: false });
    expect(await db.ticket.count({ where: { intakeKey: input.intakeKey } })).toBe(1);
    expect(await db.attachment.count({ where: { ticket: { intakeKey: input.intakeKey } } })).toBe(1);
  });

  it('caps new tickets per citizen per day with a clear refusal', async () => {
    const capped = await createTicketWorld(provider, { limits: { ticketsPerCitizenPerDay: 2 } });
    try {
      const citizen = await createCitizen(capped);
      await capped.tickets.file(newTicket(citizen.id));
      await capped.tickets.file(newTicket(citizen.id));
      await failsWith(capped.tickets.file(newTicket(citizen.id)), 'rate_limited', 'ticket.daily_limit');
      capped.clock.current = new Date('2021-05-11T08:00:00+07:00');
      await expect(capped.tickets.file(newTicket(citizen.id))).resolves.toMatchObject({ created: true });
    } finally {
      await capped.close();
    }
  });

  it('lets only the filer add information, and only while the ticket is open', async () => {
    const citizen = await createCitizen(world);
    const stranger = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    await world.tickets.addCitizenMessage(filed.code, citizen.id, 'Tôi bổ sung ảnh chụp bảng niêm yết.', [
      { platformFileId: 'p2', size: 1000 },
    ]);
    await failsWith(world.tickets.addCitizenMessage(filed.code, stranger.id, 'Tôi cũng muốn thêm.', []), 'not_found');
    const officer = await createActor(world, 'officer', CITY);
    await world.tickets.changeStatus(officer, filed.code, 'resolved');
    await failsWith(
      world.tickets.addCitizenMessage(filed.code, citizen.id, 'Còn một việc nữa.', []),
      'conflict',
      'ticket.closed',
    );
    const events = await world.database.db.ticketEvent.findMany({
      where: { ticket: { code: filed.code }, type: 'citizen_message' },
      include: { attachments: true },
    });
    expect(events.map((event) => [event.text, event.attachments.length])).toEqual([
      ['Tôi bổ sung ảnh chụp bảng niêm yết.', 1],
    ]);
    expect((await world.tickets.listForCitizen(citizen.id)).map((ticket) => [ticket.code, ticket.status])).toEqual([
      [filed.code, 'resolved'],
    ]);
  });

  it('pushes status changes and replies to the citizen in their language; internal notes stay internal', async () => {
    const citizen = await createCitizen(world, 'en');
    const filed = await world.tickets.file(newTicket(citizen.id, { locale: 'en' }));
    const officer = await createActor(world, 'officer', TAM_THANH);
    world.notifier.sent.length = 0;
    await world.tickets.changeStatus(officer, filed.code, 'acknowledged');
    const reply = await world.tickets.reply(officer, filed.code, 'We are checking the list with the commune.');
    await world.tickets.addNote(officer, filed.code, 'Called the commune office, waiting.');
    await world.tickets.changeStatus(officer, filed.code, 'rejected', 'Your name is on page 4 of the list.');
    const texts = world.notifier.sent.map((sent) =>
      sent.citizenId === citizen.id ? sent.replies.map((r) => r.text).join('\n') : '',
    );
    expect(texts).toEqual([
      `Ticket ${filed.code}: the status is now “Acknowledged”.`,
      `An officer replied on ticket ${filed.code}:\nWe are checking the list with the commune.`,
      `Ticket ${filed.code}: the status is now “Not accepted”.\nReason: Your name is on page 4 of the list.`,
    ]);
    expect(texts.join()).not.toContain('Called the commune');
    expect(reply.delivery).toBe('queued');
    expect(world.notifier.sent.map((sent) => sent.origin?.kind)).toEqual(['ticketEvent', 'ticketEvent', 'ticketEvent']);
    expect(world.notifier.sends).toBeGreaterThanOrEqual(3);
    const row = await world.database.db.ticket.findUniqueOrThrow({
      where: { code: filed.code },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(row.firstReplyAt).not.toBeNull();
    expect(row.statusReason).toBe('Your name is on page 4 of the list.');
    expect(
      row.events.map((event) => [event.type, event.officerId === officer.officerId, event.deliveryStatus]),
    ).toEqual([
      ['status_change', false, null],
      ['status_change', true, 'queued'],
      ['officer_reply', true, 'queued'],
      ['internal_note', true, null],
      ['status_change', true, 'queued'],
    ]);
  });

  it("records an unreachable citizen, queues the notice again on retry, and takes the outbox's report", async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const officer = await createActor(world, 'officer', CITY);
    world.notifier.state = 'unreachable';
    const reply = await world.tickets.reply(officer, filed.code, 'Chúng tôi đã nhận và đang xác minh.');
    expect(reply.delivery).toBe('unreachable');
    expect(await world.database.db.ticketEvent.findUniqueOrThrow({ where: { id: reply.eventId } })).toMatchObject({
      deliveryStatus: 'unreachable',
      deliveryError: 'the citizen blocked the bot',
    });
    world.notifier.state = 'queued';
    expect(await world.tickets.retryDelivery(officer, filed.code, reply.eventId)).toEqual({ delivery: 'queued' });
    // a notice on its way is not written twice
    expect(await world.tickets.retryDelivery(officer, filed.code, reply.eventId)).toEqual({ delivery: 'queued' });
    expect(world.notifier.sent.filter((sent) => sent.origin?.id === String(reply.eventId))).toHaveLength(1);
    const report = reportTicketDelivery(world.database.db);
    await report(String(reply.eventId), { status: 'retrying', error: '502: Bad Gateway' });
    expect(await world.database.db.ticketEvent.findUniqueOrThrow({ where: { id: reply.eventId } })).toMatchObject({
      deliveryStatus: 'retrying',
      deliveryError: '502: Bad Gateway',
    });
    await report(String(reply.eventId), { status: 'sent' });
    expect(await world.tickets.retryDelivery(officer, filed.code, reply.eventId)).toEqual({ delivery: 'sent' });
    expect(await world.database.db.ticketEvent.findUniqueOrThrow({ where: { id: reply.eventId } })).toMatchObject({
      deliveryStatus: 'sent',
      deliveryError: null,
    });
  });

  it('enforces transitions and reasons', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const officer = await createActor(world, 'officer', null);
    await failsWith(world.tickets.changeStatus(officer, filed.code, 'forwarded'), 'invalid', 'ticket.reason_required');
    await failsWith(
      world.tickets.changeStatus(officer, filed.code, 'rejected', '  '),
      'invalid',
      'ticket.reason_required',
    );
    await world.tickets.changeStatus(officer, filed.code, 'in_progress');
    await failsWith(
      world.tickets.changeStatus(officer, filed.code, 'acknowledged'),
      'conflict',
      'ticket.bad_transition',
    );
    await world.tickets.changeStatus(officer, filed.code, 'forwarded', 'Thuộc thẩm quyền Ủy ban bầu cử tỉnh.');
    await world.tickets.changeStatus(officer, filed.code, 'closed');
    await failsWith(
      world.tickets.changeStatus(officer, filed.code, 'in_progress'),
      'conflict',
      'ticket.bad_transition',
    );
  });

  it('hides tickets outside the officer’s area and lets no viewer change anything', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const otherCommune = await createActor(world, 'officer', VINH_TRAI);
    const otherDistrict = await createActor(world, 'supervisor', '184');
    const viewer = await createActor(world, 'viewer', CITY);
    await failsWith(world.tickets.changeStatus(otherCommune, filed.code, 'acknowledged'), 'not_found');
    await failsWith(world.tickets.reply(otherCommune, filed.code, 'Xin chào'), 'not_found');
    await failsWith(
      world.tickets.revealIdentity(otherDistrict, filed.code, 'cần liên hệ người khiếu nại'),
      'not_found',
    );
    await failsWith(world.tickets.addNote(viewer, filed.code, 'ghi chú'), 'forbidden');
    await failsWith(world.tickets.changeStatus(viewer, filed.code, 'acknowledged'), 'forbidden');
    await failsWith(world.tickets.reply(viewer, 'KN-2021-99999', 'x'), 'not_found');
    expect(await world.database.db.ticketEvent.count({ where: { ticket: { code: filed.code } } })).toBe(1);
  });

  it('assigns only to an officer whose area covers the ticket', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const lead = await createActor(world, 'supervisor', CITY);
    const local = await createActor(world, 'officer', TAM_THANH);
    const elsewhere = await createActor(world, 'officer', VAN_QUAN_TOWN);
    await failsWith(world.tickets.assign(lead, filed.code, elsewhere.officerId), 'invalid', 'ticket.bad_assignee');
    await world.tickets.assign(lead, filed.code, local.officerId);
    expect((await world.database.db.ticket.findUniqueOrThrow({ where: { code: filed.code } })).assigneeId).toBe(
      local.officerId,
    );
  });

  it('audits every officer action on a ticket — reply, note, status, assignment — in an intact chain', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(newTicket(citizen.id));
    const lead = await createActor(world, 'supervisor', CITY);
    await world.tickets.reply(lead, filed.code, 'Chúng tôi đã nhận phản ánh của bạn.');
    await world.tickets.addNote(lead, filed.code, 'Kiểm tra danh sách cử tri tổ 3.');
    await world.tickets.changeStatus(lead, filed.code, 'in_progress');
    await world.tickets.assign(lead, filed.code, lead.officerId);
    const entries = await world.database.db.auditLog.findMany({
      where: { targetId: filed.code },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((entry) => [entry.action, entry.officerId])).toEqual([
      ['ticket.reply', lead.officerId],
      ['ticket.note', lead.officerId],
      ['ticket.status', lead.officerId],
      ['ticket.assign', lead.officerId],
    ]);
    expect((await world.audit.walk()).brokenAt).toBeNull();
  });

  it('reveals a denouncer’s identity only to a supervisor giving a reason, and audits it', async () => {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file(
      newTicket(citizen.id, { kind: 'denunciation', category: 'campaigning', identity }),
    );
    const officer = await createActor(world, 'officer', CITY);
    const supervisor = await createActor(world, 'supervisor', CITY);
    await failsWith(world.tickets.revealIdentity(officer, filed.code, 'muốn biết'), 'forbidden');
    await failsWith(world.tickets.revealIdentity(supervisor, filed.code, ' '), 'invalid', 'ticket.reason_required');
    expect(await world.tickets.revealIdentity(supervisor, filed.code, 'Cần mời người tố cáo đến làm việc')).toEqual(
      identity,
    );
    const audit = await world.database.db.auditLog.findMany({
      where: { action: 'ticket.identity_reveal', targetId: filed.code },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toContain('Cần mời người tố cáo');
    expect(audit[0]?.detail).not.toContain(identity.fullName);
    expect((await world.audit.walk()).brokenAt).toBeNull();
    expect(world.logs.join('')).not.toContain(identity.fullName);
  });

  if (provider === 'postgresql') {
    it('gives 20 filings at once 20 distinct, consecutive codes', async () => {
      const citizens = await Promise.all(Array.from({ length: 20 }, () => createCitizen(world)));
      const filed = await Promise.all(
        citizens.map((citizen) => world.tickets.file(newTicket(citizen.id, { kind: 'petition', category: 'other' }))),
      );
      const sequences = filed.map((ticket) => Number(ticket.code.slice(-5))).sort((a, b) => a - b);
      const first = sequences[0] ?? 0;
      expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => first + i));
    });
  }
});
