// Thousands of random and mutated updates over real HTTP to both webhooks and the web chat API.
// Whatever arrives, the server answers a client error (4xx) or accepts and ignores the update
// (200) — never a 500 — keeps serving real citizens afterwards, and does not grow its memory.
import { z } from 'zod';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { webhookModeEnv } from '../support/webhook-env.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { brokenBody, mutated, nastyText } from './hostile-input.js';

const providers = await testProviders();
const TELEGRAM_SECRET = 'fuzz-telegram-secret_123';
const ZALO_SECRET = 'fuzz-zalo-secret_1234';
/** Runs per property and provider: about 1 000 requests per provider (a consented session sends 5–8), 2 000 in all. */
const RUNS = 120;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const telegramUser = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 40 }),
  is_bot: fc.constant(false),
  first_name: nastyText,
  language_code: fc.constantFrom('vi', 'en', 'ar', ''),
});
const telegramMessage = fc.record({
  update_id: fc.nat(),
  message: fc.record({
    message_id: fc.nat(),
    date: fc.constant(Math.floor(Date.now() / 1000)),
    chat: fc.record({ id: fc.integer({ min: 1, max: 2 ** 40 }), type: fc.constant('private') }),
    from: telegramUser,
    text: nastyText,
  }),
});
const telegramPress = fc.record({
  update_id: fc.nat(),
  callback_query: fc.record({
    id: fc.string({ minLength: 1, maxLength: 20 }),
    from: telegramUser,
    data: fc.oneof(nastyText, fc.constantFrom('consent:yes', 'lang:vi', 'ask', 'report')),
    message: fc.record({ message_id: fc.nat(), chat: fc.record({ id: fc.nat() }) }),
  }),
});
const zaloId = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.nat().map(String));
const zaloUpdate = fc.record({
  event_name: fc.constantFrom(
    'message.text.received',
    'message.image.received',
    'message.sticker.received',
    'user.follow',
  ),
  message: fc.record({
    message_id: zaloId,
    date: fc.constant(Date.now()),
    chat: fc.record({ id: zaloId, chat_type: fc.constant('PRIVATE') }),
    from: fc.record({ id: zaloId, display_name: nastyText }),
    text: nastyText,
    photo: fc.constantFrom(
      'https://photo-stal-1.zdn.vn/a.jpg',
      'file:///etc/passwd',
      'http://169.254.169.254/latest/meta-data/',
      '../../etc/passwd',
    ),
  }),
});
const zaloBody = fc.oneof(
  zaloUpdate,
  zaloUpdate.map((result) => ({ ok: true, result })),
  fc.array(zaloUpdate, { maxLength: 3 }).map((result) => ({ ok: true, result })),
);
const sessionId = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
// without sessionId a message starts a session; a made-up one is refused (401) like a forged one
const chatMessage = fc.record(
  {
    sessionId,
    text: nastyText,
    choice: fc.oneof(nastyText, fc.constantFrom('ask', 'report', 'menu')),
    locale: fc.constantFrom('vi', 'en'),
  },
  { requiredKeys: [] },
);
/** every byte as %XX, so that even lone surrogates (sent as U+FFFD) reach the server */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
/** escapes that decode to invalid UTF-8 or to nothing at all */
const brokenEscape = fc.constantFrom('%', '%zz', '%ff%fe', '%c3%28', '%00', '%e2%80%ae', '%0d%0aSet-Cookie:%20x=1');
/** a body near and beyond the 256 KiB limit */
const hugeBody = fc
  .integer({ min: 200_000, max: 400_000 })
  .map((size) => JSON.stringify({ sessionId: 'huge-body-session-0001', text: 'ầ'.repeat(size / 3) }));

