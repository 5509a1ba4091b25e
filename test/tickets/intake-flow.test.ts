// The chat intake and "my tickets", driven step by step like the conversation engine drives
// them, against a real database on every provider.
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createIntakeFlow } from '../../src/tickets/intake-flow.js';
import { createMyTicketsFlow } from '../../src/tickets/my-tickets-flow.js';
import { decryptIdentity } from '../../src/tickets/identity-crypto.js';
import {
  CITY,
  createActor,
  createCitizen,
  createTicketWorld,
  election,
  FlowDriver,
  TAM_THANH,
  type TicketWorld,
} from './support.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();

const NAME = 'Lường Thị Hoa';
const ADDRESS = 'Thôn Khòn Pát, xã Yên Phúc';
const PHONE = '0915 246 813';
const DESCRIPTION =
  'Tối 20/5 tại nhà văn hóa thôn Khòn Pát, một người phát phong bì tiền cho cử tri và dặn bầu cho ông B.';
const PHOTO = {
  kind: 'photo' as const,
  platformFileId: 'AgACAgUAAxkBAAIB-photo',
  mimeType: 'image/jpeg',
  size: 350_000,
};

/** Whether `needle` appears in any text column of any table of the PostgreSQL database. */
async function postgresContains(url: string, needle: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')`,
    );
    for (const { table_name: table, column_name: column } of columns.rows) {
      const found = await client.query(`SELECT 1 FROM "${table}" WHERE "${column}" LIKE $1 LIMIT 1`, [`%${needle}%`]);
      if (found.rowCount) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}

function sqliteFilesContain(file: string, needle: string): boolean {
  return [file, `${file}-wal`]
    .filter(existsSync)
    .some((path) => readFileSync(path).includes(Buffer.from(needle, 'utf8')));
}

