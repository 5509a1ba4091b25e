// Which entry a question's words point to, learned from the entries' own phrasings: a softmax
// regression over their terms, one class per entry, trained when the index is built. The other
// searches weigh how much of the question an entry holds; this one learns which words tell
// close entries apart ("thời gian" for the campaign's period, "hình thức" for its methods), since
// it is trained to tell every entry from every other. The ranker weighs its answer with the rest.
// Training is deterministic: an order by content (term-vector.ts), a fixed number of passes (AdaGrad steps).
import type { Steps } from '../lib/steps.js';
import { contentOrder, termVector } from './term-vector.js';

const EPOCHS = 10;
const LEARNING_RATE = 0.5;
const L2 = 1e-4;
/** phrasings trained on between two pauses of a build in steps */
const PHRASINGS_PER_STEP = 200;

export interface EntryClassifier {
  /** each entry's probability (by its position in the entries) of being the one these terms ask about */
  shares(terms: readonly string[]): Float64Array;
}

/** `phrasings`: each phrasing's terms and the position of its entry among `entryCount` entries. */
export function* entryClassifierSteps(
  phrasings: readonly { entry: number; terms: readonly string[] }[],
  entryCount: number,
): Steps<EntryClassifier> {
  const vocabulary = new Map<string, number>();
  const examples = phrasings.map(({ entry, terms }) => ({ entry, vector: termVector(terms, vocabulary, true) }));
  const classes = entryCount;
  const weights = new Float64Array(vocabulary.size * classes);
  const bias = new Float64Array(classes);
  // AdaGrad: each weight's step shrinks with the squared gradients it has had, so rare words
  // (most of what tells entries apart) still learn from their few phrasings
  const squares = new Float64Array(vocabulary.size * classes).fill(1e-8);
  const biasSquares = new Float64Array(classes).fill(1e-8);
  const shares = new Float64Array(classes);
  const order = contentOrder(phrasings.map(({ terms }) => terms.join(' ')));
  let done = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const position of order) {
      if (++done % PHRASINGS_PER_STEP === 0) yield;
      const { entry, vector } = examples[position]!;
      softmax(vector.ids, vector.value, weights, bias, shares);
      shares[entry]! -= 1;
      for (let k = 0; k < classes; k++) {
        const gradient = shares[k]!;
        biasSquares[k]! += gradient * gradient;
        bias[k]! -= (LEARNING_RATE * gradient) / Math.sqrt(biasSquares[k]!);
      }
      for (const term of vector.ids) {
        const row = term * classes;
        for (let k = 0; k < classes; k++) {
          const gradient = vector.value * shares[k]! + L2 * weights[row + k]!;
          squares[row + k]! += gradient * gradient;
          weights[row + k]! -= (LEARNING_RATE * gradient) / Math.sqrt(squares[row + k]!);
        }
      }
    }
  }
  return {
    shares(terms) {
      const { ids, value } = termVector(terms, vocabulary, false);
      return softmax(ids, value, weights, bias, new Float64Array(classes));
    },
  };
}

/** The classes' probabilities for a question's terms, written into `out`. */
function softmax(
  ids: Int32Array,
  value: number,
  weights: Float64Array,
  bias: Float64Array,
  out: Float64Array,
): Float64Array {
  const classes = bias.length;
  out.set(bias);
  for (const term of ids) {
    const row = term * classes;
    for (let k = 0; k < classes; k++) out[k]! += value * weights[row + k]!;
  }
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, out[k]!);
  let total = 0;
  for (let k = 0; k < classes; k++) total += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < classes; k++) out[k]! /= total;
  return out;
}
