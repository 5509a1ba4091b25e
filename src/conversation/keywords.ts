// Words a citizen may type instead of pressing a button. Matched on folded text, so "Hủy",
// "huy" and "HUY" are the same; commands may carry the bot's name ("/start@cutri_bot").
import { foldDiacritics } from '../lib/text.js';

export type Keyword = 'subscribe' | 'unsubscribe' | 'menu' | 'help' | 'greeting';

/** A message that only greets ("Xin chào!", "alo", "hi bot"): it asks nothing, so it gets a greeting and the menu. */
const GREETINGS = [
  'xin chao',
  'chao',
  'chao ban',
  'xin chao ban',
  'chao bot',
  'chao ad',
  'chao admin',
  'chao em',
  'chao anh',
  'chao chi',
  'alo',
  'a lo',
  'hi',
  'hi bot',
  'hello',
  'hello bot',
  'hey',
  'good morning',
  'good afternoon',
  'good evening',
];

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
  ...Object.fromEntries(GREETINGS.map((greeting) => [greeting, 'greeting' as const])),
};

/** The keyword the whole message is, if any ("  Dừng! " → unsubscribe, "Xin chào bạn," → greeting). */
export function detectKeyword(text: string): Keyword | null {
  const folded = foldDiacritics(text)
    .replace(/^(\/[a-z]+)@\w+/, '$1')
    .replace(/[\s.,!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // own keys only: "constructor" typed by a citizen must not reach Object.prototype
  return Object.hasOwn(KEYWORDS, folded) ? KEYWORDS[folded]! : null;
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
