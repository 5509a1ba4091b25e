// The evaluation set of real voter questions (eval/real/questions.json): questions published by
// others (newspaper Q&A columns, the election council's booklet as reprinted, legal Q&A sites),
// each with its source, the published answer's key point, a label, a law version and a split.
// The held-out split is never tuned on: the runner prints only its aggregate figures.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const SPECIAL_LABELS = ['out_of_scope', 'complaint', 'polling'] as const;

const questionSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  /** the page it was published on (null for the few written by hand) */
  url: z.string().min(1).nullable().optional(),
  q: z.string().min(1),
  keyPoint: z.string().optional(),
  /** an entry id, or "out_of_scope", "complaint", "polling" */
  expect: z.string().min(1),
  /** other entries whose answer also holds the key point */
  alsoAccept: z.array(z.string().min(1)).default([]),
  /** a two-part question's other part */
  secondPart: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']),
  /** published as is; a copy without diacritics, with typos or in teen-code; a translation; written by hand */
  form: z.enum(['published', 'unaccented', 'typo', 'teencode', 'translated', 'written']),
  /** the original a copy or translation was made from */
  of: z.string().min(1).optional(),
  lawVersion: z.enum(['2015', '2025', 'any']),
  split: z.enum(['tune', 'holdout']),
});
export type RealQuestion = z.infer<typeof questionSchema>;

const sourceSchema = z
  .object({ id: z.string().min(1), url: z.string().min(1).nullable(), split: z.enum(['tune', 'holdout']) })
  .passthrough();

const fileSchema = z.object({
  about: z.string(),
  sources: z.array(sourceSchema).min(1),
  questions: z.array(questionSchema).min(1),
});
export type RealQuestionSet = z.infer<typeof fileSchema>;

export const REAL_QUESTIONS_FILE = new URL('./real/questions.json', import.meta.url);

export function readRealQuestions(file: URL | string = REAL_QUESTIONS_FILE): RealQuestionSet {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const otherDomainsSchema = z.object({
  about: z.string(),
  questions: z
    .array(
      z.object({ lang: z.enum(['vi', 'en']), kind: z.string().min(1), q: z.string().min(1), url: z.string().url() }),
    )
    .min(1),
});
export type OtherDomainQuestion = z.infer<typeof otherDomainsSchema>['questions'][number];

export const OTHER_DOMAINS_FILE = new URL('./real/other-domains.json', import.meta.url);

/** Published questions from outside the election, for the declined figure only (see the file's `about`). */
export function readOtherDomainQuestions(file: URL | string = OTHER_DOMAINS_FILE): OtherDomainQuestion[] {
  return otherDomainsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).questions;
}

/** The labels a question accepts as a correct answer. */
export function acceptedLabels(question: Pick<RealQuestion, 'expect' | 'alsoAccept'>): Set<string> {
  return new Set([question.expect, ...question.alsoAccept]);
}

export const isEntryLabel = (label: string): boolean => !(SPECIAL_LABELS as readonly string[]).includes(label);
