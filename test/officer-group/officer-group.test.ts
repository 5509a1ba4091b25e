// The officer group on Telegram, end to end: the real app, a fake Bot API server, both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { addOfficer } from '../console/console-harness.js';
import { linkTelegramAccount } from '../../src/officer-group/telegram-link.js';
import {
  fileTicket,
  nextMessageTo,
  OFFICER_CHAT_ID,
  REPORTER,
  startTelegramWorld,
  type TelegramWorld,
} from './telegram-world.js';

const providers = await testProviders();
/** Two communes of Lạng Sơn city: the tickets are filed in A. */
const COMMUNE_A = '05971';
const COMMUNE_B = '05974';
const OFFICER_A: FakeUser = { id: 9101, first_name: 'Hùng' };
const OFFICER_B: FakeUser = { id: 9102, first_name: 'Mai' };
const STRANGER: FakeUser = { id: 9199, first_name: 'Khách' };

describe.each(providers)('officer group on %s', (provider) => {
  let world: TelegramWorld;
  let officerAId: string;

  beforeAll(async () => {
    world = await startTelegramWorld(provider);
    const { db } = world.test.app.context;
    officerAId = await addOfficer(db, 'hung', 'officer', COMMUNE_A);
    await addOfficer(db, 'mai', 'officer', COMMUNE_B);
    await linkTelegramAccount(db, 'hung', String(OFFICER_A.id));
    await linkTelegramAccount(db, 'mai', String(OFFICER_B.id));
  });
  afterAll(async () => world?.stop());

  let nextCitizenId = 7001;
  /** A new citizen files a ticket; waits for its post in the group. */
  async function fileAndSeePost() {
    const citizen: FakeUser = { id: nextCitizenId++, first_name: 'Lan', language_code: 'vi' };
    const citizenId = await world.onboard(citizen);
    const before = world.telegram.sentMessages(OFFICER_CHAT_ID).length;
    const code = await fileTicket(world, citizenId);
    const post = await nextMessageTo(world.telegram, OFFICER_CHAT_ID, before);
    return { code, post, citizen };
  }

  /** Says something in the group and waits for the bot's answer there. */
  async function sayInGroup(user: FakeUser, text: string, replyTo?: number) {
    const before = world.telegram.sentMessages(OFFICER_CHAT_ID).length;
    world.telegram.injectUpdate(
      world.telegram.groupUpdate(OFFICER_CHAT_ID, user, text, replyTo === undefined ? {} : { replyTo }),
    );
    return (await nextMessageTo(world.telegram, OFFICER_CHAT_ID, before)).text;
  }

  it('posts a new ticket to the group with its code, kind, area and due date, but not who filed it', async () => {
    const { code, post, citizen } = await fileAndSeePost();
    expect(post.text).toContain(code);
    expect(post.text).toContain('Khiếu nại');
    expect(post.text).toContain('Danh sách cử tri');
    expect(post.text).toMatch(/Hạn xử lý: \d{2}\/\d{2}\/\d{4}/);
    expect(post.text).toContain('Tên tôi không có trong danh sách cử tri');
    for (const secret of [REPORTER.fullName, REPORTER.phone, REPORTER.address, String(citizen.id), 'Lan'])
      expect(post.text).not.toContain(secret);
  });

  it('politely refuses a member whose Telegram account is not linked, and the citizen hears nothing', async () => {
    const { code, post, citizen } = await fileAndSeePost();
    const citizenBefore = world.telegram.sentMessages(citizen.id).length;
    const answer = await sayInGroup(STRANGER, 'Chúng tôi đã kiểm tra.', post.messageId);
    expect(answer).toContain('chưa được liên kết');
    expect(await sayInGroup(STRANGER, `/claim ${code}`)).toContain('chưa được liên kết');
    const ticket = await world.test.app.context.db.ticket.findUniqueOrThrow({
      where: { code },
      include: { events: true },
    });
    expect(ticket.assigneeId).toBeNull();
    expect(ticket.events.filter((event) => event.type === 'officer_reply')).toHaveLength(0);
    expect(world.telegram.sentMessages(citizen.id)).toHaveLength(citizenBefore);
  });

  it("delivers a linked officer's reply to the post to the citizen's chat", async () => {
    const { code, post, citizen } = await fileAndSeePost();
    const citizenBefore = world.telegram.sentMessages(citizen.id).length;
    const answer = await sayInGroup(
      OFFICER_A,
      'Chúng tôi đã bổ sung tên anh/chị vào danh sách cử tri.',
      post.messageId,
    );
    expect(answer).toContain(`Đã gửi câu trả lời`);
    const toCitizen = await nextMessageTo(world.telegram, citizen.id, citizenBefore);
    expect(toCitizen.text).toContain('Chúng tôi đã bổ sung tên anh/chị vào danh sách cử tri.');
    expect(toCitizen.text).toContain(code);
  });

  it('/claim as a reply to the post assigns the ticket to the linked officer', async () => {
    const { code, post } = await fileAndSeePost();
    const answer = await sayInGroup(OFFICER_A, '/claim', post.messageId);
    expect(answer).toContain(`đã nhận xử lý ${code}`);
    const ticket = await world.test.app.context.db.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket.assigneeId).toBe(officerAId);
  });

  it('/resolve with a code resolves the ticket and the citizen is told', async () => {
    const { code, citizen } = await fileAndSeePost();
    const citizenBefore = world.telegram.sentMessages(citizen.id).length;
    const answer = await sayInGroup(OFFICER_A, `/resolve@cutri_test_bot ${code.toLowerCase()}`);
    expect(answer).toContain(`${code} sang trạng thái đã giải quyết`);
    const ticket = await world.test.app.context.db.ticket.findUniqueOrThrow({ where: { code } });
    expect(ticket.status).toBe('resolved');
    const notice = await nextMessageTo(world.telegram, citizen.id, citizenBefore);
    expect(notice.text).toContain(code);
  });

  it('does not let an officer of another commune claim, resolve or answer a ticket outside their area', async () => {
    const { code, post, citizen } = await fileAndSeePost();
    const citizenBefore = world.telegram.sentMessages(citizen.id).length;
    expect(await sayInGroup(OFFICER_B, `/claim ${code}`)).toContain(`Không tìm thấy ${code}`);
    expect(await sayInGroup(OFFICER_B, '/resolve', post.messageId)).toContain(`Không tìm thấy ${code}`);
    expect(await sayInGroup(OFFICER_B, 'Đã xử lý xong.', post.messageId)).toContain(`Không tìm thấy ${code}`);
    const ticket = await world.test.app.context.db.ticket.findUniqueOrThrow({
      where: { code },
      include: { events: true },
    });
    expect(ticket).toMatchObject({ status: 'received', assigneeId: null });
    expect(ticket.events.filter((event) => event.type === 'officer_reply')).toHaveLength(0);
    expect(world.telegram.sentMessages(citizen.id)).toHaveLength(citizenBefore);
  });

  it('asks for a code when a command is neither a reply to a post nor carries one, and ignores ordinary talk', async () => {
    expect(await sayInGroup(OFFICER_A, '/claim')).toContain('ghi kèm mã phản ánh');
    expect(await sayInGroup(OFFICER_A, '/claim 12345')).toContain('Mã phản ánh chưa đúng');
    const before = world.telegram.sentMessages(OFFICER_CHAT_ID).length;
    world.telegram.injectUpdate(world.telegram.groupUpdate(OFFICER_CHAT_ID, OFFICER_A, 'Chào mọi người'));
    // a command after the chatter is answered, so the chatter was seen and left alone
    expect(await sayInGroup(OFFICER_A, '/claim')).toContain('ghi kèm mã phản ánh');
    expect(world.telegram.sentMessages(OFFICER_CHAT_ID)).toHaveLength(before + 1);
  });
});

