// English questions inflect ("voting", "voters", "registered") where our English phrasings may
// not ("vote", "voter", "register"). Words that cannot be a Vietnamese syllable are reduced to
// their Porter stem (the `stemmer` package); a word that could be Vietnamese ("can", "ban",
// "the" = thẻ) is left alone, since Porter would cut Vietnamese words that end in y or e.
import { stemmer } from 'stemmer';
import { isVietnameseSyllable } from './normalize.js';

/**
 * American "-ize" spellings ("organized", "hospitalization") as the British ones our phrasings
 * use: Porter stems "organize" to "organ" but "organise" to "organis", so the two never met.
 */
const AMERICAN_IZE = /(?<=[a-z]{3})iz(e|es|ed|ing|ation|ations|er|ers)$/;

/** …and other American spellings Porter stems apart from the British ones ("center" / "centre") */
const AMERICAN_WORDS = new Map([
  ['center', 'centre'],
  ['centers', 'centres'],
  ['neighbor', 'neighbour'],
  ['neighbors', 'neighbours'],
  ['neighborhood', 'neighbourhood'],
  ['color', 'colour'],
  ['labor', 'labour'],
  ['behavior', 'behaviour'],
  ['favor', 'favour'],
  ['defense', 'defence'],
  ['judgement', 'judgment'],
  ['judgements', 'judgments'],
]);

/** The word, or its English stem when it cannot be Vietnamese. */
export function stemEnglish(folded: string): string {
  if (folded.length < 4 || !/^[a-z]+$/.test(folded) || isVietnameseSyllable(folded)) return folded;
  return stemmer(AMERICAN_WORDS.get(folded) ?? folded.replace(AMERICAN_IZE, 'is$1'));
}
