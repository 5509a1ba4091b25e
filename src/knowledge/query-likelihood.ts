// Query likelihood with Dirichlet smoothing: how probable the question's words are under each
// entry's own word distribution (its phrasings, keywords and, weakly, its answer), against the
// whole collection's. It weighs words differently from BM25 — by how typical they are of the
// entry rather than how rare they are overall — which separates near-neighbour entries.
import type { WeightedTerms } from './bm25.js';

/** how many collection-weighted words an entry's own distribution is smoothed with */
const MU = 20;

export interface QueryLikelihood {
  /** log-likelihood ratio of the question's terms under the document, per term */
  score(doc: number, terms: readonly string[]): number;
}

export function buildQueryLikelihood(documents: readonly WeightedTerms[][]): QueryLikelihood {
  const frequencies = documents.map((fields) => {
    const tf = new Map<string, number>();
    for (const field of fields) for (const term of field.terms) tf.set(term, (tf.get(term) ?? 0) + field.weight);
    return tf;
  });
  const lengths = frequencies.map((tf) => [...tf.values()].reduce((sum, value) => sum + value, 0));
  const collection = new Map<string, number>();
  for (const tf of frequencies) for (const [term, count] of tf) collection.set(term, (collection.get(term) ?? 0) + count);
  const total = lengths.reduce((sum, value) => sum + value, 0) || 1;
  return {
    score(doc, terms) {
      const tf = frequencies[doc];
      const length = lengths[doc] ?? 0;
      if (!tf || terms.length === 0) return 0;
      let sum = 0;
      let known = 0;
      for (const term of terms) {
        const background = (collection.get(term) ?? 0) / total;
        if (background === 0) continue;
        known++;
        sum += Math.log(1 + (tf.get(term) ?? 0) / (MU * background));
      }
      return known === 0 ? 0 : (sum + known * Math.log(MU / (length + MU))) / known;
    },
  };
}
