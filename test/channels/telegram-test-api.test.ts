// The bot against telegram-test-api, a public Bot API emulator written by others (our own fake
// is test/support/fake-telegram.ts): messages and button presses round-trip through it. It
// answers 500 to setMyCommands, which it does not implement: the commands menu is optional, so the
// channel logs that once and carries on polling.
//
// A known bug until optional calls were set apart: setMyCommands failing made the whole
// connect step fail, and the bot retried it for ever without ever polling.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { freePort } from '../support/free-port.js';

const providers = await testProviders();
const TOKEN = '424242:telegram-test-api_token';
const CHAT_ID = 5151;

describe.each(providers)('the Telegram channel against telegram-test-api on %s', (provider) => {
  let emulator: TelegramServer | undefined;
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.stop();
    await emulator?.stop();
  });

  it('answers a message and a button press, although setMyCommands fails', { timeout: 60_000 }, async () => {
    const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
    emulator = server;
    await server.start();
    const client = server.getClient(TOKEN, { userId: CHAT_ID, chatId: CHAT_ID, firstName: 'Lan', timeout: 30_000 });
    test = await startTestApp(provider, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL });
    const app = test;
    const botMessages = () =>
      server.storage.botMessages
        .filter((update) => update.botToken === TOKEN && String(update.message.chat_id) === String(CHAT_ID))
        .map((update) => update.message);
    const waitForMessages = async (count: number) => {
      await expect.poll(() => botMessages().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
      return botMessages();
    };
    const i18n = app.app.context.i18n;

    await client.sendMessage(client.makeMessage('/start'));
    const [greeting, privacy] = await waitForMessages(2);
    expect(greeting?.text).toBe(i18n.t('vi', 'chat:greeting'));
    expect(JSON.stringify(privacy?.reply_markup)).toContain('consent:yes');

    await client.sendCallback(client.makeCallbackQuery('consent:yes'));
    const language = (await waitForMessages(3))[2];
    expect(language?.text).toBe(i18n.t('vi', 'chat:language.ask'));
    expect(JSON.stringify(language?.reply_markup)).toContain('lang:en');

    // the menu could not be set: said once, and the channel went on
    const warnings = app.logs.filter((line) => line.includes('could not set the commands menu'));
    expect(warnings).toHaveLength(1);
    expect(app.logs.join('')).toContain('telegram: connected');
  });
});