describe.each(providers)('officer group by webhook on %s', (provider) => {
  const SECRET = 'officer-group-webhook-secret';
  let world: TelegramWorld;
  beforeAll(async () => {
    world = await startTelegramWorld(provider, {
      PUBLIC_URL: 'https://cutri.example.gov.vn',
      METRICS_PUBLIC: 'true',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    await addOfficer(world.test.app.context.db, 'hung', 'officer', COMMUNE_A);
    await linkTelegramAccount(world.test.app.context.db, 'hung', String(OFFICER_A.id));
  });
  afterAll(async () => world?.stop());

  it('acts once on a reply that Telegram delivers twice', async () => {
    const before = world.telegram.sentMessages(OFFICER_CHAT_ID).length;
    const code = await fileTicket(world, null);
    const post = await nextMessageTo(world.telegram, OFFICER_CHAT_ID, before);
    const update = world.telegram.groupUpdate(OFFICER_CHAT_ID, OFFICER_A, 'Chúng tôi đã tiếp nhận và đang xác minh.', {
      replyTo: post.messageId,
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await fetch(new URL('/webhooks/telegram', world.test.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
      expect(answer.status).toBe(200);
    }
    const ticket = await world.test.app.context.db.ticket.findUniqueOrThrow({
      where: { code },
      include: { events: true },
    });
    expect(ticket.events.filter((event) => event.type === 'officer_reply').map((event) => event.text)).toEqual([
      'Chúng tôi đã tiếp nhận và đang xác minh.',
    ]);
    expect(world.telegram.sentMessages(OFFICER_CHAT_ID)).toHaveLength(before + 2);
  });
});
