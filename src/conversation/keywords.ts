// Words a citizen may type instead of pressing a button. Matched on folded text, so "Hủy",
// "huy" and "HUY" are the same; commands may carry the bot's name ("/start@cutri_bot").
import { foldDiacritics } from '../lib/text.js';

export type Keyword = 'subscribe' | 'unsubscribe' | 'menu' | 'help';

const KEYWORDS: Record<string, Keyword> = {
  'dang ky': 'subscribe',
  dangky: 'subscribe',
  subscribe: 'subscribe',
  '/subscribe': 'subscribe',
  '/dangky': 'subscribe',
  huy: 'unsubscribe',
  'huy dang ky': 'unsubscribe',
  dung: 'unsubscribe',
  stop: 'unsubscribe',
  unsubscribe: 'unsubscribe',
  '/unsubscribe': 'unsubscribe',
  '/stop': 'unsubscribe',
  '/dung': 'unsubscribe',
  menu: 'menu',
  '/menu': 'menu',
  '/start': 'menu',
  help: 'help',
  '/help': 'help',
  'huong dan': 'help',
};

/** The keyword the whole message is, if any ("  Dừng! " → unsubscribe). */
export function detectKeyword(text: string): Keyword | null {
  const folded = foldDiacritics(text)
    .replace(/^(\/[a-z]+)@\w+/, '$1')
    .replace(/[.!?]+$/, '')
    .trim();
  return KEYWORDS[folded] ?? null;
}

/** "/start complaint" → { command: "start", argument: "complaint" } */
export function parseCommand(text: string): { command: string; argument: string | undefined } | null {
  const match = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+(\S.*))?$/s.exec(text.trim());
  if (!match?.[1]) return null;
  return { command: match[1].toLowerCase(), argument: match[2]?.trim() };
}

const CONSENT_WORDS = new Set(['dong y', 'toi dong y', 'co', 'ok', 'yes', 'agree', 'i agree']);

export function isConsentText(text: string): boolean {
  return CONSENT_WORDS.has(foldDiacritics(text).replace(/[.!]+$/, ''));
}
