// A small BM25 index over weighted fields. Terms are strings built by the caller (folded
// syllables, syllable bigrams, accented syllables); each field adds its terms with a weight,
// so a question variant counts more than a word buried in an answer. Each posting holds its
// term's whole BM25 contribution, computed once at build: a search is multiply-and-add.
import type { Steps } from '../lib/steps.js';

export interface WeightedTerms {
  terms: string[];
  weight: number;
}

export interface Scored {
  doc: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

export interface Bm25Index {
  /** Inverse document frequency of a term (0 for a term no document has). */
  idf(term: string): number;
  /** Highest idf any term can have: the weight given to a word the index has never seen. */
  readonly maxIdf: number;
  /** Documents with a positive score, best first. */
  search(query: Map<string, number>): Scored[];
  /** Whether a document contains a term. */
  has(doc: number, term: string): boolean;
}

interface Posting {
  docs: Int32Array;
  /** idf × saturated, length-normalised term frequency, per doc */
  weights: Float64Array;
  idf: number;
}

/** A document's terms with its fields' weights summed: what BM25 and the query likelihood read. */
export type TermFrequencies = ReadonlyMap<string, number>;

export function termFrequencies(fields: readonly WeightedTerms[]): TermFrequencies {
  const tf = new Map<string, number>();
  for (const field of fields) for (const term of field.terms) tf.set(term, (tf.get(term) ?? 0) + field.weight);
  return tf;
}

/** terms whose postings are computed between two pauses of a build in steps */
const TERMS_PER_STEP = 3000;

/** The index built in steps, a slice of the terms at a time (lib/steps.ts). */
export function* bm25IndexSteps(frequencies: readonly TermFrequencies[]): Steps<Bm25Index> {
  const lengths = frequencies.map((tf) => [...tf.values()].reduce((sum, value) => sum + value, 0));
  const averageLength = lengths.reduce((sum, value) => sum + value, 0) / Math.max(1, lengths.length);
  const lists = new Map<string, number[]>();
  frequencies.forEach((tf, doc) => {
    for (const term of tf.keys()) {
      const list = lists.get(term);
      if (list) list.push(doc);
      else lists.set(term, [doc]);
    }
  });
  const count = frequencies.length;
  const idfOf = (df: number) => Math.log(1 + (count - df + 0.5) / (df + 0.5));
  const postings = new Map<string, Posting>();
  for (const [term, docs] of lists) {
    if (postings.size % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
    const idf = idfOf(docs.length);
    const weights = docs.map((doc) => {
      const tf = frequencies[doc]?.get(term) ?? 0;
      const norm = tf + K1 * (1 - B + (B * (lengths[doc] ?? 0)) / averageLength);
      return (idf * tf * (K1 + 1)) / norm;
    });
    postings.set(term, { docs: Int32Array.from(docs), weights: Float64Array.from(weights), idf });
  }
  return {
    idf: (term) => postings.get(term)?.idf ?? 0,
    maxIdf: idfOf(1),
    has: (doc, term) => frequencies[doc]?.has(term) ?? false,
    search(query) {
      const scores = new Float64Array(count);
      for (const [term, queryWeight] of query) {
        const posting = postings.get(term);
        if (!posting) continue;
        for (let index = 0; index < posting.docs.length; index++)
          scores[posting.docs[index]!]! += queryWeight * posting.weights[index]!;
      }
      const results: Scored[] = [];
      scores.forEach((score, doc) => {
        if (score > 0) results.push({ doc, score });
      });
      return results.sort((a, b) => b.score - a.score);
    },
  };
}
