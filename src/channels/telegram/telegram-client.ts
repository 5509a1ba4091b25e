// Everything that talks to the Telegram Bot API for this bot, built once from the configuration
// and shared by the inbound channel (polling, webhook, button presses) and the outbox's sender.
import type { AppConfig } from '../../config/env.js';
import { BotApi } from './bot-api.js';
import { CallbackData } from './callback-data.js';
import { TelegramSender } from './telegram-sender.js';

export interface TelegramClient {
  api: BotApi;
  /** option ids longer than callback_data allows travel as hashes remembered here */
  callbackData: CallbackData;
  sender: TelegramSender;
}

export function createTelegramClient(
  config: Pick<NonNullable<AppConfig['telegram']>, 'token' | 'apiRoot'>,
): TelegramClient {
  const api = new BotApi(config.token, config.apiRoot);
  const callbackData = new CallbackData();
  return { api, callbackData, sender: new TelegramSender({ api, callbackData }) };
}
