// npm run officer:link-telegram -- --username U --telegram-id 123456789   (--telegram-id none unlinks)
import { runCli } from './run-cli.js';
import { linkTelegramAccount } from '../officer-group/telegram-link.js';

await runCli(
  {
    usage: 'npm run officer:link-telegram -- --username U --telegram-id TELEGRAM_USER_ID|none',
    options: { username: { type: 'string' }, 'telegram-id': { type: 'string' } },
  },
  async ({ args, database }) => {
    const username = args.username ?? '';
    const telegramId = args['telegram-id'] ?? '';
    const unlink = telegramId === 'none';
    await linkTelegramAccount((await database()).db, username, unlink ? null : telegramId);
    return unlink
      ? `Officer "${username}" is no longer linked to Telegram.`
      : `Officer "${username}" is linked to Telegram user ${telegramId}.`;
  },
);
