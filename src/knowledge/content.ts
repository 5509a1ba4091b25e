// The knowledge base's content: locales/<lang>/faq.json ("entries"), reviewable by a
// non-programmer. Texts are filled in from the election configuration, so the same file serves
// any configured election; where the 2015 law and its 2025 amendment differ, an entry's answer
// (and basis) holds one text per law version and the configured `lawVersion` picks one.
import { z } from 'zod';
import type { ElectionConfig } from '../config/election.js';
import { electionVariables, type Locale, type Translator } from '../i18n.js';

export type LawVersion = ElectionConfig['lawVersion'];

const perLawVersion = z.object({ '2015': z.string().min(1), '2025': z.string().min(1) });
const versionedText = z.union([z.string().min(1), perLawVersion]);

const entrySchema = z.object({
  question: z.string().min(1),
  answer: versionedText,
  variants: z.array(z.string().min(1)).default([]),
  keywords: z.array(z.string().min(1)).default([]),
  basis: versionedText,
  /** "faq:<id>", "flow:<id>" or "menu": offered under the answer (read from the Vietnamese file) */
  next: z.array(z.string().regex(/^(faq|flow):[a-z0-9-]+$|^menu$/)).default([]),
});
const entriesSchema = z.record(z.string().regex(/^[a-z0-9-]+$/), entrySchema);
type RawEntry = z.infer<typeof entrySchema>;

/** One entry in one language, with every value filled in. */
export interface LocalizedEntry {
  question: string;
  answer: string;
  basis: string;
  variants: string[];
  keywords: string[];
}

export interface FaqEntry {
  id: string;
  next: string[];
  text: Record<Locale, LocalizedEntry>;
}

export class FaqContentError extends Error {
  override name = 'FaqContentError';
}

function pickVersion(text: RawEntry['answer'], lawVersion: LawVersion): string {
  return typeof text === 'string' ? text : text[lawVersion];
}

/** The day a voter must be born on or before to be 18 on election day, as an ISO date. */
function votingAgeBornBy(electionDay: string): string {
  const [year, rest] = [Number(electionDay.slice(0, 4)), electionDay.slice(4, 10)];
  return `${year - 18}${rest}`;
}

/**
 * Values the FAQ texts use beyond the election's own ({{province}}, {{electionDay}}…):
 * {{contact}} reads well with or without a hotline; {{votingAgeBornBy}} is a date.
 */
export function faqVariables(translator: Translator, election: ElectionConfig, locale: Locale): Record<string, string> {
  const hotline = election.hotline;
  const contact = hotline
    ? translator.t(locale, 'faq:ui.contactWithHotline', { hotline })
    : translator.t(locale, 'faq:ui.contactWithoutHotline');
  const bornBy =
    electionVariables({ ...election, electionDay: votingAgeBornBy(election.electionDay) }, locale).electionDay ?? '';
  return { contact, votingAgeBornBy: bornBy };
}

/** Fills {{name}} placeholders; an unknown name is left as is, so the content tests catch it. */
function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

function parseEntries(translator: Translator, locale: Locale): Record<string, RawEntry> {
  const parsed = entriesSchema.safeParse(translator.raw(locale, 'faq:entries'));
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new FaqContentError(`locales/${locale}/faq.json is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads, validates and fills in every entry in every language. */
export function loadFaqEntries(translator: Translator, election: ElectionConfig): FaqEntry[] {
  const { lawVersion } = election;
  const raw = { vi: parseEntries(translator, 'vi'), en: parseEntries(translator, 'en') };
  const variables = {
    vi: { ...electionVariables(election, 'vi'), ...faqVariables(translator, election, 'vi') },
    en: { ...electionVariables(election, 'en'), ...faqVariables(translator, election, 'en') },
  };
  const localize = (id: string, locale: Locale): LocalizedEntry => {
    const entry = raw[locale][id];
    if (!entry) throw new FaqContentError(`entry "${id}" is missing in locales/${locale}/faq.json`);
    const fill = (value: string) => interpolate(value, variables[locale]);
    return {
      question: fill(entry.question),
      answer: fill(pickVersion(entry.answer, lawVersion)),
      basis: fill(pickVersion(entry.basis, lawVersion)),
      variants: entry.variants,
      keywords: entry.keywords,
    };
  };
  for (const id of Object.keys(raw.en)) {
    if (!raw.vi[id]) throw new FaqContentError(`entry "${id}" is missing in locales/vi/faq.json`);
  }
  return Object.entries(raw.vi).map(([id, vi]) => ({
    id,
    next: vi.next,
    text: { vi: localize(id, 'vi'), en: localize(id, 'en') },
  }));
}
