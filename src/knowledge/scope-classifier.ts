// How likely a question is about this election at all: a logistic regression over its terms (and
// the share of its words no phrasing uses), trained at build time with the entries' own phrasings
// as election questions and out-of-scope.json as the others — elections of other bodies (a village
// head, a party cell, a company board), other countries' elections, other fields of law, small
// talk. Those use the election's words ("bầu", "phiếu", "đại biểu") too, so no list of words can
// tell them apart; the words around them can. Training is deterministic: orders by content
// (term-vector.ts), fixed steps.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Locale } from '../i18n.js';
import type { Steps } from '../lib/steps.js';
import { contentOrder, termVector, type TermVector } from './term-vector.js';

const EPOCHS = 20;
/**
 * Trainings averaged, each learning the examples in its own order (by content, seeded). One
 * training's answer depends on its order: in another, the probability of 18 of the tuning part's
 * 367 Vietnamese questions moved by more than 0.1 (8 averaged: 3; 16: none). Each training takes
 * about 25 ms.
 */
const RUNS = 16;
/** fewer phrasings than this say too little of the election to tell it from other topics */
const MIN_PHRASINGS = 100;
const LEARNING_RATE = 10;
const L2 = 1e-4;

export interface ScopeClassifier {
  /** the probability (0…1) that a question with these terms is about the election; `abbreviations`: those it writes in capitals (see unknownShare) */
  inScope(terms: readonly string[], abbreviations?: ReadonlySet<string>): number;
}

const outOfScopeSchema = z.array(z.object({ lang: z.enum(['vi', 'en']), kind: z.string(), q: z.string().min(1) }));

export const OUT_OF_SCOPE_FILE = new URL('./out-of-scope.json', import.meta.url);

let outOfScope: z.infer<typeof outOfScopeSchema> | undefined;

/** The messages of other topics a locale's classifier learns from (the file is read once per process). */
export function outOfScopeQuestions(locale: Locale): string[] {
  outOfScope ??= outOfScopeSchema.parse(JSON.parse(readFileSync(OUT_OF_SCOPE_FILE, 'utf8')));
  return outOfScope.filter((question) => question.lang === locale).map((question) => question.q);
}

/**
 * A word no election phrasing uses says the question is about something else ("absentee",
 * "condo", "HOA"), but a term classifier gives a word it never saw no weight at all. So the
 * share of a question's words that no phrasing holds is one more input, learned like the terms:
 * for a phrasing, its words no *other* phrasing holds (as a new election question's would be).
 * Words only: word pairs as a second such input ranked better but answered worse (docs/answer-quality.md).
 * A question's abbreviations that no phrasing holds count neither way: they are the asker's
 * shorthand for where they study, work or live ("SV ĐH BR-VT … ở KCN thuộc TX.Phú Mỹ"), not
 * another topic's words.
 */
const isWord = (term: string) => term.startsWith('u:') && !/^u:\d/.test(term);

/**
 * The terms it reads: the words as written, not the concepts they name (concepts.ts). A concept
 * joins a question to an entry that says the same thing in other words; whether the question is
 * the election's at all is in its words. "ở Nhật" is being abroad for the ranker, but as an
 * election term it made other topics that name a country look like the election's.
 */
const writtenTerms = (terms: readonly string[]) => terms.filter((term) => !term.startsWith('c:'));

/** Trains the classifier in steps (one epoch each), see lib/steps.ts. */
export function* scopeClassifierSteps(
  inScopeTerms: readonly (readonly string[])[],
  otherTerms: readonly (readonly string[])[],
): Steps<ScopeClassifier> {
  const inScope = inScopeTerms.map(writtenTerms);
  const others = otherTerms.map(writtenTerms);
  if (inScope.length < MIN_PHRASINGS) return { inScope: () => 1 };
  // in how many phrasings each word occurs
  const phrasingCount = new Map<string, number>();
  for (const terms of inScope)
    for (const word of new Set(terms.filter(isWord))) phrasingCount.set(word, (phrasingCount.get(word) ?? 0) + 1);
  // `ownCount`: the phrasings among them that are the question itself (1 for a phrasing)
  const unknownShare = (terms: readonly string[], ownCount: number, abbreviations?: ReadonlySet<string>): number => {
    const words = new Set(
      terms.filter((term) => isWord(term) && !(abbreviations?.has(term) && !phrasingCount.has(term))),
    );
    let unknown = 0;
    for (const word of words) if ((phrasingCount.get(word) ?? 0) <= ownCount) unknown++;
    return words.size > 0 ? unknown / words.size : 0;
  };
  const vocabulary = new Map<string, number>();
  const examples = [
    ...inScope.map((terms) => ({
      label: 1,
      features: termVector(terms, vocabulary, true),
      unknown: unknownShare(terms, 1),
    })),
    ...others.map((terms) => ({
      label: 0,
      features: termVector(terms, vocabulary, true),
      unknown: unknownShare(terms, 0),
    })),
  ];
  const keys = [...inScope, ...others].map((terms, index) => `${index < inScope.length ? 1 : 0} ${terms.join(' ')}`);
  // each class weighs the same in total, however many phrasings there are
  const classWeight = [
    examples.length / (2 * Math.max(1, others.length)),
    examples.length / (2 * Math.max(1, inScope.length)),
  ];
  // the mean of RUNS trainings, each visiting the examples in its own order (see RUNS)
  const weights = new Float64Array(vocabulary.size);
  let bias = 0;
  let unknownWeight = 0;
  for (let run = 0; run < RUNS; run++) {
    const order = contentOrder(keys, run + 1);
    const runWeights = new Float64Array(vocabulary.size);
    let runBias = 0;
    let runUnknown = 0;
    let step = 0;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      yield;
      for (const position of order) {
        const { label, features, unknown } = examples[position]!;
        const rate = LEARNING_RATE / (1 + step++ / examples.length);
        const score = runBias + runUnknown * unknown + dot(features, runWeights);
        const gradient = (label - sigmoid(score)) * classWeight[label]!;
        // inputs every example has learn at a tenth of the rate (at the full rate the share's
        // weight overshot: the English check set's other topics were declined less, not more)
        runBias += rate * gradient * 0.1;
        runUnknown += rate * gradient * unknown * 0.1;
        for (const term of features.ids)
          runWeights[term]! += rate * (gradient * features.value - L2 * runWeights[term]!);
      }
    }
    for (let term = 0; term < runWeights.length; term++) weights[term]! += runWeights[term]! / RUNS;
    bias += runBias / RUNS;
    unknownWeight += runUnknown / RUNS;
  }
  return {
    inScope: (asked, abbreviations) => {
      const terms = writtenTerms(asked);
      return sigmoid(
        bias +
          unknownWeight * unknownShare(terms, 0, abbreviations) +
          dot(termVector(terms, vocabulary, false), weights),
      );
    },
  };
}

function dot({ ids, value }: TermVector, weights: Float64Array): number {
  let sum = 0;
  for (const term of ids) sum += weights[term]!;
  return sum * value;
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));
