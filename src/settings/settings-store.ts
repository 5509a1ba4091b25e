// The Setting table, typed: each key has one zod schema, and this module is the only reader and
// writer. A stored value that no longer fits its schema reads as absent (the defaults apply) and
// is logged by nobody: the writer validated it, so it can only come from a hand edit.
import type { z } from 'zod';
import type { Db, Transaction } from '../db/client.js';
import { parseJsonOrNull } from '../lib/json.js';
import { broadcastSettingsSchema, DEFAULT_BROADCAST_SETTINGS, type BroadcastSettings } from './broadcast-settings.js';
import { calendarOverrideSchema } from './election-calendar.js';

const SETTINGS = {
  'broadcasts.settings': broadcastSettingsSchema,
  'broadcasts.electionCalendar': calendarOverrideSchema,
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** The stored value of `key`, or null when there is none (or it no longer fits its schema). */
export async function readSetting<K extends SettingKey>(db: Db | Transaction, key: K): Promise<SettingValue<K> | null> {
  const row = await db.setting.findUnique({ where: { key } });
  if (!row) return null;
  const parsed = SETTINGS[key].safeParse(parseJsonOrNull(row.value));
  return parsed.success ? (parsed.data as SettingValue<K>) : null;
}

/** Validates `value` against the key's schema (zod issues as the error) and stores it. */
export async function writeSetting<K extends SettingKey>(
  db: Db | Transaction,
  key: K,
  value: unknown,
): Promise<SettingValue<K>> {
  const parsed = SETTINGS[key].safeParse(value);
  if (!parsed.success) throw parsed.error;
  const text = JSON.stringify(parsed.data);
  await db.setting.upsert({ where: { key }, create: { key, value: text }, update: { value: text } });
  return parsed.data as SettingValue<K>;
}

export async function readBroadcastSettings(db: Db): Promise<BroadcastSettings> {
  return (await readSetting(db, 'broadcasts.settings')) ?? DEFAULT_BROADCAST_SETTINGS;
}
