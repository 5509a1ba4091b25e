// The whole app with Telegram on (a fake Bot API server on loopback) and an officer group, plus
// citizens who have started the bot and file tickets through the app's ticket service.
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import type { Provider } from '../support/databases.js';
import { FakeTelegram, type FakeUser, type SentMessage } from '../support/fake-telegram.js';
import type { NewTicket } from '../../src/tickets/types.js';

export const OFFICER_CHAT_ID = -1001234567890;
export const REPORTER = { fullName: 'Nguyễn Thị Lan', address: 'Số 12 đường Bà Triệu, Lạng Sơn', phone: '0912345678' };

export interface TelegramWorld {
  telegram: FakeTelegram;
  test: TestApp;
  /** Starts the bot as a new citizen (greeting, consent, language); answers the Citizen id. */
  onboard(user: FakeUser): Promise<string>;
  stop(): Promise<void>;
}

export async function startTelegramWorld(provider: Provider, env: Record<string, string> = {}): Promise<TelegramWorld> {
  const telegram = await FakeTelegram.start();
  const test = await startTestApp(provider, {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    OFFICER_CHAT_ID: String(OFFICER_CHAT_ID),
    ...env,
  });
  const exchange = async (user: FakeUser, update: Record<string, unknown>, count: number) => {
    const before = telegram.sentMessages(user.id).length;
    telegram.injectUpdate(update);
    await telegram.waitFor(() => telegram.sentMessages(user.id).length >= before + count);
  };
  return {
    telegram,
    test,
    async onboard(user) {
      await exchange(user, telegram.textUpdate(user, '/start'), 2);
      await exchange(user, telegram.callbackUpdate(user, 'consent:yes'), 1);
      await exchange(user, telegram.callbackUpdate(user, 'lang:vi'), 2);
      return (
        await test.app.context.db.citizen.findFirstOrThrow({
          where: { channel: 'telegram', platformUserId: String(user.id) },
        })
      ).id;
    },
    async stop() {
      await test.stop();
      await telegram.stop();
    },
  };
}

/** Files a complaint as the citizen would at the end of the chat intake; answers its code. */
export async function fileTicket(
  world: TelegramWorld,
  citizenId: string | null,
  fields: Partial<NewTicket> = {},
): Promise<string> {
  const filed = await world.test.app.tickets.file({
    intakeKey: randomUUID(),
    citizenId,
    channel: 'telegram',
    locale: 'vi',
    kind: 'complaint',
    category: 'voter_list',
    localityCode: '05971',
    description: 'Tên tôi không có trong danh sách cử tri niêm yết tại nhà văn hoá khu phố, dù tôi đã ở đây năm năm.',
    identity: REPORTER,
    attachments: [],
    ...fields,
  });
  return filed.code;
}

/** Waits for the next message the bot sends to `chatId` after the `before` first ones. */
export async function nextMessageTo(telegram: FakeTelegram, chatId: number, before: number): Promise<SentMessage> {
  await telegram.waitFor(() => telegram.sentMessages(chatId).length > before);
  const message = telegram.sentMessages(chatId)[before];
  if (!message) throw new Error('no message');
  return message;
}
