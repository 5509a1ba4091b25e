// Which of many fixed phrases a text names, as whole words: the concepts' synonyms and the
// entries' keywords are looked up on every search, so the phrases are indexed by their first
// word and only those starting at one of the text's words are compared.

/** A phrase (folded words separated by spaces) and what naming it means. */
export interface Phrase<T> {
  phrase: string;
  value: T;
}

/** The values of every phrase the words name (each once). */
export type PhraseMatcher<T> = (words: readonly string[]) => Set<T>;

export function createPhraseMatcher<T>(phrases: readonly Phrase<T>[]): PhraseMatcher<T> {
  const byFirstWord = new Map<string, { words: string[]; value: T }[]>();
  for (const { phrase, value } of phrases) {
    const words = phrase.split(' ').filter(Boolean);
    const [first] = words;
    if (first === undefined) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push({ words, value });
    byFirstWord.set(first, list);
  }
  return (words) => {
    const found = new Set<T>();
    words.forEach((word, start) => {
      for (const candidate of byFirstWord.get(word) ?? []) {
        if (found.has(candidate.value)) continue;
        if (candidate.words.every((expected, offset) => words[start + offset] === expected)) found.add(candidate.value);
      }
    });
    return found;
  };
}
