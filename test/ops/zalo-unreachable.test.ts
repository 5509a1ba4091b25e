// Zalo's API unreachable (nothing listens on its port): Telegram and the web chat carry on as
// if nothing happened, and the app says once, clearly, that Zalo cannot be reached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { freePort } from '../support/free-port.js';
import { newChatSession, say, walkPetitionToSummary } from './web-chat-client.js';

describe('Zalo unreachable', () => {
  let telegram: FakeTelegram;
  let test: TestApp;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    test = await startTestApp('sqlite', {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      ZALO_BOT_TOKEN: '2211331:FAKEzaloSECRETtokenForTests',
      ZALO_API_ROOT: `http://127.0.0.1:${await freePort()}`,
      // the retries are logged at debug level: the test counts them, the operator does not see them
      LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await test.stop();
    await telegram.stop();
  });

  it('leaves Telegram and the web chat answering, and reports Zalo once', async () => {
    const user = { id: 8001, language_code: 'vi' };
    telegram.injectUpdate(telegram.textUpdate(user, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= 2, 30_000);
    expect(telegram.sentMessages(user.id)[0]?.text).toContain('Xin chào');

    const summary = await walkPetitionToSummary(test.url, newChatSession());
    expect(summary.at(-1)?.options?.map((option) => option.id)).toContain('confirm');
    expect((await fetch(new URL('/healthz', test.url))).status).toBe(200);
    expect(await say(test.url, newChatSession(), { text: 'xin chào' })).not.toHaveLength(0);

    const zaloLines = (level: number) =>
      test.logs.filter((line) => line.includes('"channel":"zalo"') && line.includes(`"level":${level}`));
    // several attempts have failed by now (1 s, then 2 s of back-off)…
    await expect
      .poll(() => zaloLines(20).filter((line) => line.includes('zalo: connect still failing')).length, {
        timeout: 15_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(2);
    // …and the operator was told once, clearly: one error for the whole streak, not one per attempt
    const zaloErrors = zaloLines(50);
    expect(zaloErrors).toHaveLength(1);
    expect(JSON.parse(zaloErrors[0] ?? '{}')).toMatchObject({ msg: 'zalo: connect failed; retrying with back-off' });
    expect(test.logs.join('')).not.toContain('FAKEzaloSECRETtokenForTests');
  });
});
