// The bot on Zalo, end to end: the real app talks to a fake Zalo Bot API server on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { expectNearMissesRefused } from '../support/near-miss-secrets.js';

const providers = await testProviders();
const WEBHOOK_SECRET = 'zalo-webhook-secret_123';

describe.each(providers)('Zalo on %s', (provider) => {
  let zalo: FakeZalo;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.stop();
    test = undefined;
    await zalo.stop();
  });

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    zalo = await FakeZalo.start();
    test = await startTestApp(provider, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url, ...env });
    return test;
  }

  async function exchange(userId: string, text: string, count = 1): Promise<string[]> {
    const before = zalo.sentMessages(userId).length;
    zalo.injectUpdate(zalo.textUpdate(userId, text));
    await zalo.waitFor(() => zalo.sentMessages(userId).length >= before + count);
    return zalo
      .sentMessages(userId)
      .slice(before)
      .map((message) => message.text);
  }

  it('talks by long polling with numbered menus: consent, language, menu, a question and an answer', async () => {
    const app = await start();
    const greeting = await exchange('u1', 'Xin chào', 2);
    expect(greeting[1]).toContain('\n\n1. Tôi đồng ý');
    const language = await exchange('u1', '1');
    expect(language[0]).toContain('1. Tiếng Việt\n2. English');
    const menu = await exchange('u1', '1', 2);
    expect(menu[1]).toMatch(/1\. Hỏi về bầu cử/);
    const prompt = await exchange('u1', '1');
    expect(prompt[0]).toContain('Mời bạn gõ câu hỏi');
    expect(menu[1]).toMatch(/\d\. Gửi khiếu nại, tố cáo/);
    // an answer comes with a second message of related questions
    const answer = await exchange('u1', 'bau cu ngay nao', 2);
    expect(answer[0]).toContain('23/05/2021');
    expect(answer[0]).toMatch(/\n1\. .+\n2\. /);
    const offTopic = await exchange('u1', 'gia vang hom nay bao nhieu');
    expect(offTopic[0]).toContain('chỉ trả lời các câu hỏi về bầu cử');
    // the option's words work as well as its number
    const help = await exchange('u1', 'hướng dẫn', 2);
    expect(help[0]).toContain('Gõ "menu"');

    const citizen = await app.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'zalo', platformUserId: 'u1' },
    });
    expect(citizen.displayName).toBe('Nguyễn Văn A');
    expect(app.logs.join('')).not.toContain(zalo.token);
  });

  it('stops reminders on "dung" and answers an image', async () => {
    const app = await start();
    await exchange('u2', 'hi', 2);
    await exchange('u2', 'đồng ý');
    await exchange('u2', '1', 2);
    await exchange('u2', 'dang ky');
    const stopped = await exchange('u2', 'dung');
    expect(stopped[0]).toContain('ngừng nhận nhắc lịch');
    const citizen = await app.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'zalo', platformUserId: 'u2' },
    });
    expect(citizen.subscribed).toBe(false);
    const before = zalo.sentMessages('u2').length;
    zalo.injectUpdate(zalo.imageUpdate('u2', 'https://zalo.example/photo.jpg'));
    await zalo.waitFor(() => zalo.sentMessages('u2').length > before);
    expect(zalo.sentMessages('u2').at(-1)?.text).toContain('tệp');
  });

  it('marks a citizen blocked and unsubscribed when Zalo refuses to deliver to them', async () => {
    const app = await start();
    await exchange('u3', 'hi', 2);
    await exchange('u3', 'đồng ý');
    await exchange('u3', '1', 2);
    await exchange('u3', 'đăng ký');
    zalo.failNext('sendMessage', { error_code: 403, description: 'User has blocked the bot' });
    zalo.injectUpdate(zalo.textUpdate('u3', 'menu'));
    const db = app.app.context.db;
    await expect
      .poll(
        async () => (await db.citizen.findFirstOrThrow({ where: { channel: 'zalo', platformUserId: 'u3' } })).blocked,
      )
      .toBe(true);
    expect((await db.citizen.findFirstOrThrow({ where: { channel: 'zalo', platformUserId: 'u3' } })).subscribed).toBe(
      false,
    );
  });

  it('keeps the token out of the logs when the API cannot be reached, and keeps serving', async () => {
    zalo = await FakeZalo.start();
    const url = zalo.url;
    await zalo.stop();
    zalo = await FakeZalo.start();
    test = await startTestApp(provider, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: url });
    await expect.poll(() => test?.logs.some((line) => line.includes('zalo: connect failed'))).toBe(true);
    expect(test.logs.join('')).not.toContain(zalo.token);
    expect(test.logs.join('')).toContain('ZALO_API_ROOT');
    expect((await fetch(new URL('/healthz', test.url))).status).toBe(200);
  });

  describe('webhook mode', () => {
    async function post(app: TestApp, body: unknown, secret?: string) {
      return fetch(new URL('/webhooks/zalo', app.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret !== undefined ? { 'x-bot-api-secret-token': secret } : {}),
        },
        body: JSON.stringify(body),
      });
    }

    it('registers the webhook, accepts wrapped and bare bodies, processes a redelivery once and refuses a wrong secret', async () => {
      const app = await start({
        PUBLIC_URL: 'https://cutri.example.gov.vn',
        METRICS_PUBLIC: 'true',
        ZALO_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      await zalo.waitFor(() => zalo.webhook !== null);
      expect(zalo.webhook).toEqual({ url: 'https://cutri.example.gov.vn/webhooks/zalo', secret_token: WEBHOOK_SECRET });

      const hello = { ok: true, result: zalo.textUpdate('w1', 'xin chào', { first_name: 'Lan' }) };
      // the webhook answers once the replies are stored; they reach the chat right after
      const sent = (count: number) => zalo.waitFor(() => zalo.sentMessages('w1').length >= count);
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);
      await sent(2);
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);

      expect((await post(app, zalo.textUpdate('w1', '1'))).status).toBe(401);
      expect(await post(app, zalo.textUpdate('w1', '1'), 'not-the-secret-at-all')).toHaveProperty('status', 401);

      await post(app, zalo.textUpdate('w1', '1'), WEBHOOK_SECRET);
      await sent(3);
      // replies of one chat keep their order: a redelivered or refused update would show up here
      expect(zalo.sentMessages('w1')[2]?.text).toContain('Bạn muốn dùng ngôn ngữ nào');
      expect(zalo.sentMessages('w1')).toHaveLength(3);
      await post(app, zalo.textUpdate('w1', '2'), WEBHOOK_SECRET);
      await sent(5);
      await post(
        app,
        { ok: true, result: [zalo.textUpdate('w1', 'where do I vote?', { name: 'Lan' })] },
        WEBHOOK_SECRET,
      );
      await sent(6);
      // "where do I vote" is recognised and leads to the polling-place search
      expect(zalo.sentMessages('w1').at(-1)?.text).toContain(
        "I'll help you find where to vote.\n\n1. Find my polling place",
      );
      const citizen = await app.app.context.db.citizen.findFirstOrThrow({
        where: { channel: 'zalo', platformUserId: 'w1' },
      });
      expect(citizen.locale).toBe('en');
      expect(citizen.displayName).toBe('Lan');
    });

    it('refuses a secret of the right length with one character changed (first or last): 401, nothing stored, nothing sent; the right secret then gets the same update handled', async () => {
      const app = await start({
        PUBLIC_URL: 'https://cutri.example.gov.vn',
        METRICS_PUBLIC: 'true',
        ZALO_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      await zalo.waitFor(() => zalo.webhook !== null);
      const hello = { ok: true, result: zalo.textUpdate('w2', 'xin chào') };
      const db = app.app.context.db;
      await expectNearMissesRefused(WEBHOOK_SECRET, (secret) => post(app, hello, secret), db);
      expect(zalo.sentMessages('w2')).toEqual([]);
      // the same update with the right secret is new to the bot: greeting and consent choices
      expect((await post(app, hello, WEBHOOK_SECRET)).status).toBe(200);
      await zalo.waitFor(() => zalo.sentMessages('w2').length >= 2);
      expect(zalo.sentMessages('w2')[0]?.text).toContain('Xin chào');
      expect(zalo.sentMessages('w2')).toHaveLength(2);
      expect(await db.citizen.count()).toBe(1);
    });
  });
});
