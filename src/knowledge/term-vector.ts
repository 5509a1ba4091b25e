// A question's terms as the two trained classifiers read them (scope-classifier.ts,
// entry-classifier.ts), and the order they train in: its distinct known terms, each weighing 1/√n (n: all its distinct terms,
// unknown ones too), so that long and short questions count alike and words never seen weaken
// what the known ones say.

export interface TermVector {
  ids: Int32Array;
  value: number;
}

/** `grow`: terms not yet in `vocabulary` join it (training); else they are left out (asking). */
export function termVector(terms: readonly string[], vocabulary: Map<string, number>, grow: boolean): TermVector {
  const distinct = new Set(terms);
  const ids: number[] = [];
  for (const term of distinct) {
    let id = vocabulary.get(term);
    if (id === undefined && grow) vocabulary.set(term, (id = vocabulary.size));
    if (id !== undefined) ids.push(id);
  }
  return { ids: Int32Array.from(ids), value: distinct.size > 0 ? 1 / Math.sqrt(distinct.size) : 0 };
}

/** The positions 0…count−1 in a fixed shuffled order: classes interleaved, and every build trains the same model. */
export const trainingOrder = (count: number): number[] =>
  Array.from({ length: count }, (_, index) => index).sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009) || a - b);
