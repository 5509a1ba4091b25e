// Typing slips ("hcưa" for "chưa", "trogn" for "trong", "vệic" for "việc") and Telex typed
// without its input method ("baauf cuwr" for "bầu cử"): a word that the knowledge base has
// never seen and that is no well-formed Vietnamese syllable is read as the known word its Telex
// keys spell, else as the known word one slip away (two letters swapped, one left out, one
// added or one mistyped), the most frequent one if several are. A known word, a number or a
// well-formed syllable (a place name, another domain's word) is left as typed, so a question
// about something else stays one.
import { runSteps, type Steps } from '../lib/steps.js';
import type { FaqEntry } from './content.js';
import { intentVocabulary } from './intents.js';
import { analyzeText, isVietnameseSyllable, type AnalyzedText } from './normalize.js';
import { outOfScopeQuestions } from './scope-classifier.js';

export type SpellingCorrector = (analyzed: AnalyzedText) => AnalyzedText;

/** Leaves every word as typed (a search without a vocabulary, or the entries' own phrasings). */
export const keepSpelling: SpellingCorrector = (analyzed) => analyzed;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** shorter words have too many neighbours to guess from */
const MIN_LENGTH = 3;
const CORRECTIONS_KEPT = 10_000;
/** unknown words searched per text: a question has a few slips, not hundreds */
const SEARCHES_PER_TEXT = 20;

/**
 * The folded syllable Telex keys spell when no input method turned them into letters: a final
 * tone key (s f r x j) dropped, doubled and w-keys read as their letter ("dd" đ, "aw" ă, "uw" ư).
 */
export function readTelex(word: string): string {
  return word
    .replace(/([aeiouyw][a-z]*)[sfrxj]$/, '$1')
    .replace(/dd/g, 'd')
    .replace(/aa|aw/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo|ow/g, 'o')
    .replace(/uw|w/g, 'u');
}

/** Every string one slip away from `word`, the likeliest slips (swapped letters) first. */
function oneSlipAway(word: string): string[] {
  const edits: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) edits.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i < word.length; i++) edits.push(word.slice(0, i) + word.slice(i + 1));
  for (let i = 0; i < word.length; i++)
    for (const letter of LETTERS) if (letter !== word[i]) edits.push(word.slice(0, i) + letter + word.slice(i + 1));
  for (let i = 0; i <= word.length; i++)
    for (const letter of LETTERS) edits.push(word.slice(0, i) + letter + word.slice(i));
  return edits;
}

/**
 * A corrector over the folded words of `vocabulary` (each word counted as often as it occurs):
 * the entries' texts and the other-topic messages, so that neither kind of word is "corrected".
 */
export function createSpellingCorrector(vocabulary: ReadonlyMap<string, number>): SpellingCorrector {
  const corrections = new Map<string, string>();
  // Telex adds at most four keys to a syllable (a tone, two marks, "dd"): a longer word than
  // that is no slip of a known one (and a pasted 4 000-letter "word" must not cost seconds)
  const maxLength = [...vocabulary.keys()].reduce((longest, word) => Math.max(longest, word.length), 0) + 4;
  /** `word` itself when it needs no correction, its correction when already searched, else undefined */
  const settled = (word: string): string | undefined =>
    word.length < MIN_LENGTH ||
    word.length > maxLength ||
    vocabulary.has(word) ||
    !/^[a-z]+$/.test(word) ||
    isVietnameseSyllable(word)
      ? word
      : corrections.get(word);
  /** The known word its Telex keys spell, else the most frequent one slip away, else itself. */
  const search = (word: string): string => {
    const telex = readTelex(word);
    let best = vocabulary.has(telex) ? telex : word;
    let bestCount = best === word ? 0 : Infinity;
    for (const edit of oneSlipAway(word)) {
      const count = vocabulary.get(edit) ?? 0;
      if (count > bestCount) {
        best = edit;
        bestCount = count;
      }
    }
    if (corrections.size >= CORRECTIONS_KEPT) corrections.clear();
    corrections.set(word, best);
    return best;
  };
  return (analyzed) => {
    // every word is in allFolded (folded only drops the stopwords), each looked at once; a wall
    // of garbage costs a bounded number of searches
    const fixes = new Map<string, string>();
    let searches = SEARCHES_PER_TEXT;
    for (const word of new Set(analyzed.allFolded)) {
      let fix = settled(word);
      if (fix === undefined && searches > 0) {
        searches--;
        fix = search(word);
      }
      if (fix !== undefined && fix !== word) fixes.set(word, fix);
    }
    if (fixes.size === 0) return analyzed;
    const fixed = (word: string) => fixes.get(word) ?? word;
    // a corrected word's accents were typed on the slip: only its folded form is kept
    const accentedOf = (accented: readonly string[], folded: readonly string[]) =>
      accented.map((word, index) => fixes.get(folded[index] ?? '') ?? word);
    return {
      folded: analyzed.folded.map(fixed),
      allFolded: analyzed.allFolded.map(fixed),
      accented: accentedOf(analyzed.accented, analyzed.folded),
      allAccented: accentedOf(analyzed.allAccented, analyzed.allFolded),
    };
  };
}

/** The folded words of `texts`, each with how often it occurs. */
export function vocabularyOf(
  texts: Iterable<readonly string[]>,
  into = new Map<string, number>(),
): Map<string, number> {
  for (const words of texts) for (const word of words) into.set(word, (into.get(word) ?? 0) + 1);
  return into;
}

/** The other-topic messages' words and the intents' (intents.ts), counted once per process: they never change while running. */
let otherTopicWords: Map<string, number> | undefined;

/** entries whose texts are read between two pauses of a build in steps */
const ENTRIES_PER_STEP = 30;

/** The corrector of a knowledge base: its entries' words (both languages), the other topics' and the intents'. */
export const spellingCorrectorFor = (entries: readonly FaqEntry[]): SpellingCorrector =>
  runSteps(spellingCorrectorSteps(entries));

/** The corrector built in steps, a few entries' texts at a time (lib/steps.ts). */
export function* spellingCorrectorSteps(entries: readonly FaqEntry[]): Steps<SpellingCorrector> {
  otherTopicWords ??= vocabularyOf([
    ...[...outOfScopeQuestions('vi'), ...outOfScopeQuestions('en')].map((text) => analyzeText(text).allFolded),
    [...intentVocabulary()],
  ]);
  const vocabulary = new Map(otherTopicWords);
  for (const [index, entry] of entries.entries()) {
    if (index % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    for (const locale of ['vi', 'en'] as const) {
      const { question, variants, keywords, answer } = entry.text[locale];
      vocabularyOf(
        [question, ...variants, ...keywords, answer].map((text) => analyzeText(text).allFolded),
        vocabulary,
      );
    }
  }
  yield;
  return createSpellingCorrector(vocabulary);
}
