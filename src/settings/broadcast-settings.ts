// Broadcast settings (the Setting "broadcasts.settings", written with `npm run settings:set`):
// the per-channel send rates, Telegram's paid broadcasts, and the quiet hours. The defaults
// follow the platforms' documented limits (../shared/docs/telegram-notes.md).
import { z } from 'zod';
import type { Channel } from '../conversation/messages.js';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** Telegram's free bulk rate: above it only paid broadcasts are allowed. */
export const TELEGRAM_FREE_LIMIT = 30;
/** Telegram's rate with paid broadcasts (allow_paid_broadcast): each message over 30/s costs Stars. */
export const TELEGRAM_PAID_LIMIT = 1000;
const TELEGRAM_DEFAULT_RATE = 25;

export const broadcastSettingsSchema = z.object({
  /** messages per second to Telegram in total; default 25, or 1000 with paid broadcasts */
  telegramPerSecond: z.number().positive().max(TELEGRAM_PAID_LIMIT).optional(),
  /** Telegram's allow_paid_broadcast: sent with every broadcast message, and the rate may go above 30/s */
  telegramPaidBroadcast: z.boolean().default(false),
  /** Zalo publishes no figure: a conservative default */
  zaloPerSecond: z.number().positive().max(1000).default(5),
  /** scheduled non-urgent broadcasts wait outside these local hours; null: no quiet hours */
  quietHours: z.object({ start: clockTime, end: clockTime }).nullable().default({ start: '21:00', end: '06:00' }),
});

export type BroadcastSettings = z.infer<typeof broadcastSettingsSchema>;

export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = broadcastSettingsSchema.parse({});

/** Messages per second the engine may send on each channel (web chat writes rows: unlimited). */
export function channelRates(settings: BroadcastSettings): Record<Channel, number> {
  const telegram = settings.telegramPaidBroadcast
    ? (settings.telegramPerSecond ?? TELEGRAM_PAID_LIMIT)
    : Math.min(settings.telegramPerSecond ?? TELEGRAM_DEFAULT_RATE, TELEGRAM_FREE_LIMIT);
  return { telegram, zalo: settings.zaloPerSecond, web: Number.POSITIVE_INFINITY };
}