describe.each(providers)('chat intake on %s', (provider) => {
  let world: TicketWorld;
  let intake: ReturnType<typeof createIntakeFlow>;
  let myTickets: ReturnType<typeof createMyTicketsFlow>;

  beforeAll(async () => {
    world = await createTicketWorld(provider);
    intake = createIntakeFlow({
      tickets: world.tickets,
      db: world.database.db,
      election,
      encryptionKey: world.encryptionKey,
    });
    myTickets = createMyTicketsFlow({ tickets: world.tickets, election });
  });
  afterAll(async () => {
    await world.close();
  });

  async function walkToConfirm(
    driver: FlowDriver,
    kind: 'complaint' | 'denunciation' | 'petition',
    category: string,
  ): Promise<void> {
    await driver.start();
    await driver.send({ choice: kind });
    await driver.send({ choice: category });
    await driver.send({ choice: `d:${CITY}` });
    await driver.send({ choice: `c:${TAM_THANH}` });
    await driver.send({ text: DESCRIPTION });
    await driver.send({ choice: 'done' });
  }

  it('files a denunciation with a photo: code and PIN shown, identity encrypted, the name nowhere in the database or logs', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start();
    expect(driver.options()).toEqual(['complaint', 'denunciation', 'petition', 'cancel']);
    await driver.send({ choice: 'denunciation' });
    await driver.send({ choice: 'campaigning' });
    expect(driver.options()).toContain(`d:${CITY}`);
    // Typed without diacritics.
    await driver.send({ text: 'tam thanh' });
    expect(driver.options()).toContain(`c:${TAM_THANH}`);
    await driver.send({ choice: `c:${TAM_THANH}` });
    expect(driver.text()).toContain('Ví dụ tốt');
    await driver.send({ text: DESCRIPTION });
    await driver.send({ attachments: [PHOTO] });
    expect(driver.text()).toContain('Tổng cộng: 1 tệp');
    await driver.send({ choice: 'done' });
    expect(driver.text()).toContain('không có họ tên người tố cáo sẽ không được xem xét');
    expect(driver.text()).toContain('giữ bí mật');
    await driver.send({ text: NAME });
    await driver.send({ text: ADDRESS });
    await driver.send({ text: PHONE });
    expect(driver.options()).toEqual(['confirm', 'edit', 'cancel']);
    expect(driver.text()).toContain(DESCRIPTION);
    expect(driver.text()).toContain(`${NAME}, ${PHONE}, ${ADDRESS} (được giữ bí mật)`);
    const step = await driver.send({ choice: 'confirm' });
    expect(step.next).toBe('done');
    const code = /TC-2021-\d{5}/.exec(driver.text())?.[0] ?? '';
    const pin = /\b\d{6}\b/.exec(driver.text().replace(code, ''))?.[0] ?? '';
    expect(code).not.toBe('');
    expect(pin).not.toBe('');
    expect(driver.text()).toContain('09/06/2021');

    const ticket = await world.database.db.ticket.findUniqueOrThrow({
      where: { code },
      include: { attachments: true },
    });
    expect(ticket).toMatchObject({
      kind: 'denunciation',
      category: 'campaigning',
      localityCode: TAM_THANH,
      description: DESCRIPTION,
    });
    expect(ticket.attachments.map((file) => file.platformFileId)).toEqual([PHOTO.platformFileId]);
    expect(ticket.identityEnc).toMatch(/^v1\./);
    expect(decryptIdentity(world.encryptionKey, ticket.identityEnc ?? '', ticket.id)).toEqual({
      fullName: NAME,
      address: ADDRESS,
      phone: PHONE,
    });

    // The probe does find what is stored in plain text (the description), so its "not found" counts.
    if (world.testDb.target.provider === 'sqlite')
      expect(sqliteFilesContain(world.testDb.target.file, DESCRIPTION)).toBe(true);
    else expect(await postgresContains(world.testDb.target.url, DESCRIPTION)).toBe(true);
    for (const secret of [NAME, ADDRESS, PHONE]) {
      if (world.testDb.target.provider === 'sqlite')
        expect(sqliteFilesContain(world.testDb.target.file, secret)).toBe(false);
      else expect(await postgresContains(world.testDb.target.url, secret)).toBe(false);
      expect(world.logs.join('')).not.toContain(secret);
    }
    // The PIN opens the ticket from anywhere, through "my tickets".
    const elsewhere = await createCitizen(world, 'vi', 'web');
    const lookup = new FlowDriver(myTickets, elsewhere, world.clock);
    await lookup.start();
    await lookup.send({ choice: 'lookup' });
    await lookup.send({ text: code.toLowerCase() });
    await lookup.send({ text: pin });
    expect(lookup.text()).toContain(`${code} (Tố cáo): Đã tiếp nhận`);
  });

  it('tells an English citizen about a status change in English', async () => {
    const citizen = await createCitizen(world, 'en');
    const driver = new FlowDriver(intake, citizen, world.clock);
    await walkToConfirm(driver, 'complaint', 'voter_list');
    expect(driver.text()).toContain('Your full name');
    await driver.send({ text: 'Nông Văn Dũng' });
    await driver.send({ text: '0912345678' });
    await driver.send({ choice: 'confirm' });
    const code = /KN-2021-\d{5}/.exec(driver.text())?.[0] ?? '';
    expect(driver.text()).toContain('Expected answer by: 15 May 2021');
    const officer = await createActor(world, 'officer', TAM_THANH);
    world.notifier.sent.length = 0;
    await world.tickets.changeStatus(officer, code, 'in_progress');
    expect(world.notifier.sent).toEqual([
      {
        citizenId: citizen.id,
        replies: [expect.objectContaining({ text: `Ticket ${code}: the status is now “In progress”.` })],
        origin: { kind: 'ticketEvent', id: expect.any(String) },
      },
    ]);
  });

  it.each([
    ['an empty description', { text: '   ' }, 'chưa nhập nội dung'],
    ['10 000 characters', { text: 'x'.repeat(10_000) }, 'tối đa 4000 ký tự'],
    ['only emoji', { text: '🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️🗳️' }, 'không chỉ biểu tượng cảm xúc'],
    ['a too short text', { text: 'gian lận' }, 'ít nhất 20 ký tự'],
  ])('answers %s clearly and keeps asking for the description', async (_name, message, answer) => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start('petition');
    await driver.send({ choice: 'polling' });
    await driver.send({ choice: `d:${CITY}` });
    await driver.send({ choice: `c:${TAM_THANH}` });
    const draftBefore = driver.data;
    await driver.send(message);
    expect(driver.text()).toContain(answer);
    expect(driver.data).toMatchObject({
      awaiting: 'description',
      localityCode: TAM_THANH,
      intakeKey: draftBefore.intakeKey,
    });
  });

  it('keeps a photo sent before the description was written', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start('petition');
    await driver.send({ choice: 'polling' });
    await driver.send({ choice: `d:${CITY}` });
    await driver.send({ choice: `c:${TAM_THANH}` });
    await driver.send({ attachments: [PHOTO] });
    expect(driver.text()).toContain('chưa nhập nội dung');
    await driver.send({ text: DESCRIPTION });
    expect(driver.data).toMatchObject({
      awaiting: 'evidence',
      description: DESCRIPTION,
      attachments: [{ platformFileId: PHOTO.platformFileId }],
    });
  });

  it('keeps a <script> description verbatim', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start('petition');
    await driver.send({ choice: 'other' });
    await driver.send({ choice: `d:${CITY}` });
    await driver.send({ choice: 'whole' });
    const description = '<script>alert(1)</script> loa phát thanh ở điểm bỏ phiếu bị hỏng cả buổi sáng';
    await driver.send({ text: description });
    await driver.send({ choice: 'done' });
    await driver.send({ choice: 'anon' });
    expect(driver.text()).toContain('không ghi tên');
    await driver.send({ choice: 'confirm' });
    const code = /PA-2021-\d{5}/.exec(driver.text())?.[0] ?? '';
    expect(await world.database.db.ticket.findUniqueOrThrow({ where: { code } })).toMatchObject({
      description,
      localityCode: CITY,
      identityEnc: null,
    });
  });

  it('refuses a 30 MB file and keeps the others', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start('petition');
    await driver.send({ choice: 'polling' });
    await driver.send({ choice: `d:${CITY}` });
    await driver.send({ choice: `c:${TAM_THANH}` });
    await driver.send({ text: DESCRIPTION });
    await driver.send({
      attachments: [{ kind: 'document', platformFileId: 'big', fileName: 'video.mp4', size: 30 * 1024 * 1024 }, PHOTO],
    });
    expect(driver.text()).toContain('Tệp quá lớn. Mỗi tệp tối đa 20 MB');
    expect(driver.data).toMatchObject({
      awaiting: 'evidence',
      attachments: [{ platformFileId: PHOTO.platformFileId }],
    });
  });

  it('files one ticket when "confirm" is pressed twice', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await walkToConfirm(driver, 'petition', 'other');
    await driver.send({ choice: 'anon' });
    const atConfirm = driver.data;
    await driver.send({ choice: 'confirm' });
    const code = /PA-2021-\d{5}/.exec(driver.text())?.[0];
    // The second press arrives with the same draft (e.g. redelivered before the state was saved).
    driver.data = atConfirm;
    await driver.send({ choice: 'confirm' });
    expect(driver.text()).toContain(`đã được gửi trước đó, mã phiếu ${code}`);
    expect(await world.database.db.ticket.count({ where: { citizenId: citizen.id } })).toBe(1);
  });

  it('edits a field from the summary and comes back to it', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await walkToConfirm(driver, 'petition', 'other');
    await driver.send({ choice: 'anon' });
    await driver.send({ choice: 'edit' });
    await driver.send({ choice: 'e:description' });
    expect(driver.data).toMatchObject({ awaiting: 'description' });
    await driver.send({ text: 'Điểm bỏ phiếu số 2 mở cửa muộn 30 phút so với giờ niêm yết.' });
    expect(driver.data).toMatchObject({ awaiting: 'confirm' });
    expect(driver.text()).toContain('mở cửa muộn 30 phút');
  });

  it('says honestly that candidate complaints are past the cut-off, and still records them', async () => {
    world.clock.current = new Date('2021-05-15T09:00:00+07:00');
    try {
      const citizen = await createCitizen(world);
      const driver = new FlowDriver(intake, citizen, world.clock);
      await driver.start('complaint');
      await driver.send({ choice: 'candidate' });
      expect(driver.text()).toContain('10 ngày trước ngày bầu cử');
      await driver.send({ choice: `d:${CITY}` });
      await driver.send({ choice: `c:${TAM_THANH}` });
      await driver.send({ text: DESCRIPTION });
      await driver.send({ choice: 'done' });
      await driver.send({ text: 'Hoàng Văn Nam' });
      await driver.send({ text: '0912000111' });
      await driver.send({ choice: 'confirm' });
      expect(driver.text()).toContain('nhiệm kỳ mới');
      const code = /KN-2021-\d{5}/.exec(driver.text())?.[0] ?? '';
      expect(await world.database.db.ticket.findUniqueOrThrow({ where: { code } })).toMatchObject({
        afterCutoff: true,
      });
    } finally {
      world.clock.current = new Date('2021-05-10T09:00:00+07:00');
    }
  });

  it('resumes a draft the next day, and expires one older than the limit with a notice', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await driver.start('petition');
    await driver.send({ choice: 'polling' });
    world.clock.current = new Date('2021-05-10T20:00:00+07:00');
    await driver.send({ choice: `d:${CITY}` });
    expect(driver.data).toMatchObject({ awaiting: 'commune', category: 'polling' });
    world.clock.current = new Date('2021-05-11T10:00:00+07:00');
    await driver.send({ choice: `c:${TAM_THANH}` });
    expect(driver.text()).toContain('đã quá 24 giờ');
    expect(driver.data).toMatchObject({ awaiting: 'kind' });
    expect(driver.data).not.toHaveProperty('category');
    world.clock.current = new Date('2021-05-10T09:00:00+07:00');
  });

  it('cancels without filing anything', async () => {
    const citizen = await createCitizen(world);
    const driver = new FlowDriver(intake, citizen, world.clock);
    await walkToConfirm(driver, 'petition', 'other');
    const step = await driver.send({ choice: 'cancel' });
    expect(step.next).toBe('done');
    expect(await world.database.db.ticket.count({ where: { citizenId: citizen.id } })).toBe(0);
  });

  it('lists my tickets and adds information to an open one', async () => {
    const citizen = await createCitizen(world);
    const intakeDriver = new FlowDriver(intake, citizen, world.clock);
    await walkToConfirm(intakeDriver, 'petition', 'other');
    await intakeDriver.send({ choice: 'anon' });
    await intakeDriver.send({ choice: 'confirm' });
    const code = /PA-2021-\d{5}/.exec(intakeDriver.text())?.[0] ?? '';
    const driver = new FlowDriver(myTickets, citizen, world.clock);
    await driver.start();
    expect(driver.text()).toContain(`${code} (Kiến nghị, phản ánh): Đã tiếp nhận`);
    expect(driver.options()).toContain(`add:${code}`);
    await driver.send({ choice: `add:${code}` });
    const step = await driver.send({ text: 'Sáng nay loa vẫn chưa được sửa.', attachments: [PHOTO] });
    expect(step.next).toBe('done');
    expect(driver.text()).toContain(`Đã bổ sung thông tin vào phiếu ${code}`);
    expect(await world.database.db.ticketEvent.count({ where: { ticket: { code }, type: 'citizen_message' } })).toBe(1);
    const wrongPin = new FlowDriver(myTickets, citizen, world.clock);
    await wrongPin.start();
    await wrongPin.send({ text: code });
    await wrongPin.send({ text: '12345' });
    expect(wrongPin.text()).toBe('Mã phiếu hoặc mã PIN không đúng.');
  });
});
