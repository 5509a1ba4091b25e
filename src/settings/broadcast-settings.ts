// Broadcast settings an admin may change in the console (stored in the Setting table): the
// per-channel send rates, Telegram's paid broadcasts, and the quiet hours. The defaults follow
// the platforms' documented limits (../shared/docs/telegram-notes.md).
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Channel } from '../conversation/messages.js';

export const BROADCAST_SETTINGS_KEY = 'broadcasts.settings';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const broadcastSettingsSchema = z.object({
  /** messages per second to Telegram in total; above 30 only with paid broadcasts */
  telegramPerSecond: z.number().positive().max(1000).default(25),
  /** Telegram's allow_paid_broadcast: up to 1000/s, each message over 30/s costs Stars */
  telegramPaidBroadcast: z.boolean().default(false),
  /** Zalo publishes no figure: a conservative default */
  zaloPerSecond: z.number().positive().max(1000).default(5),
  /** scheduled non-urgent broadcasts wait outside these local hours; null: no quiet hours */
  quietHours: z.object({ start: clock, end: clock }).nullable().default({ start: '21:00', end: '06:00' }),
});

export type BroadcastSettings = z.infer<typeof broadcastSettingsSchema>;

/** Telegram's free bulk rate: above it only paid broadcasts are allowed. */
const TELEGRAM_FREE_LIMIT = 30;

export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = broadcastSettingsSchema.parse({});

export async function readBroadcastSettings(db: Db): Promise<BroadcastSettings> {
  const row = await db.setting.findUnique({ where: { key: BROADCAST_SETTINGS_KEY } });
  if (!row) return DEFAULT_BROADCAST_SETTINGS;
  const parsed = broadcastSettingsSchema.safeParse(safeJson(row.value));
  return parsed.success ? parsed.data : DEFAULT_BROADCAST_SETTINGS;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Messages per second the engine may send on each channel (web chat writes rows: unlimited). */
export function channelRates(settings: BroadcastSettings): Record<Channel, number> {
  const telegram = settings.telegramPaidBroadcast ? settings.telegramPerSecond : Math.min(settings.telegramPerSecond, TELEGRAM_FREE_LIMIT);
  return { telegram, zalo: settings.zaloPerSecond, web: Number.POSITIVE_INFINITY };
}
