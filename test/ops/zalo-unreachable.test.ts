// Zalo's API unreachable (nothing listens on its port): Telegram and the web chat carry on as
// if nothing happened, and the app says once, clearly, that Zalo cannot be reached.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { newChatSession, say, walkPetitionToSummary } from './web-chat-client.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('Zalo unreachable', () => {
  let telegram: FakeTelegram;
  let test: TestApp;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    test = await startTestApp('sqlite', {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      ZALO_BOT_TOKEN: '2211331:FAKEzaloSECRETtokenForTests',
      ZALO_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
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

    const zaloErrors = test.logs.filter((line) => line.includes('"channel":"zalo"') && line.includes('"level":50'));
    expect(zaloErrors.length).toBeGreaterThanOrEqual(1);
    // one error, then quieter retries with back-off: not a line per attempt
    expect(zaloErrors.length).toBeLessThanOrEqual(2);
    expect(test.logs.join('')).not.toContain('FAKEzaloSECRETtokenForTests');
  });
});
