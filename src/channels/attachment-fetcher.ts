// The console's attachment port, served by the channel each attachment came from. The web chat
// takes no file uploads, so only Telegram and Zalo attachments exist; a channel that is
// switched off (or never had files) answers "not available" instead of guessing.
import type { AttachmentFetcher } from '../attachments/fetcher.js';
import type { AppConfig } from '../config/env.js';
import { DomainError } from '../lib/errors.js';
import { createTelegramFileFetcher } from './telegram/telegram-file-fetcher.js';
import { createZaloFileFetcher } from './zalo/zalo-file-fetcher.js';

export function createAttachmentFetcher(config: Pick<AppConfig, 'telegram' | 'zalo'>): AttachmentFetcher {
  const byChannel = new Map<string, AttachmentFetcher>();
  if (config.telegram) byChannel.set('telegram', createTelegramFileFetcher(config.telegram));
  if (config.zalo) byChannel.set('zalo', createZaloFileFetcher(config.zalo));
  return {
    async fetch(attachment) {
      const fetcher = byChannel.get(attachment.channel);
      if (!fetcher)
        throw new DomainError(
          'not_found',
          `Attachments from ${attachment.channel} cannot be fetched: the channel is off.`,
          'attachment.channel_off',
        );
      return fetcher.fetch(attachment);
    },
  };
}
