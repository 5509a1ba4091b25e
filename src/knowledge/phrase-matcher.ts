// Which of many fixed phrases a text names, as whole words: the concepts' synonyms and the
// entries' keywords are looked up on every search, so the phrases are indexed by their first
// word and only those starting at one of the text's words are compared. They are found as typed
// (createTypedPhraseMatcher): folded, "bao nhiêu tuổi" (how old) holds "nhiều tuổi" (older) and
// "cấm" (forbidden) is "câm" (mute).
import { analyzeText, hasDiacritics, toneKey } from './normalize.js';

/** A phrase (folded words separated by spaces) and what naming it means. */
export interface Phrase<T> {
  phrase: string;
  value: T;
}

/**
 * The values of every phrase the words name (each once). `agrees`, when given, also has to accept
 * each match (the phrase's value and the word it starts at), as a check the words alone cannot make.
 */
export type PhraseMatcher<T> = (words: readonly string[], agrees?: (value: T, start: number) => boolean) => Set<T>;

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
 * `longest`: at each word only the longest phrase that starts there counts, and the words it
 * covers start no other ("người nước ngoài" names a foreigner, not "nước ngoài", abroad).
 */
export function createPhraseMatcher<T>(
  phrases: readonly Phrase<T>[],
  { longest = false }: { longest?: boolean } = {},
): PhraseMatcher<T> {
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
    const found = new Set<T>();
    let coveredUntil = 0;
    words.forEach((word, start) => {
      if (longest && start < coveredUntil) return;
      for (const candidate of byFirstWord.get(word) ?? []) {
        if (!longest && found.has(candidate.value)) continue;
        if (!candidate.words.every((expected, offset) => words[start + offset] === expected)) continue;
        if (agrees && !agrees(candidate.value, start)) continue;
        found.add(candidate.value);
        if (longest) {
          coveredUntil = start + candidate.words.length;
          break;
        }
      }
    });
    return found;
  };
}

/**
 * The values of every phrase a text names as typed: found in its folded words, each word typed
 * with diacritics is the phrase's (one typed without them may be either). `longest` as above.
 */
export function createTypedPhraseMatcher<T>(
  phrases: readonly { words: TypedWords; value: T }[],
  options: { longest?: boolean } = {},
): (text: TypedWords) => Set<T> {
  const matcher = createPhraseMatcher(
    phrases.map(({ words }, index) => ({ phrase: words.folded.join(' '), value: index })),
    options,
  );
  return (text) => {
    const typedAlike = (index: number, start: number) =>
      (phrases[index]?.words.typed ?? []).every((tone, offset) => {
        const typed = text.typed[start + offset];
        return !typed || typed === tone;
      });
    const found = new Set<T>();
    for (const index of matcher(text.folded, typedAlike)) found.add(phrases[index]!.value);
    return found;
  };
}
