// Each way an entry's question is asked (its question and every variant) as its own tf-idf
// vector, so a citizen's question is compared with the closest phrasing rather than with one
// long document of all phrasings: a short question that matches one variant well is not
// drowned by an entry's other variants.
import type { Steps } from '../lib/steps.js';

/** phrasings weighed between two pauses of a build in steps */
const PHRASINGS_PER_STEP = 1000;

export interface ParaphraseIndex {
  /** Highest cosine similarity between the query and any phrasing of each entry (by entry index). */
  bestMatches(queryTerms: readonly string[]): Map<number, number>;
}

/** The index built in steps, a slice of the phrasings at a time (lib/steps.ts). */
export function* paraphraseIndexSteps(
  phrasings: readonly { entry: number; terms: readonly string[] }[],
): Steps<ParaphraseIndex> {
  const documentFrequency = new Map<string, number>();
  for (const { terms } of phrasings)
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  yield;
  const count = phrasings.length;
  const idf = (term: string) => {
    const df = documentFrequency.get(term) ?? 0;
    return df === 0 ? 0 : Math.log((count + 1) / (df + 0.5));
  };
  const lists = new Map<string, { phrasings: number[]; weights: number[] }>();
  const norms = new Float64Array(count);
  const owners = Int32Array.from(phrasings, ({ entry }) => entry);
  for (const [phrasing, { terms }] of phrasings.entries()) {
    if (phrasing % PHRASINGS_PER_STEP === PHRASINGS_PER_STEP - 1) yield;
    const vector = weigh(terms, idf);
    let squares = 0;
    for (const [term, weight] of vector) {
      squares += weight * weight;
      const list = lists.get(term) ?? { phrasings: [], weights: [] };
      list.phrasings.push(phrasing);
      list.weights.push(weight);
      lists.set(term, list);
    }
    norms[phrasing] = Math.sqrt(squares);
  }
  yield;
  // typed arrays: the common words' lists are long, and a long question walks many of them
  const postings = new Map(
    [...lists].map(([term, list]) => [
      term,
      { phrasings: Int32Array.from(list.phrasings), weights: Float64Array.from(list.weights) },
    ]),
  );
  return {
    bestMatches(queryTerms) {
      const query = weigh(queryTerms, idf);
      let queryNorm = 0;
      for (const weight of query.values()) queryNorm += weight * weight;
      queryNorm = Math.sqrt(queryNorm);
      const best = new Map<number, number>();
      if (queryNorm === 0) return best;
      const dots = new Float64Array(count);
      for (const [term, weight] of query) {
        const posting = postings.get(term);
        if (!posting) continue;
        for (let index = 0; index < posting.phrasings.length; index++)
          dots[posting.phrasings[index]!]! += weight * posting.weights[index]!;
      }
      for (let phrasing = 0; phrasing < count; phrasing++) {
        const dot = dots[phrasing]!;
        const norm = norms[phrasing]!;
        if (dot === 0 || norm === 0) continue;
        const entry = owners[phrasing]!;
        const cosine = dot / (queryNorm * norm);
        if (cosine > (best.get(entry) ?? 0)) best.set(entry, cosine);
      }
      return best;
    },
  };
}

/** Sub-linear term frequency times idf. */
function weigh(terms: readonly string[], idf: (term: string) => number): Map<string, number> {
  const tf = new Map<string, number>();
  for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
  const vector = new Map<string, number>();
  for (const [term, count] of tf) {
    const weight = (1 + Math.log(count)) * idf(term);
    if (weight > 0) vector.set(term, weight);
  }
  return vector;
}
