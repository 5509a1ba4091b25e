// Approved changes to the knowledge base (from the console's proposals) and how they apply on
// top of the content of locales/<lang>/faq.json. One merge serves both the running knowledge
// base and the export back to the locale files, so what the bot answers and what a developer
// commits are the same. The merge is idempotent: a change that is already in the files (exported
// and committed) is skipped, never doubled.
import { z } from 'zod';
import type { Locale } from '../i18n.js';
import { normalizeVietnamese } from './normalize.js';

/** Ids of entries, as content.ts accepts them. */
export const FAQ_ID_PATTERN = /^[a-z0-9-]+$/;

/** One language's side of a new entry, as an officer writes it (no per-law-version texts). */
export const entrySideSchema = z.object({
  question: z.string().trim().min(1).max(300),
  answer: z.string().trim().min(1).max(2000),
  basis: z.string().trim().min(1).max(300),
  variants: z.array(z.string().trim().min(1).max(500)).max(30).default([]),
  keywords: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
});
export type EntrySide = z.infer<typeof entrySideSchema>;

export type FaqChange =
  | { kind: 'variant'; faqId: string; locale: Locale; text: string }
  | { kind: 'entry'; faqId: string; vi: EntrySide; en: EntrySide; related: string[] };

/** The entries of one locale file as stored: id → fields (kept as they are, in their order). */
export type RawEntries = Record<string, Record<string, unknown>>;

const rawEntriesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Narrows the "entries" object of a faq.json; `where` names the file in the error. */
export function parseRawEntries(value: unknown, where: string): RawEntries {
  const parsed = rawEntriesSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${where}: "entries" must be an object of entries`);
  return parsed.data;
}

/** The comparable form of a wording: the same question typed differently gives the same key. */
export function wordingKey(text: string): string {
  return normalizeVietnamese(text) || text.trim().toLowerCase();
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The question and the variants of a stored entry. */
function wordingsOf(entry: Record<string, unknown>): string[] {
  return [...(typeof entry.question === 'string' ? [entry.question] : []), ...strings(entry.variants)];
}

/** A new entry's side in the files' field order; `next` only on the Vietnamese side, as content.ts reads it. */
function storedSide(side: EntrySide, next?: string[]): Record<string, unknown> {
  return {
    question: side.question,
    answer: side.answer,
    variants: side.variants,
    keywords: side.keywords,
    basis: side.basis,
    ...(next ? { next } : {}),
  };
}

/** Applies `changes` in order to copies of both languages' entries. */
export function applyFaqChanges(
  base: Record<Locale, RawEntries>,
  changes: readonly FaqChange[],
): Record<Locale, RawEntries> {
  const merged: Record<Locale, RawEntries> = { vi: { ...base.vi }, en: { ...base.en } };
  for (const change of changes) {
    if (change.kind === 'variant') {
      const entry = merged[change.locale][change.faqId];
      // an entry renamed or removed in the files since: there is nothing left to attach to
      if (!entry) continue;
      const key = wordingKey(change.text);
      if (wordingsOf(entry).some((wording) => wordingKey(wording) === key)) continue;
      merged[change.locale][change.faqId] = { ...entry, variants: [...strings(entry.variants), change.text] };
    } else {
      if (merged.vi[change.faqId] || merged.en[change.faqId]) continue;
      merged.vi[change.faqId] = storedSide(
        change.vi,
        change.related.map((id) => `faq:${id}`),
      );
      merged.en[change.faqId] = storedSide(change.en);
    }
  }
  return merged;
}
