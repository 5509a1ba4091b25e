// Questions the bot keeps for officers (those it could not answer, and votes on answers) hold
// no personal data: phone and ID numbers, e-mail and street or hamlet addresses are masked
// before they are stored; and a vote counts only for an answer the citizen was actually given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASKS, maskPersonalData } from '../../src/security/mask-personal-data.js';
import { createOfficer } from '../../src/console/officers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { newChatSession, say } from '../ops/web-chat-client.js';
import { signedIn, PASSWORD } from '../console/console-harness.js';

const { phone, idNumber, email, address } = MASKS;

describe('masking personal data in a question', () => {
  it.each([
    // phone numbers, as people write them
    ['Số tôi là 0912 345 678, có được bầu không?', `Số tôi là ${phone}, có được bầu không?`],
    ['goi lai cho toi 0912.345.678 nhe', `goi lai cho toi ${phone} nhe`],
    ['sđt 0987-654-321 của mẹ tôi', `sđt ${phone} của mẹ tôi`],
    ['Liên hệ +84 912 345 678 hoặc 84912345678', `Liên hệ ${phone} hoặc ${phone}`],
    ['Máy bàn 0205 3812 345 có gọi được không', `Máy bàn ${phone} có gọi được không`],
    // ID numbers: 12-digit CCCD, 9-digit CMND
    ['CCCD của tôi 020190001234 bị mất thì bầu thế nào?', `CCCD của tôi ${idNumber} bị mất thì bầu thế nào?`],
    ['cmnd 123456789 het han co bau duoc ko', `cmnd ${idNumber} het han co bau duoc ko`],
    ['căn cước 020 190 001 234', `căn cước ${idNumber}`],
    // e-mail
    ['Gửi cho tôi qua nguyen.van.an@gmail.com nhé', `Gửi cho tôi qua ${email} nhé`],
    // addresses
    ['Tôi ở số 12 ngõ 34 phố Lê Lợi, phường Vĩnh Trại có được bầu không?', `Tôi ở ${address} có được bầu không?`],
    ['nhà tôi thôn Nà Lầu, xã Mai Pha, thành phố Lạng Sơn', `nhà tôi ${address}`],
    ['so 12 ngo 34 pho le loi', address],
    ['Tôi ở tổ 3 khối 5 thị trấn Na Sầm', `Tôi ở ${address}`],
    ['nhà 45 Trần Hưng Đạo bị bỏ sót trong danh sách', `nhà ${address} bị bỏ sót trong danh sách`],
    ['bản Khau Phạ, xã Tân Văn cách xa điểm bầu cử', `${address} cách xa điểm bầu cử`],
  ])('masks %j', (question, masked) => {
    expect(maskPersonalData(question)).toBe(masked);
  });

  it.each([
    'Ngày bầu cử 23/5/2021 là ngày nào?',
    'Tổ bầu cử số 5 ở đâu?',
    'Điều 9 Luật Tố cáo nói gì?',
    'khoản 2 Điều 33 Luật Bầu cử quy định gì',
    'Tôi ở xã Mai Pha thì bầu ở đâu?',
    'Ủy ban Bầu cử tỉnh ở đâu',
    'đường dây nóng là số mấy',
    'phạt 500.000 đồng hay 1.000.000 đồng?',
    'How to Vote in Lang Son?',
    'Bầu cử 2021 Lạng Sơn có mấy đơn vị bầu cử?',
  ])('keeps %j as it is', (question) => {
    expect(maskPersonalData(question)).toBe(question);
  });
});

const providers = await testProviders();

describe.each(providers)('questions kept for officers on %s', (provider) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(provider);
  });
  afterAll(async () => {
    await test?.stop();
  });

  async function onboarded() {
    const session = newChatSession();
    await say(test.url, session, { text: 'xin chào' });
    await say(test.url, session, { choice: 'consent:yes' });
    await say(test.url, session, { choice: 'lang:vi' });
    return session;
  }

  it('stores an unanswered question with its phone number, ID number, e-mail and address masked, and lists it so to supervisors', async () => {
    const session = await onboarded();
    const question =
      'Tôi tên Hà, sđt 0912 345 678, CCCD 020190001234, email ha.nguyen@gmail.com, nhà số 12 ngõ 34 phố Lê Lợi, giá vàng hôm nay bao nhiêu?';
    expect((await say(test.url, session, { text: question }))[0]?.kind).toBe('fallback');
    const stored = await test.app.context.db.faqFeedback.findMany({ where: { kind: 'fallback' } });
    const text = JSON.stringify(stored);
    for (const secret of ['0912', '345 678', '020190001234', 'ha.nguyen', 'gmail', 'ngõ 34', 'Lê Lợi'])
      expect(text).not.toContain(secret);
    expect(stored.map((row) => row.question)).toContain(
      `Tôi tên Hà, sđt ${phone}, CCCD ${idNumber}, email ${email}, nhà ${address}, giá vàng hôm nay bao nhiêu?`,
    );

    await createOfficer(test.app.context.db, {
      username: 'pd.super',
      password: PASSWORD,
      role: 'supervisor',
      localityCode: null,
    });
    const supervisor = await signedIn(test.url, 'pd.super');
    const listed = await supervisor.get('/api/console/unanswered');
    expect(listed.text).toContain(phone);
    expect(listed.text).not.toContain('0912');
  });

  it('counts a vote only for an answer the citizen was given, once, with the entry’s own question', async () => {
    const session = await onboarded();
    const votes = () =>
      test.app.context.db.faqFeedback.findMany({ where: { kind: { in: ['helpful', 'not_helpful'] } } });
    // a forged vote for an entry never shown, with personal text riding along
    const forged = await say(test.url, session, {
      choice: 'feedback:down:election-day',
      text: 'Nguyễn Văn An 0912345678 tố cáo',
    });
    expect(forged[0]?.text).toContain('đã cũ');
    expect(await votes()).toEqual([]);

    const answer = await say(test.url, session, { text: 'ngày bầu cử là ngày nào' });
    const faqId = answer.find((reply) => reply.kind === 'answer')?.faqId;
    expect(faqId).toBeDefined();
    await say(test.url, session, { choice: `feedback:down:${faqId}`, text: 'Nguyễn Văn An 0912345678' });
    await say(test.url, session, { choice: `feedback:down:${faqId}` });
    const counted = await votes();
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatchObject({ kind: 'not_helpful', faqId });
    expect(JSON.stringify(counted)).not.toMatch(/Nguyễn Văn An|0912345678/);
  });
});
