// A question's terms as the two trained classifiers read them (scope-classifier.ts,
// entry-classifier.ts), and the order they learn their examples in: its distinct known terms, each weighing 1/√n (n: all its distinct terms,
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

/**
 * The order examples are learned in: by a hash of each one's content (`keys`), mixed with
 * `seed`, so that the classes are interleaved, every build learns in the same order, and an
 * example's place depends on nothing but itself. Adding, removing or moving other examples leaves
 * the order of the rest as it was: with the order by position, adding one entry changed 60 of
 * the tuning part's 696 decisions (out of fold), as many as another shuffle did; by content, 4.
 * Identical examples keep their order of position.
 */
export function contentOrder(keys: readonly string[], seed = 0): number[] {
  const hashes = keys.map((key) => mix(fnv1a(key) ^ Math.imul(seed, 0x9e3779b9)));
  return keys.map((_, position) => position).sort((a, b) => hashes[a]! - hashes[b]! || a - b);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** MurmurHash3's finaliser: every bit of the input moves every bit of the output */
function mix(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
