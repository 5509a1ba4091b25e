// How likely a question is about this election at all: a logistic regression over its terms,
// trained at build time with the entries' own phrasings as election questions and
// out-of-scope.json as the others — elections of other bodies (a village head, a party cell, a
// company board), other countries' elections, other fields of law, small talk. Those use the
// election's words ("bầu", "phiếu", "đại biểu") too, so no list of words can tell them apart;
// the words around them can. Training is deterministic: orders by content (term-vector.ts), fixed steps.
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
  /** the probability (0…1) that a question with these terms is about the election */
  inScope(terms: readonly string[]): number;
}

const outOfScopeSchema = z.array(z.object({ lang: z.enum(['vi', 'en']), kind: z.string(), q: z.string().min(1) }));

export const OUT_OF_SCOPE_FILE = new URL('./out-of-scope.json', import.meta.url);

let outOfScope: z.infer<typeof outOfScopeSchema> | undefined;

/** The messages of other topics a locale's classifier learns from (the file is read once per process). */
export function outOfScopeQuestions(locale: Locale): string[] {
  outOfScope ??= outOfScopeSchema.parse(JSON.parse(readFileSync(OUT_OF_SCOPE_FILE, 'utf8')));
  return outOfScope.filter((question) => question.lang === locale).map((question) => question.q);
}

/** Trains the classifier in steps (one epoch each), see lib/steps.ts. */
export function* scopeClassifierSteps(
  inScope: readonly (readonly string[])[],
  others: readonly (readonly string[])[],
): Steps<ScopeClassifier> {
  if (inScope.length < MIN_PHRASINGS) return { inScope: () => 1 };
  const vocabulary = new Map<string, number>();
  const examples = [
    ...inScope.map((terms) => ({ label: 1, features: termVector(terms, vocabulary, true) })),
    ...others.map((terms) => ({ label: 0, features: termVector(terms, vocabulary, true) })),
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
  for (let run = 0; run < RUNS; run++) {
    const order = contentOrder(keys, run + 1);
    const runWeights = new Float64Array(vocabulary.size);
    let runBias = 0;
    let step = 0;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      yield;
      for (const position of order) {
        const { label, features } = examples[position]!;
        const rate = LEARNING_RATE / (1 + step++ / examples.length);
        const gradient = (label - sigmoid(runBias + dot(features, runWeights))) * classWeight[label]!;
        runBias += rate * gradient * 0.1;
        for (const term of features.ids)
          runWeights[term]! += rate * (gradient * features.value - L2 * runWeights[term]!);
      }
    }
    for (let term = 0; term < runWeights.length; term++) weights[term]! += runWeights[term]! / RUNS;
    bias += runBias / RUNS;
  }
  return { inScope: (terms) => sigmoid(bias + dot(termVector(terms, vocabulary, false), weights)) };
}

function dot({ ids, value }: TermVector, weights: Float64Array): number {
  let sum = 0;
  for (const term of ids) sum += weights[term]!;
  return sum * value;
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));