describe.each(providers)('hostile input on %s', (provider) => {
  let test: TestApp;
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    test = await startTestApp(provider, {
      ...webhookModeEnv(telegram, zalo, { telegram: TELEGRAM_SECRET, zalo: ZALO_SECRET }),
      // every request comes from 127.0.0.1: the per-address limit is tested in limits.test.ts
      WEB_CHAT_REQUESTS_PER_MINUTE: '0',
    });
    await telegram.waitFor(() => telegram.webhook !== null);
    await zalo.waitFor(() => zalo.webhook !== null);
  });
  afterAll(async () => {
    await test.stop();
    await telegram.stop();
    await zalo.stop();
  });

  /** Sends a body; fails the property on a 5xx (a client error must never look like a crash). */
  async function send(
    method: 'GET' | 'POST',
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<number> {
    const response = await fetch(new URL(path, test.url), {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500)
      throw new Error(
        `${method} ${path} answered ${response.status} ${text.slice(0, 300)} for ${String(body).slice(0, 300)}`,
      );
    return response.status;
  }
  const toTelegram = (body: string | Buffer) =>
    send('POST', '/webhooks/telegram', body, { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET });
  const toZalo = (body: string | Buffer) =>
    send('POST', '/webhooks/zalo', body, { 'x-bot-api-secret-token': ZALO_SECRET });
  const toChat = (body: string | Buffer) => send('POST', '/api/chat/messages', body);
  /** Starts a web chat session the way the widget does, and returns the id the server issued. */
  async function openSession(): Promise<string> {
    const response = await fetch(new URL('/api/chat/messages', test.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'xin chào' }),
    });
    return z.object({ sessionId: z.string() }).parse(await response.json()).sessionId;
  }

  it('answers every malformed or hostile request with a 4xx or an ignoring 200, never a 500, and keeps its memory flat', async () => {
    const check = <T>(arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<unknown>, runs = RUNS) =>
      fc.assert(
        fc.asyncProperty(arbitrary, async (value) => void (await run(value))),
        { numRuns: runs },
      );
    const encode = (value: unknown) => (Buffer.isBuffer(value) ? value : JSON.stringify(value));
    const property = (
      arbitrary: fc.Arbitrary<unknown>,
      sender: (body: string | Buffer) => Promise<number>,
      runs = RUNS,
    ) => check(arbitrary, (value) => sender(encode(value)), runs);

    // warm up every route once so that lazily built things (caches, compiled schemas) are in the baseline
    await property(fc.oneof(telegramMessage, telegramPress), toTelegram, 30);
    await property(zaloBody, toZalo, 30);
    await property(chatMessage, toChat, 30);
    const before = heapAfterGc();

    await property(
      fc.oneof(mutated(telegramMessage), mutated(telegramPress), telegramMessage, telegramPress),
      toTelegram,
    );
    await property(fc.oneof(mutated(zaloUpdate), zaloBody, fc.jsonValue({ maxDepth: 4 })), toZalo);
    await property(fc.oneof(mutated(chatMessage), chatMessage, fc.jsonValue({ maxDepth: 4 })), toChat);
    await property(
      brokenBody,
      (body) =>
        toTelegram(body)
          .then(() => toZalo(body))
          .then(() => toChat(body)),
      RUNS / 2,
    );
    // consented citizens, so that the hostile text reaches the answerer, the menus and the complaint intake
    const hostileStep = fc.oneof(
      nastyText.map((text) => ({ text })),
      nastyText.map((choice) => ({ choice })),
      fc.constantFrom(
        { text: '1' },
        { choice: 'constructor' },
        { choice: '__proto__' },
        { choice: 'c:constructor' },
        { choice: 'd:../../etc' },
      ),
    );
    await check(
      fc.tuple(
        fc.constantFrom('ask', 'flow:intake', 'flow:mytickets', 'flow:locality'),
        fc.array(hostileStep, { minLength: 1, maxLength: 4 }),
      ),
      async ([start, steps]) => {
        const session = await openSession();
        for (const step of [{ choice: 'consent:yes' }, { choice: 'lang:vi' }, { choice: start }, ...steps]) {
          await toChat(JSON.stringify({ sessionId: session, ...step }));
        }
      },
      RUNS / 3,
    );
    await property(hugeBody, (body) => toChat(body).then(() => toTelegram(body)), 10);
    await check(
      fc.record({
        sessionId: fc.oneof(sessionId, nastyText.map(percentEncoded), brokenEscape),
        after: fc.oneof(fc.nat().map(String), nastyText.map(percentEncoded), brokenEscape),
      }),
      ({ sessionId: session, after }) =>
        send('GET', `/api/chat/messages?sessionId=${session}&after=${after}&after=1`, undefined, {
          'x-chat-session': session,
        }),
    );
    // wrong content types and a query string where a body belongs
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ]) {
      expect(
        await send('POST', '/api/chat/messages', 'sessionId=abcdefghijklmnop&text=hi', { 'content-type': type }),
      ).toBeLessThan(500);
    }

    const growth = heapAfterGc() - before;
    process.stdout.write(
      `hostile input on ${provider}: answers by status ${JSON.stringify(Object.fromEntries(statuses))}, heap growth ${(growth / 1e6).toFixed(1)} MB\n`,
    );
    // generous: thousands of requests leave recorded calls in the fakes; a leak per request would be far more
    expect(growth).toBeLessThan(40e6);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    // the engine turns its own failures into a polite "try again": those must not happen either
    expect(test.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it('answers words that name JavaScript internals like any other text, in a question and as commands', async () => {
    const session = await openSession();
    const say = async (step: Record<string, unknown>) => {
      const response = await fetch(new URL('/api/chat/messages', test.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: session, ...step }),
      });
      expect(response.status).toBe(200);
      return JSON.stringify(await response.json());
    };
    for (const step of [{ choice: 'consent:yes' }, { choice: 'lang:vi' }]) await say(step);
    const failed = test.app.context.i18n.t('vi', 'chat:error');
    for (const text of [
      'constructor',
      '__proto__ toString',
      'hasOwnProperty valueOf',
      '/constructor',
      '/start constructor',
      '/start __proto__',
      '/toString',
    ]) {
      const answer = await say({ text });
      expect(answer, text).not.toContain(failed);
      expect(answer, text).toContain('"replies":[{');
    }
    expect(test.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it('still talks to real citizens on every channel after the storm', async () => {
    const user = { id: 777_000_001, first_name: 'Lan', language_code: 'vi' };
    expect(await toTelegram(JSON.stringify(telegram.textUpdate(user, '/start')))).toBe(200);
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2);
    expect(telegram.sentMessages(user.id)[0]?.text).toContain('Xin chào');

    expect(await toZalo(JSON.stringify({ ok: true, result: zalo.textUpdate('after-storm', 'xin chào') }))).toBe(200);
    await zalo.waitFor(() => zalo.sentMessages('after-storm').length >= 1);

    const answer = await fetch(new URL('/api/chat/messages', test.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'xin chào' }),
    });
    expect(answer.status).toBe(200);
    const body: unknown = await answer.json();
    expect(JSON.stringify(body)).toContain('Xin chào');
    expect((await fetch(new URL('/healthz', test.url))).status).toBe(200);
  });
});
