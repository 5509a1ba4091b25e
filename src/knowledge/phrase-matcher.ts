// Which of many fixed phrases a text names, as whole words: the concepts' synonyms, the entries'
// keywords and the intents' patterns are looked up on every search, so the phrases are indexed by
// their first word and only those starting at one of the text's words are compared. They are
// found as typed (createTypedPhraseMatcher): folded, "bao nhiêu tuổi" (how old) holds "nhiều
// tuổi" (older) and "cấm" (forbidden) is "câm" (mute).
import { analyzeText, hasDiacritics, toneKey } from './normalize.js';

/** A phrase (folded words separated by spaces) and what naming it means. */
export interface Phrase<T> {
  phrase: string;
  value: T;
}

/** Where a phrase was found: its value, the word it starts at and how many words it covers. */
export interface PhraseMatch<T> {
  value: T;
  start: number;
  length: number;
}

/**
 * Words read two ways: folded, and as typed, each one's tone key (normalize.ts); in a text, ''
 * where typed without diacritics (typedText), in a phrase, always (typedPhrase).
 */
export interface TypedWords {
  folded: readonly string[];
  typed: readonly string[];
}

/** A text's folded words and the same words as typed, as createTypedPhraseMatcher reads them. */
export const typedText = (folded: readonly string[], accented: readonly string[]): TypedWords => ({
  folded,
  typed: accented.map((word) => (hasDiacritics(word) ? toneKey(word) : '')),
});

/** A phrase written with its diacritics (a word written without has none), as createTypedPhraseMatcher finds it. */
export const typedPhrase = (folded: readonly string[], accented: readonly string[]): TypedWords => ({
  folded,
  typed: accented.map(toneKey),
});

/** A phrase of a table written with its diacritics, read as texts are (normalize.ts, analyzeText). */
export function typedPhraseOf(phrase: string): TypedWords {
  const { allFolded, allAccented } = analyzeText(phrase);
  return typedPhrase(allFolded, allAccented);
}

/**
 * Every place the words name one of the phrases. `longest`: at each word only the longest phrase
 * that starts there counts, and the words it covers start no other ("người nước ngoài" names a
 * foreigner, not "nước ngoài", abroad). `agrees`, when given, also has to accept each match, as a
 * check the words alone cannot make.
 */
export function createPhraseFinder<T>(
  phrases: readonly Phrase<T>[],
  { longest = false }: { longest?: boolean } = {},
): (words: readonly string[], agrees?: (match: PhraseMatch<T>) => boolean) => PhraseMatch<T>[] {
  const byFirstWord = new Map<string, { words: string[]; value: T }[]>();
  for (const { phrase, value } of phrases) {
    const words = phrase.split(' ').filter(Boolean);
    const [first] = words;
    if (first === undefined) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push({ words, value });
    byFirstWord.set(first, list);
  }
  // longest first, so the first phrase that matches at a word is the longest one there
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return (words, agrees) => {
    const found: PhraseMatch<T>[] = [];
    let coveredUntil = 0;
    words.forEach((word, start) => {
      if (longest && start < coveredUntil) return;
      for (const candidate of byFirstWord.get(word) ?? []) {
        if (!candidate.words.every((expected, offset) => words[start + offset] === expected)) continue;
        const match = { value: candidate.value, start, length: candidate.words.length };
        if (agrees && !agrees(match)) continue;
        found.push(match);
        if (longest) {
          coveredUntil = start + candidate.words.length;
          break;
        }
      }
    });
    return found;
  };
}

/** The values of every phrase the words name (each once), as createPhraseFinder finds them. */
export function createPhraseMatcher<T>(
  phrases: readonly Phrase<T>[],
  options: { longest?: boolean } = {},
): (words: readonly string[]) => Set<T> {
  const find = createPhraseFinder(phrases, options);
  return (words) => new Set(find(words).map((match) => match.value));
}

/**
 * A phrase of fixed words read as typed. `onlyWithDiacritics`: it counts only where each of its
 * words was typed with its diacritics ("cổ phiếu", a share, is "có phiếu", to have a ballot,
 * typed without them).
 */
export interface TypedPhrase<T> {
  words: TypedWords;
  value: T;
  onlyWithDiacritics?: boolean;
}

/**
 * Every place a text names one of the phrases as typed: found in its folded words, each word typed
 * with diacritics is the phrase's (one typed without them may be either, unless the phrase counts
 * only with its diacritics). `longest` as above.
 */
export function createTypedPhraseFinder<T>(
  phrases: readonly TypedPhrase<T>[],
  options: { longest?: boolean } = {},
): (text: TypedWords) => PhraseMatch<T>[] {
  const find = createPhraseFinder(
    phrases.map(({ words }, index) => ({ phrase: words.folded.join(' '), value: index })),
    options,
  );
  return (text) => {
    const typedAlike = ({ value, start }: PhraseMatch<number>) => {
      const phrase = phrases[value]!;
      return phrase.words.typed.every((tone, offset) => {
        const typed = text.typed[start + offset];
        return typed ? typed === tone : !phrase.onlyWithDiacritics;
      });
    };
    return find(text.folded, typedAlike).map((match) => ({ ...match, value: phrases[match.value]!.value }));
  };
}

/** The values of every phrase a text names as typed (each once), as createTypedPhraseFinder finds them. */
export function createTypedPhraseMatcher<T>(
  phrases: readonly TypedPhrase<T>[],
  options: { longest?: boolean } = {},
): (text: TypedWords) => Set<T> {
  const find = createTypedPhraseFinder(phrases, options);
  return (text) => new Set(find(text).map((match) => match.value));
}
