// Query likelihood with Dirichlet smoothing: how probable the question's words are under each
// entry's own word distribution (its phrasings, keywords and, weakly, its answer), against the
// whole collection's. It weighs words differently from BM25 — by how typical they are of the
// entry rather than how rare they are overall — which separates near-neighbour entries.
import type { Steps } from '../lib/steps.js';
import type { TermFrequencies } from './bm25.js';

/** how many collection-weighted words an entry's own distribution is smoothed with */
const MU = 20;

export interface QueryLikelihood {
  /** log-likelihood ratio of the question's terms under each document, per term */
  scores(docs: Iterable<number>, terms: readonly string[]): Map<number, number>;
}

/** entries whose log ratios are computed between two pauses of a build in steps */
const DOCS_PER_STEP = 40;

/** The model built in steps, a few entries at a time (lib/steps.ts). */
export function* queryLikelihoodSteps(frequencies: readonly TermFrequencies[]): Steps<QueryLikelihood> {
  const lengths = frequencies.map((tf) => [...tf.values()].reduce((sum, value) => sum + value, 0));
  const collection = new Map<string, number>();
  for (const tf of frequencies)
    for (const [term, count] of tf) collection.set(term, (collection.get(term) ?? 0) + count);
  const total = lengths.reduce((sum, value) => sum + value, 0) || 1;
  // log(1 + tf / (MU · background)) depends only on the entry and the term: computed once here
  const logRatios: Map<string, number>[] = [];
  for (const tf of frequencies) {
    if (logRatios.length % DOCS_PER_STEP === DOCS_PER_STEP - 1) yield;
    logRatios.push(
      new Map([...tf].map(([term, count]) => [term, Math.log(1 + count / ((MU * collection.get(term)!) / total))])),
    );
  }
  const lengthPenalties = lengths.map((length) => Math.log(MU / (length + MU)));
  return {
    scores(docs, terms) {
      // the terms the collection knows, once per question
      const known = terms.filter((term) => collection.has(term));
      const scores = new Map<number, number>();
      for (const doc of docs) {
        const ratios = logRatios[doc];
        if (!ratios || known.length === 0) {
          scores.set(doc, 0);
          continue;
        }
        let sum = 0;
        for (const term of known) sum += ratios.get(term) ?? 0;
        scores.set(doc, (sum + known.length * (lengthPenalties[doc] ?? 0)) / known.length);
      }
      return scores;
    },
  };
}
