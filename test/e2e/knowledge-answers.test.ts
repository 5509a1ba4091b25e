// Issue 4 end to end: questions typed with or without diacritics get the knowledge base's
// answer, questions off the election get the fallback, and a "not helpful" vote is stored —
// through the web chat API and the fake Telegram server, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { TelegramCitizen, WebCitizen } from './chat-drivers.js';
import { onboard, textsIn } from './citizen-steps.js';

const providers = await testProviders();

describe.each(providers)('answers from the knowledge base on %s', (provider) => {
  let telegram: FakeTelegram;
  let test: TestApp;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    test = await startTestApp(provider, { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url });
  });
  afterAll(async () => {
    await test?.stop();
    await telegram?.stop();
  });

  it('answers the web chat with kind "answer" and the entry, with or without diacritics, and falls back off the election', async () => {
    const vi = textsIn(test.app.context.i18n, 'vi');
    const citizen = new WebCitizen(test.url);
    await onboard(citizen, test.app.context.i18n, 'vi');
    const accented = await citizen.post({ text: 'Tôi cần mang gì khi đi bầu?' });
    const unaccented = await citizen.post({ text: 'toi can mang gi khi di bau' });
    expect(unaccented.replies[0]).toMatchObject({ kind: 'answer', faqId: 'what-to-bring' });
    expect(unaccented.replies[0]?.text).toBe(accented.replies[0]?.text);
    expect(unaccented.replies[0]?.options.map((option) => option.label)).toEqual([
      vi('chat:feedback.up'),
      vi('chat:feedback.down'),
    ]);
    const electionDay = await citizen.post({ text: 'bau cu ngay nao' });
    expect(electionDay.replies[0]).toMatchObject({ kind: 'answer', faqId: 'election-day' });
    expect(electionDay.replies[0]?.text).toContain('23/05/2021');

    for (const question of ['giá vàng hôm nay bao nhiêu', 'who won the football match']) {
      const { replies } = await citizen.post({ text: question });
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ kind: 'fallback', text: vi('faq:ui.fallbackOutOfScope') });
      expect(replies[0]?.faqId).toBeUndefined();
    }
    // each fallback is kept, to show the editors what citizens ask that the base lacks
    const fallbacks = await test.app.context.db.faqFeedback.findMany({ where: { kind: 'fallback', channel: 'web' } });
    expect(fallbacks.map((row) => row.question).sort()).toEqual([
      'giá vàng hôm nay bao nhiêu',
      'who won the football match',
    ]);
  });

  it('tells a letter it doubts what to do, and answers the entry it offers when picked', async () => {
    const vi = textsIn(test.app.context.i18n, 'vi');
    const citizen = new WebCitizen(test.url);
    await onboard(citizen, test.app.context.i18n, 'vi');
    const { replies } = await citizen.post({
      text: 'Gia đình tôi gồm bốn người, trước đây sống ở Hà Giang, năm ngoái chuyển xuống Bắc Ninh làm công nhân, thuê trọ gần khu công nghiệp, đã đăng ký tạm trú nhưng hộ khẩu vẫn ở quê, các con tôi học ở trường gần đó. Cuối tuần tôi thường phải tăng ca. Vậy cả nhà tôi bỏ phiếu ở đâu?',
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ kind: 'fallback', text: vi('faq:ui.fallbackUnsureOffer') });
    // the rented room and the registered temporary residence: the two entries on them, in either order
    const labels = replies[0]?.options.map((option) => option.label) ?? [];
    expect(labels.slice(0, 2).sort()).toEqual(
      [vi('faq:entries.students-workers.question'), vi('faq:entries.temporary-residence.question')].sort(),
    );
    expect(labels.slice(2)).toEqual([vi('faq:ui.option.menu'), vi('faq:ui.option.askOfficer')]);
    const first = replies[0]?.options[0]?.id ?? 'no offered entry';
    const picked = await citizen.post({ choice: first });
    expect(picked.replies[0]).toMatchObject({ kind: 'answer', faqId: first.replace(/^faq:/, '') });
  });

  it('stores a "not helpful" vote from the web chat', async () => {
    const t = textsIn(test.app.context.i18n, 'en');
    const citizen = new WebCitizen(test.url);
    await onboard(citizen, test.app.context.i18n, 'en');
    const answer = await citizen.say('what do I need to bring to vote', t('faq:ui.related'));
    expect(answer[0]).toMatchObject({ kind: 'answer', faqId: 'what-to-bring' });
    // the vote buttons are on the answer, above the related questions
    const down = answer[0]?.options.find((option) => option.label === t('chat:feedback.down'));
    const thanks = await citizen.post({ choice: down?.id ?? 'no vote button' });
    expect(thanks.replies.map((reply) => reply.text)).toEqual([t('chat:feedback.thanks')]);
    const votes = await test.app.context.db.faqFeedback.findMany({ where: { kind: 'not_helpful', channel: 'web' } });
    expect(votes.map((vote) => vote.faqId)).toEqual(['what-to-bring']);
  });

  it('gives the same answer on Telegram, with vote buttons, and stores a "not helpful" vote', async () => {
    const vi = textsIn(test.app.context.i18n, 'vi');
    const web = new WebCitizen(test.url);
    await onboard(web, test.app.context.i18n, 'vi');
    const expected = (await web.post({ text: 'di bau can mang gi' })).replies[0];

    const citizen = new TelegramCitizen(telegram, { id: 8101, first_name: 'Lan', language_code: 'vi' });
    await onboard(citizen, test.app.context.i18n, 'vi');
    const answer = await citizen.say('di bau can mang gi', vi('faq:ui.related'));
    expect(answer[0]?.text).toBe(expected?.text);
    expect(answer[0]?.options).toEqual([
      { id: 'feedback:up:what-to-bring', label: vi('chat:feedback.up') },
      { id: 'feedback:down:what-to-bring', label: vi('chat:feedback.down') },
    ]);
    // the related questions arrive as a second message; the vote is on the answer's buttons
    await citizen.press('feedback:down:what-to-bring');
    await citizen.waitForMessage(vi('chat:feedback.thanks'));
    await expect
      .poll(() =>
        test.app.context.db.faqFeedback.count({
          where: { kind: 'not_helpful', channel: 'telegram', faqId: 'what-to-bring' },
        }),
      )
      .toBe(1);

    const offTopic = await citizen.say('giá vàng hôm nay bao nhiêu', vi('faq:ui.fallbackOutOfScope'));
    expect(offTopic[0]?.options).toEqual([{ id: 'menu', label: vi('faq:ui.option.menu') }]);
  });
});
