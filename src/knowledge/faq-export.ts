// Approved changes written back into locales/<lang>/faq.json, so that a developer reviews and
// commits them: each file keeps its format (two-space JSON, a final newline) and its key order;
// new entries go at the end, new variants at the end of their entry's list. The console offers
// the same text for download. Exporting twice changes nothing (the merge skips what is there).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n.js';
import { applyFaqChanges, parseRawEntries, type FaqChange } from './faq-changes.js';

export type FaqFiles = Record<Locale, string>;

// a record keeps the file's key order (an object schema would put its own keys first)
const faqFileSchema = z.record(z.string(), z.unknown());

const fileName = (locale: Locale) => path.join(locale, 'faq.json');

function parseFaqFile(text: string, locale: Locale) {
  const parsed = faqFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.entries === undefined)
    throw new Error(`${fileName(locale)}: not a knowledge-base file (no "entries")`);
  return { file: parsed.data, entries: parseRawEntries(parsed.data.entries, fileName(locale)) };
}

/** Both files' text with `changes` merged in. */
export function mergeIntoFaqFiles(files: FaqFiles, changes: readonly FaqChange[]): FaqFiles {
  const vi = parseFaqFile(files.vi, 'vi');
  const en = parseFaqFile(files.en, 'en');
  const merged = applyFaqChanges({ vi: vi.entries, en: en.entries }, changes);
  // spreading keeps "entries" where it was among the file's keys
  const format = (file: Record<string, unknown>, entries: unknown) =>
    `${JSON.stringify({ ...file, entries }, null, 2)}\n`;
  return { vi: format(vi.file, merged.vi), en: format(en.file, merged.en) };
}

export async function readFaqFiles(localesDir: string): Promise<FaqFiles> {
  const read = (locale: Locale) => readFile(path.join(localesDir, fileName(locale)), 'utf8');
  return { vi: await read('vi'), en: await read('en') };
}

/** Writes the approved changes into the files under `localesDir`; returns the files that changed. */
export async function exportFaqChanges(localesDir: string, changes: readonly FaqChange[]): Promise<string[]> {
  const before = await readFaqFiles(localesDir);
  const after = mergeIntoFaqFiles(before, changes);
  const changed = LOCALES.filter((locale) => after[locale] !== before[locale]);
  for (const locale of changed) await writeFile(path.join(localesDir, fileName(locale)), after[locale]);
  return changed.map((locale) => path.join(localesDir, fileName(locale)));
}
