// The Telegram Bot API failing under the app: 500 storms, 429 storms, a failing getUpdates and
// calls that never answer. The app does not crash, does not hammer the API (calls are counted
// over the failing window), and the citizen's reply arrives once the platform recovers.
// The faults are in the channel, not the database: these run on SQLite.
//
// These once were known bugs: a reply whose retries ran out (a 429 storm longer than 4
// attempts, a 500 outage longer than ~4 s) was dropped, and one Bot API call that never answered
// stalled long polling for every citizen and the app's stop. Replies now go through a durable
// outbox retried with back-off (src/outbox/, crash test in reply-outbox.test.ts)
// and every platform call has a deadline.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { HangingProxy } from './hanging-proxy.js';

const report = (line: string) => process.stdout.write(`[chaos] Telegram ${line}\n`);
/** How much longer than its back-off a poll may come: the failing call's round trip on a busy machine. */
const BACK_OFF_TOLERANCE_MS = 500;

describe('Telegram API faults', () => {
  let telegram: FakeTelegram;
  let proxy: HangingProxy | undefined;
  let test: TestApp | undefined;
  afterEach(async () => {
    // the proxy first: it cuts held calls, which an app stuck on one needs in order to stop
    await proxy?.stop();
    proxy = undefined;
    await test?.stop();
    test = undefined;
    await telegram.stop();
  });

  async function start(options: { throughProxy?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
    telegram = await FakeTelegram.start();
    if (options.throughProxy) proxy = await HangingProxy.start(telegram.url);
    const app = await startTestApp('sqlite', {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: proxy?.url ?? telegram.url,
      ...options.env,
    });
    test = app;
    if (!options.env?.PUBLIC_URL) await telegram.waitFor(() => telegram.callsOf('getUpdates').length > 0);
    return app;
  }
  const sendCalls = (user: FakeUser) =>
    telegram.callsOf('sendMessage').filter((call) => String(call.body.chat_id) === String(user.id)).length;

  it('retries a reply through a burst of 500s with back-off, and the citizen gets it', async () => {
    await start();
    const user = { id: 7001, language_code: 'vi' };
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 3 });
    const sentAt = Date.now();
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 30_000);
    expect(telegram.sentMessages(user.id)[0]?.text).toContain('Xin chào');
    // three failures then two messages: five calls, not a tight loop
    expect(sendCalls(user)).toBe(5);
    report(
      `500 ×3 on sendMessage: reply delivered after ${Date.now() - sentAt} ms with ${sendCalls(user)} sendMessage calls`,
    );
  });

  it('sends a reply again when the answer breaks off, and keeps the token in the address out of the logs', async () => {
    const app = await start();
    const user = { id: 7009, language_code: 'vi' };
    // one full round of attempts breaks off: the outbox logs why the reply waits
    telegram.failNext('sendMessage', { status: 200, description: '', cutBody: true, times: 4 });
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 30_000);
    expect(telegram.sentMessages(user.id)[0]?.text).toContain('Xin chào');
    const logs = app.logs.join('');
    // the failure is logged (an HTTP client may quote the address, …/bot<token>/sendMessage), the token is not
    expect(logs).toContain('telegram: sendMessage failed');
    expect(logs).not.toContain(telegram.token);
  });

  it('waits out a short 429 storm as told, without hammering, and the reply arrives', async () => {
    await start();
    const user = { id: 7101 };
    telegram.failNext('sendMessage', {
      status: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      times: 3,
    });
    const sentAt = Date.now();
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 30_000);
    expect(sendCalls(user)).toBe(5);
    report(
      `429 ×3 (retry_after 1 s): reply delivered after ${Date.now() - sentAt} ms with ${sendCalls(user)} sendMessage calls`,
    );
  });

  it('backs off exponentially while getUpdates fails (1 s, 2 s, 4 s), then answers what was waiting', async () => {
    await start();
    telegram.failNext('getUpdates', { status: 500, description: 'Internal Server Error', times: 3 });
    const before = telegram.callsOf('getUpdates').length;
    // an update ends the long poll in flight; the polls after it fail three times
    const first = { id: 7201 };
    telegram.injectUpdate(telegram.textUpdate(first, '/start'));
    await telegram.waitFor(() => telegram.callsOf('getUpdates').length > before, 10_000);
    // a citizen who writes during the outage
    const waiting = { id: 7202 };
    telegram.injectUpdate(telegram.textUpdate(waiting, '/start'));
    // three failed polls and the one that works
    await telegram.waitFor(() => telegram.callsOf('getUpdates').length >= before + 4, 30_000);
    const at = telegram
      .callsOf('getUpdates')
      .slice(before, before + 4)
      .map((call) => call.at);
    const gaps = at.slice(1).map((time, index) => time - (at[index] ?? time));
    report(`getUpdates 500 ×3: polled again after ${gaps.join(' ms, ')} ms`);
    // each wait doubles from 1 s: not a constant retry, not a tight loop
    [1000, 2000, 4000].forEach((expected, index) => {
      expect(gaps[index], `wait after failure ${index + 1}`).toBeGreaterThanOrEqual(expected);
      expect(gaps[index], `wait after failure ${index + 1}`).toBeLessThan(expected + BACK_OFF_TOLERANCE_MS);
    });
    await telegram.waitFor(() => telegram.sentMessages(waiting.id).length >= 2, 30_000);
    expect(telegram.sentMessages(waiting.id)[0]?.text).toContain('Xin chào');
  });

  it('delivers a reply refused by a 429 storm longer than the retry budget once the platform lets us', async () => {
    await start();
    const user = { id: 7151 };
    telegram.failNext('sendMessage', {
      status: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      times: 5,
    });
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 20_000);
  });

  it('delivers a reply that failed through a 500 outage longer than the retry budget once the platform recovers', async () => {
    await start();
    const user = { id: 7301 };
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 5 });
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 20_000);
  });

  it('keeps answering other citizens while one Bot API call never answers', async () => {
    await start({ throughProxy: true });
    const stuck = { id: 7401 };
    const other = { id: 7402 };
    proxy?.hangNext('sendMessage', 1);
    telegram.injectUpdate(telegram.textUpdate(stuck, '/start'));
    await telegram.waitFor(() => (proxy?.held.length ?? 0) === 1);
    telegram.injectUpdate(telegram.textUpdate(other, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(other.id).length >= 2, 20_000);
  });

  it('delivers the reply to a webhook update after an outage longer than the retry budget', async () => {
    const secret = 'faults-webhook-secret_123';
    const app = await start({
      env: { PUBLIC_URL: 'https://cutri.example.gov.vn', METRICS_PUBLIC: 'true', TELEGRAM_WEBHOOK_SECRET: secret },
    });
    await telegram.waitFor(() => telegram.webhook !== null);
    const user = { id: 7501 };
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 5 });
    const answered = await fetch(new URL('/webhooks/telegram', app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(telegram.textUpdate(user, '/start')),
    });
    // Telegram gets its 200 (no redelivery storm); the reply follows once the API recovers
    expect(answered.status).toBe(200);
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 20_000);
    expect(telegram.sentMessages(user.id).map((message) => message.text)[0]).toContain('Xin chào');
  });

  it('stops while a Bot API call hangs, without waiting for the platform', async () => {
    const app = await start({ throughProxy: true });
    const stuck = { id: 7601 };
    proxy?.hangNext('sendMessage', 1);
    telegram.injectUpdate(telegram.textUpdate(stuck, '/start'));
    await telegram.waitFor(() => (proxy?.held.length ?? 0) === 1);
    // the proxy still holds the call: stop() must not wait for its answer (or its deadline)
    test = undefined;
    await app.stop();
    expect(proxy?.held).toHaveLength(1);
    expect(telegram.sentMessages(stuck.id)).toEqual([]);
  });
});
