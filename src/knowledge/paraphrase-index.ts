// Each way an entry's question is asked (its question and every variant) as its own tf-idf
// vector, so a citizen's question is compared with the closest phrasing rather than with one
// long document of all phrasings: a short question that matches one variant well is not
// drowned by an entry's other variants.
export interface ParaphraseIndex {
  /** Highest cosine similarity between the query and any phrasing of each entry (by entry index). */
  bestMatches(queryTerms: readonly string[]): Map<number, number>;
}

export function buildParaphraseIndex(
  phrasings: readonly { entry: number; terms: readonly string[] }[],
): ParaphraseIndex {
  const documentFrequency = new Map<string, number>();
  for (const { terms } of phrasings)
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const count = phrasings.length;
  const idf = (term: string) => {
    const df = documentFrequency.get(term) ?? 0;
    return df === 0 ? 0 : Math.log((count + 1) / (df + 0.5));
  };
  const postings = new Map<string, { phrasing: number; weight: number }[]>();
  const norms: number[] = [];
  phrasings.forEach(({ terms }, phrasing) => {
    const vector = weigh(terms, idf);
    let squares = 0;
    for (const [term, weight] of vector) {
      squares += weight * weight;
      const list = postings.get(term) ?? [];
      list.push({ phrasing, weight });
      postings.set(term, list);
    }
    norms.push(Math.sqrt(squares));
  });
  return {
    bestMatches(queryTerms) {
      const query = weigh(queryTerms, idf);
      let queryNorm = 0;
      for (const weight of query.values()) queryNorm += weight * weight;
      queryNorm = Math.sqrt(queryNorm);
      const best = new Map<number, number>();
      if (queryNorm === 0) return best;
      const dots = new Float64Array(phrasings.length);
      for (const [term, weight] of query) {
        const list = postings.get(term);
        if (!list) continue;
        for (const posting of list) dots[posting.phrasing]! += weight * posting.weight;
      }
      dots.forEach((dot, phrasing) => {
        const entry = phrasings[phrasing]?.entry;
        const norm = norms[phrasing] ?? 0;
        if (dot === 0 || entry === undefined || norm === 0) return;
        const cosine = dot / (queryNorm * norm);
        if (cosine > (best.get(entry) ?? 0)) best.set(entry, cosine);
      });
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
