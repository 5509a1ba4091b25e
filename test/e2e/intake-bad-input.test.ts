// Issue 5, bad input through the chat on the whole app: an empty, an overlong and an emoji-only
// description get a clear answer and lose nothing of the draft; a <script> tag is stored as typed;
// a 30 MB file is refused; "send" pressed twice files one ticket. Fake Telegram and the web chat
// API, both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { TelegramCitizen, WebCitizen } from './chat-drivers.js';
import {
  confirm,
  descriptionPrompt,
  draftDenunciation,
  evidencePrompt,
  FILED_CODE,
  onboard,
  startDenunciation,
  textsIn,
} from './citizen-steps.js';
import { createPacedClock, TYPING_PAUSE_MS, type PacedClock } from './paced-clock.js';

const providers = await testProviders();
const REPORTER = { fullName: 'Triệu Văn Sáng', address: 'Thôn Nà Pàn, xã Tân Thanh', phone: '0977000111' };

describe.each(providers)('bad input in the chat intake on %s', (provider) => {
  let telegram: FakeTelegram;
  let test: TestApp;
  let clock: PacedClock;
  let nextUser = 9001;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    clock = createPacedClock(new Date('2021-05-10T02:00:00Z'));
    test = await startTestApp(
      provider,
      { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
      { clock },
    );
  });
  afterAll(async () => {
    await test?.stop();
    await telegram?.stop();
  });

  const pause = () => clock.advance(TYPING_PAUSE_MS);
  const vi = () => textsIn(test.app.context.i18n, 'vi');
  async function telegramCitizenAtDescription(): Promise<TelegramCitizen> {
    const citizen = new TelegramCitizen(telegram, { id: nextUser++, first_name: 'Sáng', language_code: 'vi' }, pause);
    await onboard(citizen, test.app.context.i18n, 'vi');
    await startDenunciation(citizen, vi());
    return citizen;
  }

  it('answers an empty, a 10 000-character and an emoji-only description clearly, and keeps the draft', async () => {
    const t = vi();
    const citizen = await telegramCitizenAtDescription();
    const cases = [
      { text: '   ', error: t('tickets:errors.description_empty') },
      {
        text: 'Có người mua phiếu bầu. '.repeat(420).slice(0, 10_000),
        error: t('tickets:errors.description_too_long', { max: 4000 }),
      },
      { text: '😡🗳️💰😡🗳️💰😡🗳️💰😡🗳️💰😡🗳️💰😡🗳️💰😡🗳️💰', error: t('tickets:errors.description_no_words') },
    ];
    for (const { text, error } of cases) {
      const answer = await citizen.say(text, descriptionPrompt(t));
      expect(answer.map((message) => message.text)).toEqual([error, descriptionPrompt(t)]);
    }
    // what was chosen before is still there: a good description moves on to the evidence
    await citizen.say('Sáng 8/5 tại thôn Nà Pàn có người phát tiền cho cử tri.', evidencePrompt(t, 0));

    const web = new WebCitizen(test.url, pause);
    await onboard(web, test.app.context.i18n, 'vi');
    await startDenunciation(web, t);
    for (const text of ['   ', 'x'.repeat(10_000)]) expect((await web.post({ text })).status).toBe(400);
    const emoji = await web.say('😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡', descriptionPrompt(t));
    expect(emoji[0]?.text).toBe(t('tickets:errors.description_no_words'));
    await web.say('Sáng 8/5 tại thôn Nà Pàn có người phát tiền cho cử tri.', evidencePrompt(t, 0));
  });

  it('stores a description carrying a <script> tag exactly as typed', async () => {
    const t = vi();
    const citizen = new WebCitizen(test.url, pause);
    await onboard(citizen, test.app.context.i18n, 'vi');
    const description = 'Có người phát tiền <script>alert("x")</script> & <img src=x onerror=alert(1)> tại thôn Nà Pàn';
    await draftDenunciation(citizen, t, { description, reporter: REPORTER, photo: false });
    const code = await confirm(citizen, t);
    expect((await test.app.context.db.ticket.findUniqueOrThrow({ where: { code } })).description).toBe(description);
  });

  it('refuses a 30 MB file with the limit, and keeps the photo that fits', async () => {
    const t = vi();
    const citizen = await telegramCitizenAtDescription();
    await citizen.say('Sáng 8/5 tại thôn Nà Pàn có người phát tiền cho cử tri.', evidencePrompt(t, 0));
    telegram.injectUpdate(
      telegram.textUpdate({ id: Number(citizen.platformUserId) }, '', {
        text: undefined,
        document: {
          file_id: 'video-30mb',
          file_name: 'quay-lai.mp4',
          mime_type: 'video/mp4',
          file_size: 30 * 1024 * 1024,
        },
      }),
    );
    await citizen.waitForMessage(t('tickets:errors.attachment_too_large', { maxMegabytes: 20 }));
    await citizen.sendPhoto(evidencePrompt(t, 1));
    await citizen.choose(t('tickets:intake.options.done'), t('tickets:intake.identity.ask.fullName'));
    await citizen.say(REPORTER.fullName, t('tickets:intake.identity.ask.address'));
    await citizen.say(REPORTER.address, t('tickets:intake.identity.ask.phone'));
    await citizen.say(REPORTER.phone, t('tickets:intake.summary.title'));
    const code = await confirm(citizen, t);
    const ticket = await test.app.context.db.ticket.findUniqueOrThrow({
      where: { code },
      include: { attachments: true },
    });
    expect(ticket.attachments.map((file) => file.platformFileId)).toEqual([`photo-of-${citizen.platformUserId}`]);
  });

  it('files one ticket when "send" is pressed twice on Telegram, even at the same moment', async () => {
    const t = vi();
    const citizen = await telegramCitizenAtDescription();
    await citizen.say('Sáng 8/5 tại thôn Nà Pàn có người phát tiền cho cử tri.', evidencePrompt(t, 0));
    await citizen.choose(t('tickets:intake.options.skip'), t('tickets:intake.identity.ask.fullName'));
    await citizen.say(REPORTER.fullName, t('tickets:intake.identity.ask.address'));
    await citizen.say(REPORTER.address, t('tickets:intake.identity.ask.phone'));
    await citizen.say(REPORTER.phone, t('tickets:intake.summary.title'));
    const before = telegram.sentMessages(citizen.platformUserId).length;
    await Promise.all([citizen.press('confirm'), citizen.press('confirm')]);
    // one press files the ticket; the other is answered as a button that is no longer current
    await citizen.waitForMessage(FILED_CODE);
    await citizen.waitForMessage(t('chat:stale'));
    const after = telegram.sentMessages(citizen.platformUserId).slice(before);
    expect(after.filter((message) => FILED_CODE.test(message.text))).toHaveLength(1);
    const db = test.app.context.db;
    const citizenRow = await db.citizen.findFirstOrThrow({
      where: { channel: 'telegram', platformUserId: citizen.platformUserId },
    });
    expect(await db.ticket.count({ where: { citizenId: citizenRow.id } })).toBe(1);

    const web = new WebCitizen(test.url, pause);
    await onboard(web, test.app.context.i18n, 'vi');
    await draftDenunciation(web, t, {
      description: 'Sáng 8/5 tại thôn Nà Pàn có người phát tiền cho cử tri.',
      reporter: REPORTER,
      photo: false,
    });
    const [first, second] = await Promise.all([web.post({ choice: 'confirm' }), web.post({ choice: 'confirm' })]);
    const codes = [...(first?.replies ?? []), ...(second?.replies ?? [])].flatMap(
      (reply) => FILED_CODE.exec(reply.text)?.[0] ?? [],
    );
    expect(codes).toHaveLength(1);
    const webCitizen = await db.citizen.findFirstOrThrow({
      where: { channel: 'web', platformUserId: web.platformUserId },
    });
    expect(await db.ticket.count({ where: { citizenId: webCitizen.id } })).toBe(1);
  });
});
