// A full day of the service in one run — Telegram and Zalo by webhook, with their platforms
// failing now and then, the web chat, a denunciation with the denouncer's identity, officers
// signing in and a supervisor revealing that identity — and then every log line the app wrote
// is searched for the secrets it handled. None may appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOfficer } from '../../src/console/officers.js';
import { ConsoleClient, signedIn } from '../console/console-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { webhookModeEnv } from '../support/webhook-env.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';

const providers = await testProviders();
const TELEGRAM_SECRET = 'logs-telegram-webhook-secret_7f3a9c';
const ZALO_SECRET = 'logs-zalo-webhook-secret_5b1e8d';
const PASSWORD = 'correct horse battery'; // console-harness signs in with this one
const DENOUNCER = { name: 'Hoàng Thị Mến', address: 'Thôn Nà Chuông, xã Tam Thanh', phone: '0987 654 321' };
const DESCRIPTION = 'Ngày 20/5 có người phát tiền cho cử tri ở nhà văn hóa thôn để vận động bầu cho một ứng cử viên.';
const TAM_THANH = '05974';
const CITY = '178';

const replies = z.object({
  sessionId: z.string(),
  replies: z.array(z.object({ text: z.string(), options: z.array(z.object({ id: z.string() })).optional() })),
});

describe.each(providers)('secrets in the logs on %s', (provider) => {
  let clockOffsetMs = 0;
  let test: TestApp;
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    test = await startTestApp(
      provider,
      {
        ...webhookModeEnv(telegram, zalo, { telegram: TELEGRAM_SECRET, zalo: ZALO_SECRET }),
        LOG_LEVEL: 'trace',
      },
      { clock: { now: () => new Date(Date.now() + clockOffsetMs) } },
    );
    await telegram.waitFor(() => telegram.webhook !== null);
    await zalo.waitFor(() => zalo.webhook !== null);
  });
  afterAll(async () => {
    await test.stop();
    await telegram.stop();
    await zalo.stop();
  });

  let session = '';
  async function chat(step: Record<string, unknown>) {
    const response = await fetch(new URL('/api/chat/messages', test.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(session ? { sessionId: session } : {}), ...step }),
    });
    expect(response.status).toBe(200);
    const answer = replies.parse(await response.json());
    session = answer.sessionId;
    return answer.replies;
  }

  it('writes no token, webhook secret, password, session, CSRF token or denouncer identity to any log line', async () => {
    // Telegram and Zalo citizens, with the platforms failing some replies (errors get logged)
    const user = { id: 6001, first_name: 'Mến', language_code: 'vi' };
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 1 });
    const toTelegram = (update: Record<string, unknown>, secret = TELEGRAM_SECRET) =>
      fetch(new URL('/webhooks/telegram', test.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    expect((await toTelegram(telegram.textUpdate(user, '/start'))).status).toBe(200);
    expect((await toTelegram(telegram.textUpdate(user, 'xin chào'), 'a-wrong-secret')).status).toBe(401);
    zalo.failNext('sendMessage', { error_code: 500, description: 'boom' });
    const toZalo = (body: unknown) =>
      fetch(new URL('/webhooks/zalo', test.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET },
        body: JSON.stringify(body),
      });
    expect(
      (await toZalo({ ok: true, result: zalo.textUpdate('zalo-user-1', 'xin chào', { display_name: DENOUNCER.name }) }))
        .status,
    ).toBe(200);

    // a denunciation on the web chat, with the denouncer's name, address and phone
    await chat({ text: 'xin chào' });
    await chat({ choice: 'consent:yes' });
    await chat({ choice: 'lang:vi' });
    const steps: Record<string, unknown>[] = [
      { choice: 'flow:intake' },
      { choice: 'denunciation' },
      { choice: 'campaigning' },
      { choice: `d:${CITY}` },
      { choice: `c:${TAM_THANH}` },
      { text: DESCRIPTION },
      { choice: 'done' },
      { text: DENOUNCER.name },
      { text: DENOUNCER.address },
      { text: DENOUNCER.phone },
      { choice: 'confirm' },
    ];
    let last: z.infer<typeof replies>['replies'] = [];
    for (const step of steps) {
      // a citizen takes a few seconds per step: the flood control must not cut the form short
      clockOffsetMs += 3_000;
      last = await chat(step);
    }
    const code = /TC-\d{4}-\d{5}/.exec(last.map((reply) => reply.text).join('\n'))?.[0];
    expect(code).toBeDefined();
    // the widget polls with its session id: whoever holds it reads the session's messages
    expect(
      (await fetch(new URL('/api/chat/messages?after=0', test.url), { headers: { 'x-chat-session': session } })).status,
    ).toBe(200);

    clockOffsetMs = 0; // TOTP codes are made with the real time
    // officers: the first admin's one-time password, a supervisor with a known password reveals the identity
    await createOfficer(test.app.context.db, {
      username: 'logs.supervisor',
      password: PASSWORD,
      role: 'supervisor',
      localityCode: null,
      displayName: 'Giám sát',
    });
    const wrong = await new ConsoleClient(test.url).post('/api/console/login', {
      username: 'logs.supervisor',
      password: `${PASSWORD}-wrong`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(PASSWORD);
    const supervisor = await signedIn(test.url, 'logs.supervisor');
    const reveal = await supervisor.post(`/api/console/tickets/${code}/reveal`, { reason: 'Cần liên hệ để xác minh' });
    expect(reveal.status).toBe(200);
    expect(JSON.stringify(reveal.body)).toContain(DENOUNCER.phone);
    const sessionCookie = supervisor.cookie.replace('cutri_console=', '');
    expect(sessionCookie.length).toBeGreaterThan(10);
    await supervisor.post('/api/console/logout');

    const logs = test.logs.join('');
    expect(logs).toContain('request completed'); // the probe sees real log lines
    const secrets = {
      'Telegram token': telegram.token,
      'Telegram token secret part': telegram.token.split(':')[1] ?? '',
      'Zalo token': zalo.token,
      'Zalo token secret part': zalo.token.split(':')[1] ?? '',
      'Telegram webhook secret': TELEGRAM_SECRET,
      'Zalo webhook secret': ZALO_SECRET,
      'officer password': PASSWORD,
      'first admin password': test.app.firstAdmin?.password ?? 'no first admin',
      'session cookie': sessionCookie,
      'CSRF token': supervisor.csrfToken,
      'web chat session id': session,
      'denouncer name': DENOUNCER.name,
      'denouncer address': DENOUNCER.address,
      'denouncer phone': DENOUNCER.phone,
      'denouncer phone digits': DENOUNCER.phone.replace(/\s/g, ''),
    };
    const leaks = Object.entries(secrets)
      .filter(([, secret]) => secret !== '' && logs.includes(secret))
      .map(([what]) => what);
    expect(leaks).toEqual([]);
  });

  it('keeps the bot tokens out of the logs when the platforms cannot be reached', async () => {
    const closed = 'http://127.0.0.1:9'; // the discard port: nothing listens there
    const offline = await startTestApp(provider, {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: closed,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: closed,
      LOG_LEVEL: 'trace',
    });
    try {
      const failures = () => offline.logs.filter((line) => /"level":50/.test(line));
      for (let waited = 0; failures().length < 2 && waited < 10_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(failures().join('')).toMatch(/telegram/);
      expect(failures().join('')).toMatch(/zalo/);
      const logs = offline.logs.join('');
      for (const secret of [
        telegram.token,
        telegram.token.split(':')[1] ?? '',
        zalo.token,
        zalo.token.split(':')[1] ?? '',
      ])
        expect(logs).not.toContain(secret);
    } finally {
      await offline.stop();
    }
  });
});
