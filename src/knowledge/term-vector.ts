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

/**
 * The positions 0…count−1 shuffled by `seed` (Fisher–Yates over the mulberry32 generator): each
 * seed its own order, and every build the same one. The scope classifier averages trainings in
 * several such orders; the entry classifier, trained once, keeps `trainingOrder`: moving it to
 * this shuffle alone moved the tuning figures by two points and changed two smoke-test answers,
 * the same noise of order the scope classifier's average removes.
 */
export function seededOrder(count: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: count }, (_, position) => position);
  for (let last = count - 1; last > 0; last--) {
    const other = Math.floor(random() * (last + 1));
    [order[last], order[other]] = [order[other]!, order[last]!];
  }
  return order;
}
