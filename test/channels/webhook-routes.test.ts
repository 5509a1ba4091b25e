// What the webhook routes answer, beyond their status: a refused secret gets the same small
// JSON body on both platforms; Telegram's answer carries the answerCallbackQuery of a button
// press (Telegram runs it, one HTTP call less) and nothing for a text; Zalo's says ok. And an
// app without PUBLIC_URL polls: it has no webhook route at all, so nothing can be posted to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { webhookModeEnv } from '../support/webhook-env.js';

const [provider = 'sqlite'] = await testProviders();
const SECRETS = { telegram: 'routes-telegram-secret_1', zalo: 'routes-zalo-secret_12' };

async function post(app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, app.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe(`webhook routes on ${provider}`, () => {
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  let webhooks: TestApp;
  let polling: TestApp;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    webhooks = await startTestApp(provider, webhookModeEnv(telegram, zalo, SECRETS));
  });
  afterAll(async () => {
    await webhooks?.stop();
    await polling?.stop();
    await telegram?.stop();
    await zalo?.stop();
  });

  it('refuses a wrong secret with the same answer on both platforms', async () => {
    const update = telegram.textUpdate({ id: 7101 }, 'xin chào');
    expect(
      await post(webhooks, '/webhooks/telegram', update, { 'x-telegram-bot-api-secret-token': SECRETS.zalo }),
    ).toEqual({ status: 401, body: { error: 'unauthenticated' } });
    expect(
      await post(webhooks, '/webhooks/zalo', zalo.textUpdate('z7101', 'xin chào'), {
        'x-bot-api-secret-token': SECRETS.telegram,
      }),
    ).toEqual({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('answers a Telegram button press with its answerCallbackQuery, and a text with nothing', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': SECRETS.telegram };
    const user = { id: 7102 };
    expect(await post(webhooks, '/webhooks/telegram', telegram.textUpdate(user, 'xin chào'), headers)).toEqual({
      status: 200,
      body: {},
    });
    const press = telegram.callbackUpdate(user, 'consent:yes') as { callback_query: { id: string } };
    expect(await post(webhooks, '/webhooks/telegram', press, headers)).toEqual({
      status: 200,
      body: { method: 'answerCallbackQuery', callback_query_id: press.callback_query.id },
    });
  });

  it('answers a Zalo update with ok', async () => {
    expect(
      await post(webhooks, '/webhooks/zalo', zalo.textUpdate('z7103', 'xin chào'), {
        'x-bot-api-secret-token': SECRETS.zalo,
      }),
    ).toEqual({ status: 200, body: { ok: true } });
  });

  it('has no webhook routes when it polls', async () => {
    // started here, not before all: what it sets up at start is this test's to check
    polling = await startTestApp(provider, {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      // a secret without PUBLIC_URL: still polling, no route
      TELEGRAM_WEBHOOK_SECRET: SECRETS.telegram,
      ZALO_WEBHOOK_SECRET: SECRETS.zalo,
    });
    const telegramPost = await post(polling, '/webhooks/telegram', telegram.textUpdate({ id: 7104 }, 'xin chào'), {
      'x-telegram-bot-api-secret-token': SECRETS.telegram,
    });
    expect(telegramPost.status).toBe(404);
    const zaloPost = await post(polling, '/webhooks/zalo', zalo.textUpdate('z7104', 'xin chào'), {
      'x-bot-api-secret-token': SECRETS.zalo,
    });
    expect(zaloPost.status).toBe(404);
  });
});
