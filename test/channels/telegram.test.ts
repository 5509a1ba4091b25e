// The bot on Telegram, end to end: the real app talks to a fake Bot API server on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { notifyCitizen, startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { expectNearMissesRefused } from '../support/near-miss-secrets.js';

const providers = await testProviders();
const WEBHOOK_SECRET = 'test-webhook-secret_123';
/** How much longer than retry_after a retry may come: the calls' round trips on a busy 2-core machine. */
const RETRY_AFTER_TOLERANCE_MS = 300;

describe.each(providers)('Telegram on %s', (provider) => {
  let telegram: FakeTelegram;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.stop();
    test = undefined;
    await telegram.stop();
  });

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    telegram = await FakeTelegram.start();
    test = await startTestApp(provider, {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      ...env,
    });
    return test;
  }

  /** Sends an update by polling and waits for `count` more messages to that user. */
  async function exchange(update: Record<string, unknown>, user: FakeUser, count = 1) {
    const before = telegram.sentMessages(user.id).length;
    telegram.injectUpdate(update);
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= before + count);
    return telegram.sentMessages(user.id).slice(before);
  }

  async function onboard(user: FakeUser) {
    await exchange(telegram.textUpdate(user, '/start'), user, 2);
    await exchange(telegram.callbackUpdate(user, 'consent:yes'), user);
    return exchange(telegram.callbackUpdate(user, 'lang:vi'), user, 2);
  }

  it('talks by long polling: greeting, consent and language buttons, menu, a question and an answer', async () => {
    const app = await start();
    await telegram.waitFor(() => telegram.callsOf('getUpdates').length > 0);
    expect(telegram.callsOf('setMyCommands').map((call) => call.body.language_code)).toEqual(
      expect.arrayContaining(['vi', 'en']),
    );
    expect(telegram.callsOf('deleteWebhook')).toHaveLength(1);

    const user = { id: 5001, first_name: 'Lan', language_code: 'vi' };
    const greeting = await exchange(telegram.textUpdate(user, '/start'), user, 2);
    expect(greeting[0]?.text).toContain('Xin chào');
    expect(greeting[1]?.buttons.map((button) => button.data)).toEqual(['consent:yes']);

    const language = await exchange(telegram.callbackUpdate(user, 'consent:yes'), user);
    expect(language[0]?.buttons.map((button) => button.data)).toEqual(['lang:vi', 'lang:en']);
    await telegram.waitFor(() => telegram.callsOf('answerCallbackQuery').length >= 1);

    const menu = await exchange(telegram.callbackUpdate(user, 'lang:vi'), user, 2);
    expect(menu[1]?.buttons.map((button) => button.data)).toEqual(
      expect.arrayContaining(['ask', 'flow:intake', 'flow:mytickets']),
    );
    const prompt = await exchange(telegram.callbackUpdate(user, 'ask'), user);
    expect(prompt[0]?.text).toContain('câu hỏi');
    // an answer comes with a second message of related questions
    const answer = await exchange(telegram.textUpdate(user, 'Ngày bầu cử là ngày nào?'), user, 2);
    expect(answer[0]?.text).toContain('23/05/2021');
    // an answer carries the "was this helpful?" buttons for its entry
    expect(answer[0]?.buttons.map((button) => button.data)).toEqual([
      'feedback:up:election-day',
      'feedback:down:election-day',
    ]);
    const unaccented = await exchange(telegram.textUpdate(user, 'di bau can mang gi'), user, 2);
    expect(unaccented[0]?.text).toContain('thẻ cử tri');
    expect(unaccented[0]?.buttons.map((button) => button.data)).toContain('feedback:up:what-to-bring');
    const offTopic = await exchange(telegram.textUpdate(user, 'giá vàng hôm nay bao nhiêu'), user);
    expect(offTopic[0]?.text).toContain('chỉ trả lời các câu hỏi về bầu cử');
    // no vote on a fallback: it only leads back to the common questions
    expect(offTopic[0]?.buttons.map((button) => button.data)).toEqual(['menu']);

    const citizen = await app.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'telegram', platformUserId: '5001' },
    });
    expect(citizen.displayName).toBe('Lan');
    expect(app.logs.join('')).not.toContain(telegram.token);
  });

  it('stops reminders at once on "hủy", even in the middle of a question', async () => {
    const app = await start();
    const user = { id: 5002 };
    await onboard(user);
    await exchange(telegram.textUpdate(user, 'đăng ký'), user);
    await exchange(telegram.callbackUpdate(user, 'ask'), user);
    const stopped = await exchange(telegram.textUpdate(user, 'Hủy'), user);
    expect(stopped[0]?.text).toContain('ngừng nhận nhắc lịch');
    const citizen = await app.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'telegram', platformUserId: '5002' },
    });
    expect(citizen.subscribed).toBe(false);
  });

  it('marks a citizen blocked and unsubscribed on a 403, and on a "kicked" member update', async () => {
    const app = await start();
    const user = { id: 5003 };
    await onboard(user);
    await exchange(telegram.textUpdate(user, 'đăng ký'), user);
    telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    telegram.injectUpdate(telegram.textUpdate(user, 'menu'));
    const db = app.app.context.db;
    await expect
      .poll(async () => (await db.citizen.findFirstOrThrow({ where: { platformUserId: '5003' } })).blocked)
      .toBe(true);
    const blocked = await db.citizen.findFirstOrThrow({ where: { platformUserId: '5003' } });
    expect(blocked.subscribed).toBe(false);
    expect(telegram.callsOf('sendMessage').filter((call) => call.body.chat_id === '5003').length).toBe(
      telegram.sentMessages(5003).length + 1,
    );

    const other = { id: 5004 };
    await onboard(other);
    telegram.injectUpdate(telegram.blockedUpdate(other));
    await expect
      .poll(async () => (await db.citizen.findFirstOrThrow({ where: { platformUserId: '5004' } })).blocked)
      .toBe(true);
  });

  it('pauses all sending for exactly retry_after after a 429', async () => {
    await start();
    const user = { id: 5005 };
    await onboard(user);
    telegram.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 2', retry_after: 2 });
    await exchange(telegram.textUpdate(user, 'menu'), user);
    // the last two sendMessage calls: the one refused with 429, and its retry
    const [refused, retried] = telegram.callsOf('sendMessage').slice(-2);
    if (!refused || !retried) throw new Error('expected a refused send and its retry');
    // the wait is retry_after: not less, and not much more (a request's round trip and a loaded machine)
    const waited = retried.at - refused.at;
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(waited).toBeLessThan(2000 + RETRY_AFTER_TOLERANCE_MS);
    // nothing was sent to Telegram during the pause
    const during = telegram.calls.filter(
      (call) => call.method !== 'getUpdates' && call.at > refused.at && call.at < refused.at + 2000,
    );
    expect(during).toEqual([]);
  });

  it('opens the complaint flow from a deep link once the citizen has agreed', async () => {
    await start();
    const user = { id: 5006 };
    await exchange(telegram.textUpdate(user, '/start complaint'), user, 2);
    await exchange(telegram.callbackUpdate(user, 'consent:yes'), user);
    const after = await exchange(telegram.callbackUpdate(user, 'lang:vi'), user, 2);
    expect(after[0]?.text).toContain('gửi khiếu nại, tố cáo hoặc kiến nghị');
    // the link names the kind, so the intake starts at the next question
    expect(after[1]?.text).toContain('liên quan đến nội dung nào');
    expect(after[1]?.buttons.map((button) => button.data)).toEqual([
      'voter_list',
      'candidate',
      'polling',
      'results',
      'campaigning',
      'other',
      'cancel',
    ]);
  });

  it('keeps photos and documents as attachments, and splits a long notice under 4096 characters', async () => {
    const app = await start();
    const user = { id: 5007 };
    await onboard(user);
    const photo = await exchange(
      telegram.textUpdate(user, '', {
        text: undefined,
        photo: [
          { file_id: 'small', file_size: 10 },
          { file_id: 'large-file-id', file_size: 900 },
        ],
      }),
      user,
    );
    expect(photo[0]?.text).toContain('tệp');

    const citizen = await app.app.context.db.citizen.findFirstOrThrow({ where: { platformUserId: '5007' } });
    const sentence = 'Cử tri cần mang theo thẻ cử tri khi đi bầu. ';
    const long = sentence.repeat(Math.ceil(5000 / sentence.length));
    const before = telegram.sentMessages(5007).length;
    expect(await notifyCitizen(app.app, citizen.id, [{ kind: 'notice', text: long }])).toBe('queued');
    await telegram.waitFor(() => telegram.sentMessages(5007).length >= before + 2);
    const pieces = telegram
      .sentMessages(5007)
      .slice(before)
      .map((message) => message.text);
    expect(pieces.length).toBe(2);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join('')).toBe(long);

    telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: user is deactivated' });
    await notifyCitizen(app.app, citizen.id, [{ kind: 'notice', text: 'Nhắc lịch' }]);
    await expect
      .poll(async () => (await app.app.context.db.citizen.findUniqueOrThrow({ where: { id: citizen.id } })).blocked)
      .toBe(true);
    // gone for good: nothing more is written for them
    expect(await notifyCitizen(app.app, citizen.id, [{ kind: 'notice', text: 'Nhắc lịch' }])).toBe('unreachable');
  });

  it('logs one clear error when the token is rejected, and keeps the web server up', async () => {
    telegram = await FakeTelegram.start();
    telegram.rejectToken = true;
    test = await startTestApp(provider, { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url });
    await telegram.waitFor(() => telegram.callsOf('getMe').length >= 2);
    const errors = test.logs.filter((line) => line.includes('telegram: connect failed'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('TELEGRAM_BOT_TOKEN');
    expect(test.logs.join('')).not.toContain(telegram.token.split(':')[1]);
    expect((await fetch(new URL('/healthz', test.url))).status).toBe(200);
  });

  describe('webhook mode', () => {
    async function post(app: TestApp, update: unknown, secret?: string) {
      return fetch(new URL('/webhooks/telegram', app.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        body: JSON.stringify(update),
      });
    }

    it('registers the webhook with its secret, answers updates, processes a retried update once and refuses a wrong secret', async () => {
      const app = await start({
        PUBLIC_URL: 'https://cutri.example.gov.vn',
        METRICS_PUBLIC: 'true',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      await telegram.waitFor(() => telegram.webhook !== null);
      expect(telegram.webhook).toEqual({
        url: 'https://cutri.example.gov.vn/webhooks/telegram',
        secret_token: WEBHOOK_SECRET,
      });
      expect(telegram.callsOf('getUpdates')).toEqual([]);

      const user = { id: 6001 };
      const hello = telegram.textUpdate(user, 'xin chào');
      // the webhook answers once the replies are stored; they reach the chat right after
      const sent = (count: number) => telegram.waitFor(() => telegram.sentMessages(6001).length >= count);
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);
      await sent(2);
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);

      expect((await post(app, telegram.callbackUpdate(user, 'consent:yes'))).status).toBe(401);
      expect((await post(app, telegram.callbackUpdate(user, 'consent:yes'), 'wrong-secret_123456789')).status).toBe(
        401,
      );
      expect((await post(app, telegram.callbackUpdate(user, 'consent:yes'), WEBHOOK_SECRET.slice(1))).status).toBe(401);

      await post(app, telegram.callbackUpdate(user, 'consent:yes'), WEBHOOK_SECRET);
      await sent(3);
      // replies of one chat keep their order: a redelivered or refused update would show up here
      expect(telegram.sentMessages(6001).map((message) => message.text)[2]).toContain('Bạn muốn dùng ngôn ngữ nào');
      expect(telegram.sentMessages(6001)).toHaveLength(3);
      await post(app, telegram.callbackUpdate(user, 'lang:en'), WEBHOOK_SECRET);
      await sent(5);
      await post(app, telegram.textUpdate(user, 'what do I need to bring to vote'), WEBHOOK_SECRET);
      await sent(7);
      // the answer, then "you may also want to see"
      const answer = telegram.sentMessages(6001).at(-2);
      expect(answer?.text).toContain('Bring your voter card');
      expect(answer?.buttons.map((button) => button.data)).toContain('feedback:down:what-to-bring');
      await post(app, telegram.textUpdate(user, 'who won the football match'), WEBHOOK_SECRET);
      await sent(8);
      expect(telegram.sentMessages(6001).at(-1)?.text).toContain('I can only answer questions about the election');
      expect(app.logs.join('')).not.toContain(WEBHOOK_SECRET);
    });

    it('refuses a secret of the right length with one character changed (first or last): 401, nothing stored, nothing sent; the right secret then gets the same update handled', async () => {
      const app = await start({
        PUBLIC_URL: 'https://cutri.example.gov.vn',
        METRICS_PUBLIC: 'true',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      await telegram.waitFor(() => telegram.webhook !== null);
      const user = { id: 6002 };
      const hello = telegram.textUpdate(user, 'xin chào');
      const db = app.app.context.db;
      await expectNearMissesRefused(WEBHOOK_SECRET, (secret) => post(app, hello, secret), db);
      expect(telegram.sentMessages(6002)).toEqual([]);
      // the same update with the right secret is new to the bot: greeting and consent button
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);
      await telegram.waitFor(() => telegram.sentMessages(6002).length >= 2);
      expect(telegram.sentMessages(6002)[0]?.text).toContain('Xin chào');
      expect(telegram.sentMessages(6002)).toHaveLength(2);
      expect(await db.citizen.count()).toBe(1);
    });
  });
});
