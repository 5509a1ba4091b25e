// One language's search over the FAQ entries: candidates from a BM25 index over each entry's
// fields and from its phrasings one by one, and for each candidate the features the ranker
// weighs (how well the words match, whether the question's kind and sense fit the entry).
// Nothing here is tuned by hand for an entry: every feature is computed the same way for all.
import { bm25IndexSteps, termFrequencies, type Bm25Index, type TermFrequencies, type WeightedTerms } from './bm25.js';
import type { FaqEntry } from './content.js';
import { withoutElectionName } from './election-name.js';
import { stemEnglish } from './english-stem.js';
import { entryClassifierSteps, type EntryClassifier } from './entry-classifier.js';
import { paraphraseIndexSteps, type ParaphraseIndex } from './paraphrase-index.js';
import { outOfScopeQuestions, scopeClassifierSteps, type ScopeClassifier } from './scope-classifier.js';
import { runSteps, type Steps } from '../lib/steps.js';
import { createTypedPhraseMatcher, typedPhrase, typedText, type TypedWords } from './phrase-matcher.js';
import { queryLikelihoodSteps, type QueryLikelihood } from './query-likelihood.js';
import { keepSpelling, type SpellingCorrector } from './spelling.js';
import { readCues, SPECIFIC_KINDS, type QuestionCues } from './question-cues.js';
import { conceptsOf } from './concepts.js';
import { withoutPlaceNames } from './place-names.js';
import { withServiceNameRead } from './service-name.js';
import { analyzeText, canonicalReading, foldWord, hasDiacritics, type AnalyzedText } from './normalize.js';
import type { Locale } from '../i18n.js';

/** The ranker's inputs, in its weight order. */
export const FEATURE_NAMES = [
  'bm25Relative',
  'bm25Absolute',
  'coverage',
  'phrasingCoverage',
  'answerCoverage',
  'bigramCoverage',
  'coreCoverage',
  'questionCoverage',
  'likelihood',
  'exclusiveCoverage',
  'phrasingCosine',
  'keywordHit',
  'kindMatch',
  'kindMissing',
  'senseMatch',
  'senseConflict',
  'topRanked',
  'unknownShare',
  'classifierLogShare',
] as const;
export type FeatureVector = number[];

export interface Candidate {
  faqId: string;
  features: FeatureVector;
}

/** A question read once: its search terms and its cues. */
export interface ReadQuestion {
  unigrams: string[];
  bigrams: string[];
  accented: string[];
  cues: QuestionCues;
  /** folded words (election name cut out) */
  folded: string[];
  /** the same as fixed phrases (keywords, phrasings asked as written) are matched: read alike with or without diacritics (canonicalWords) */
  canonical: string[];
  /** canonical's words as typed */
  canonicalAccented: string[];
  /** the unigrams of the question proper, when a message also tells a story around it */
  core: string[];
  /** unigrams of numbers and of names (capitalised inside a sentence): unknown ones weigh nothing */
  particulars: Set<string>;
  /** unigrams written in capitals ("SV", "KCN", "TX"): the asker's abbreviations, which the scope classifier reads as no sign either way */
  abbreviations: Set<string>;
}

const FIELD_WEIGHTS = { question: 3, variant: 3, keyword: 2, answer: 0.5 };
const QUERY_WEIGHTS = { unigram: 1, bigram: 1, accented: 0.5 };
/** entries read between two pauses of a build in steps */
const ENTRIES_PER_STEP = 8;
/** the classifier's log-probability below which an entry counts as not pointed to at all */
const MIN_LOG_SHARE = -10;
/** candidates taken from each of the two searches */
const CANDIDATES_PER_SEARCH = 8;

/** The text the search reads: places named in it left out, the service's name read as "chatbot". */
export const withNamesRead = (text: string): string => withServiceNameRead(withoutPlaceNames(text));

/**
 * A question, a phrasing, a keyword or an answer read for the search, places named in it left out
 * (place-names.ts): alike for all, so a place is evidence for nothing. `spell` reads typing slips
 * as the known words they miss (spelling.ts); `analyzed`: the text already analysed (places left
 * out) and corrected, when the caller needed it too.
 */
export function readQuestion(
  asked: string,
  spell: SpellingCorrector = keepSpelling,
  analyzed?: AnalyzedText,
): ReadQuestion {
  // a caller that analysed the text itself has read its names already
  const text = analyzed ? asked : withNamesRead(asked);
  analyzed ??= spell(analyzeText(text));
  const named = withoutElectionName(analyzed);
  // a lone letter that is no abbreviation ("<b>", "a)", "B.") says nothing
  const kept = named.folded
    .map((word, index) => (word.length > 1 || /\d/.test(word) ? index : -1))
    .filter((index) => index >= 0);
  const accented = kept.map((index) => named.accented[index] ?? '');
  const folded = kept.map((index) => stemEnglish(named.folded[index] ?? ''));
  // every word as typed, stopwords too, for the concepts and the cues
  const allTyped = typedText(analyzed.allFolded, analyzed.allAccented);
  // the concepts the words name count as words too, so synonyms meet
  const unigrams = [...folded.map((word) => `u:${word}`), ...conceptsOf(allTyped)];
  const core = coreSentence(text);
  const [canonical, canonicalAccented] = canonicalReading(folded, accented);
  return {
    unigrams,
    bigrams: folded.slice(1).map((word, index) => `b:${folded[index]}_${word}`),
    accented: accented.filter(hasDiacritics).map((word) => `a:${word}`),
    cues: readCues(allTyped),
    folded,
    canonical,
    canonicalAccented,
    core:
      core === text
        ? unigrams
        : withoutElectionName(spell(analyzeText(core))).folded.map((word) => `u:${stemEnglish(word)}`),
    particulars: particularsOf(text),
    abbreviations: abbreviationsOf(text),
  };
}

/**
 * Dates, numbers and names a citizen tells ("sinh ngày 14-3-2008", "ở Phú Quốc"): they are the
 * asker's particulars, not the question, so an index that has never seen them must not read
 * them as a question about something else.
 */
function particularsOf(text: string): Set<string> {
  const particulars = new Set<string>();
  for (const sentence of text.normalize('NFC').split(/[.?!:;\n]+/)) {
    const tokens = sentence.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    tokens.forEach((token, index) => {
      if (/^\p{N}+$/u.test(token) || (index > 0 && /^\p{Lu}/u.test(token))) particulars.add(unigramOf(token));
    });
  }
  return particulars;
}

/** a word as typed, as the unigram the search reads it as */
const unigramOf = (token: string) => `u:${stemEnglish(foldWord(token.toLowerCase()))}`;

/**
 * Words written in capitals: a citizen's shorthand for where they study, work or live ("SV ĐH
 * BR-VT", "KCN", "TX.Phú Mỹ"). A capitalised word may be the topic itself ("the Norwegian
 * parliament", "Oscar nominations"); an abbreviation seldom is.
 */
function abbreviationsOf(text: string): Set<string> {
  const tokens = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u);
  return new Set(tokens.filter((token) => /^\p{Lu}{2,}$/u.test(token)).map(unigramOf));
}

/**
 * The sentence that asks, in a message of several: the first one ending with "?", else the
 * last ("Tôi là sinh viên… Tôi sẽ bầu ở đâu?"). The whole text when it is one sentence.
 */
function coreSentence(text: string): string {
  const sentences =
    text
      .match(/[^.?!;\n]+[.?!;\n]*/g)
      ?.map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 0) ?? [];
  if (sentences.length < 2) return text;
  return sentences.find((sentence) => sentence.endsWith('?')) ?? sentences.at(-1) ?? text;
}

/** a text's words and word pairs: what the classifiers, the paraphrases and the likelihood read */
export const wordTerms = (read: ReadQuestion) => [...read.unigrams, ...read.bigrams];
/** …and its accented words too: what BM25 indexes */
const termsOf = (read: ReadQuestion) => [...wordTerms(read), ...read.accented];

interface EntryProfile {
  id: string;
  /** unigrams and bigrams of the entry's question, variants and keywords */
  phrasingTerms: Set<string>;
  /** unigrams and bigrams of its answer */
  answerTerms: Set<string>;
  /** share of the entry's phrasings (question and variants) that show each kind / sense */
  kinds: Map<string, number>;
  senses: Map<string, number>;
  /** the entry's own question, as distinct unigrams, and their total idf */
  questionUnigrams: string[];
  questionMass: number;
}

export interface LocaleIndex {
  /** Candidates for a question, with their features (unordered; the ranker orders them). */
  candidates(question: ReadQuestion): Candidate[];
  /** The entry one of whose own phrasings the question is, word for word (after normalising). */
  phrasedBy(question: ReadQuestion): string | undefined;
  /** How likely the question is about the election at all (0…1). */
  inScope(question: ReadQuestion): number;
  /** Whether a word (folded, as ReadQuestion.folded holds it) is in this language's entries. */
  knows(word: string): boolean;
}

export const buildLocaleIndex = (entries: readonly FaqEntry[], locale: Locale): LocaleIndex =>
  runSteps(localeIndexSteps(entries, locale));

/** The index built in steps (a few entries' phrasings, one structure), see lib/steps.ts. */
export function* localeIndexSteps(entries: readonly FaqEntry[], locale: Locale): Steps<LocaleIndex> {
  const documents: TermFrequencies[] = [];
  const phrasings: { entry: number; terms: string[] }[] = [];
  const keywordTerms: { entry: number; terms: string[] }[] = [];
  const profiles: EntryProfile[] = [];
  /** every keyword's phrase (its value: the keyword's number) and the entry it is one of */
  const keywordPhrases: { words: TypedWords; value: number }[] = [];
  const keywordEntries: number[] = [];
  const phrasingsRead: { entry: number; words: TypedWords }[] = [];
  // a phrasing two entries share names neither
  const phrasingOwners = new Map<string, string | null>();
  for (const [index, entry] of entries.entries()) {
    if (index % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    const text = entry.text[locale];
    const asked = [text.question, ...text.variants].map((phrasing) => readQuestion(phrasing));
    const keywords = text.keywords.map((keyword) => readQuestion(keyword));
    for (const read of keywords) {
      keywordPhrases.push({ words: typedPhrase(read.canonical, read.canonicalAccented), value: keywordEntries.length });
      keywordEntries.push(index);
    }
    keywordTerms.push(...keywords.map((read) => ({ entry: index, terms: wordTerms(read) })));
    const answer = readQuestion(text.answer);
    const field = (read: ReadQuestion, weight: number): WeightedTerms => ({ terms: termsOf(read), weight });
    documents.push(
      termFrequencies([
        ...asked.map((read, position) => field(read, position === 0 ? FIELD_WEIGHTS.question : FIELD_WEIGHTS.variant)),
        ...keywords.map((read) => field(read, FIELD_WEIGHTS.keyword)),
        field(answer, FIELD_WEIGHTS.answer),
      ]),
    );
    for (const read of asked) {
      phrasings.push({ entry: index, terms: wordTerms(read) });
      phrasingsRead.push({ entry: index, words: canonicalTyped(read) });
      const key = read.canonical.join(' ');
      const owner = phrasingOwners.get(key);
      phrasingOwners.set(key, owner === undefined || owner === entry.id ? entry.id : null);
    }
    profiles.push({
      id: entry.id,
      phrasingTerms: new Set([...asked, ...keywords].flatMap(wordTerms)),
      answerTerms: new Set(wordTerms(answer)),
      kinds: shares(asked.map((read) => read.cues.kinds)),
      senses: shares(asked.map((read) => read.cues.senses)),
      questionUnigrams: [...new Set(asked[0]?.unigrams ?? [])],
      questionMass: 0,
    });
  }
  yield;
  const bm25Index = yield* bm25IndexSteps(documents);
  for (const profile of profiles)
    profile.questionMass = profile.questionUnigrams.reduce((sum, term) => sum + bm25Index.idf(term), 0);
  yield;
  const paraphrases = yield* paraphraseIndexSteps(phrasings);
  yield;
  const likelihood = yield* queryLikelihoodSteps(documents);
  yield;
  const others = otherTopicTerms(locale);
  yield;
  const scope = yield* scopeClassifierSteps(
    phrasings.map(({ terms }) => terms),
    others,
  );
  const classifier = yield* entryClassifierSteps([...phrasings, ...keywordTerms], entries.length);
  yield;
  const searches: Searches = {
    bm25: bm25Index,
    paraphrases,
    likelihood,
    keywords: keywordSearch(keywordPhrases, keywordEntries, phrasingsRead, entries.length),
    scope,
    classifier,
  };
  return {
    candidates: (question) => candidatesFor(question, searches, profiles),
    phrasedBy: (question) => phrasingOwners.get(question.canonical.join(' ')) ?? undefined,
    inScope: (question) => searches.scope.inScope(wordTerms(question), question.abbreviations),
    knows: (word) => bm25Index.idf(`u:${word}`) > 0,
  };
}

/** The terms of the messages about other topics, read once: they never change while running. */
const otherTopics = new Map<Locale, string[][]>();
function otherTopicTerms(locale: Locale): string[][] {
  let terms = otherTopics.get(locale);
  if (!terms) {
    terms = outOfScopeQuestions(locale).map((text) => wordTerms(readQuestion(text)));
    otherTopics.set(locale, terms);
  }
  return terms;
}

interface Searches {
  bm25: Bm25Index;
  paraphrases: ParaphraseIndex;
  likelihood: QueryLikelihood;
  /** the entries (by index) whose keyword phrases a question names, each with its most telling keyword's weight */
  keywords: (question: TypedWords) => Map<number, number>;
  /** how likely a question is about the election at all */
  scope: ScopeClassifier;
  /** which entry the question's words point to, trained to tell the entries apart */
  classifier: EntryClassifier;
}

function candidatesFor(
  question: ReadQuestion,
  { bm25, paraphrases, likelihood, keywords, classifier }: Searches,
  profiles: readonly EntryProfile[],
): Candidate[] {
  const query = new Map<string, number>();
  for (const term of question.unigrams) query.set(term, QUERY_WEIGHTS.unigram);
  for (const term of question.bigrams) query.set(term, QUERY_WEIGHTS.bigram);
  for (const term of question.accented) query.set(term, QUERY_WEIGHTS.accented);
  const scored = bm25.search(query);
  const questionTerms = wordTerms(question);
  const cosines = paraphrases.bestMatches(questionTerms);
  const byCosine = [...cosines.entries()].sort((a, b) => b[1] - a[1]);
  // an entry one of whose keyword phrases the question names is always weighed, however common its other words
  const named = keywords(canonicalTyped(question));
  const docs = new Set([
    ...scored.slice(0, CANDIDATES_PER_SEARCH).map((result) => result.doc),
    ...byCosine.slice(0, CANDIDATES_PER_SEARCH).map(([doc]) => doc),
    ...named.keys(),
  ]);
  if (docs.size === 0) return [];

  const distinct = [...new Set(question.unigrams)];
  const idfs = new Map<string, number>();
  for (const term of [...distinct, ...question.bigrams, ...question.core])
    if (!idfs.has(term)) idfs.set(term, bm25.idf(term));
  const idfOf = (term: string) => idfs.get(term) ?? bm25.idf(term);
  // an unseen word weighs like the rarest known one (a question about something else stays
  // unsure), unless it is a number or a name the citizen told
  const weightOf = (term: string) => idfOf(term) || (question.particulars.has(term) ? 0 : bm25.maxIdf);
  const total = distinct.reduce((sum, term) => sum + weightOf(term), 0);
  const unknown = distinct.reduce((sum, term) => sum + (idfOf(term) === 0 ? weightOf(term) : 0), 0);
  const selfScore = [...query.entries()].reduce((sum, [term, weight]) => sum + weight * (bm25.idf(term) || 0), 0) * 2.2;
  const scoreOf = new Map(scored.map((result) => [result.doc, result.score]));
  const topScore = scored[0]?.score ?? 0;
  const topDoc = scored[0]?.doc;
  const querySet = new Set(distinct);
  const bigrams = [...new Set(question.bigrams)];
  const bigramMass = bigrams.reduce((sum, term) => sum + weightOf(term), 0);
  const core = [...new Set(question.core)];
  const coreMass = core.reduce((sum, term) => sum + weightOf(term), 0);
  const specific = [...question.cues.kinds].filter((kind) => SPECIFIC_KINDS.has(kind));

  const likelihoods = likelihood.scores(docs, questionTerms);
  const classShares = classifier.shares(questionTerms);
  const bestLikelihood = Math.max(...likelihoods.values());
  // where each query term occurs in each candidate (1: its phrasings or keywords, 2: its answer),
  // looked up once for every feature; and how many candidates hold it: a term only one candidate
  // holds tells them apart
  const candidates = [...docs].filter((doc) => profiles[doc] !== undefined);
  const telling = [...distinct, ...bigrams];
  const tellingIdf = telling.map(idfOf);
  const found = new Uint8Array(telling.length * candidates.length);
  const holders = new Uint16Array(telling.length);
  candidates.forEach((doc, position) => {
    const { phrasingTerms, answerTerms } = profiles[doc]!;
    telling.forEach((term, index) => {
      const where = (phrasingTerms.has(term) ? 1 : 0) | (answerTerms.has(term) ? 2 : 0);
      found[position * telling.length + index] = where;
      if (where !== 0) holders[index]!++;
    });
  });
  const exclusiveMass = telling.reduce((sum, term) => sum + weightOf(term), 0);
  return candidates.map((doc, position) => {
    const profile = profiles[doc]!;
    const score = scoreOf.get(doc) ?? 0;
    const ownMass = profile.questionMass;
    const ownCovered = profile.questionUnigrams.reduce((sum, term) => sum + (querySet.has(term) ? idfOf(term) : 0), 0);
    let covered = 0;
    let inPhrasings = 0;
    let inAnswer = 0;
    let bigramsFound = 0;
    let exclusive = 0;
    for (let index = 0; index < telling.length; index++) {
      const where = found[position * telling.length + index]!;
      if (where === 0) continue;
      const idf = tellingIdf[index]!;
      exclusive += idf / holders[index]!;
      if (index >= distinct.length) bigramsFound += idf;
      else {
        covered += idf;
        if (where & 1) inPhrasings += idf;
        if (where & 2) inAnswer += idf;
      }
    }
    const coreFound = core.reduce(
      (sum, term) => sum + (profile.phrasingTerms.has(term) || profile.answerTerms.has(term) ? idfOf(term) : 0),
      0,
    );
    const shareOf = (part: number, mass: number) => (mass > 0 ? part / mass : 0);
    const features: FeatureVector = [
      topScore > 0 ? score / topScore : 0,
      selfScore > 0 ? Math.min(1, score / selfScore) : 0,
      shareOf(covered, total),
      shareOf(inPhrasings, total),
      shareOf(inAnswer, total),
      shareOf(bigramsFound, bigramMass),
      shareOf(coreFound, coreMass),
      shareOf(ownCovered, ownMass),
      Math.max(-1, ((likelihoods.get(doc) ?? 0) - bestLikelihood) / 2),
      shareOf(exclusive, exclusiveMass),
      cosines.get(doc) ?? 0,
      named.get(doc) ?? 0,
      Math.max(0, ...[...question.cues.kinds].map((kind) => profile.kinds.get(kind) ?? 0)),
      specific.some((kind) => (profile.kinds.get(kind) ?? 0) === 0) ? 1 : 0,
      Math.max(0, ...[...question.cues.senses].map((sense) => profile.senses.get(sense) ?? 0)),
      senseConflict(question.cues.senses, profile.senses),
      doc === topDoc ? 1 : 0,
      total > 0 ? unknown / total : 1,
      Math.max(MIN_LOG_SHARE, Math.log(classShares[doc] ?? 0)),
    ];
    return { faqId: profile.id, features };
  });
}

/**
 * The keyword look-up. A keyword that other entries' phrasings name too singles out no entry
 * ("đại biểu", "ở đâu", "when", "elected" are in the phrasings of 30 to 81 other entries): it weighs
 * as an inverse document frequency, log(n / (1 + those entries)) / log n for n entries (1 when no
 * other entry names it), and an entry weighs as the most telling of its keywords the question names.
 */
function keywordSearch(
  keywordPhrases: readonly { words: TypedWords; value: number }[],
  keywordEntries: readonly number[],
  phrasings: readonly { entry: number; words: TypedWords }[],
  entryCount: number,
): (question: TypedWords) => Map<number, number> {
  const match = createTypedPhraseMatcher(keywordPhrases);
  const namedBy = keywordEntries.map(() => new Set<number>());
  for (const { entry, words } of phrasings)
    for (const keyword of match(words)) if (keywordEntries[keyword] !== entry) namedBy[keyword]!.add(entry);
  const n = Math.max(2, entryCount);
  const weights = namedBy.map((others) => Math.log(n / (1 + others.size)) / Math.log(n));
  return (question) => {
    const named = new Map<number, number>();
    for (const keyword of match(question)) {
      const entry = keywordEntries[keyword]!;
      named.set(entry, Math.max(named.get(entry) ?? 0, weights[keyword]!));
    }
    return named;
  };
}

/** A question's canonical words as fixed phrases are found in them, as typed. */
const canonicalTyped = (read: ReadQuestion): TypedWords => typedText(read.canonical, read.canonicalAccented);

/** For each cue, the share of the sets that hold it. */
function shares(sets: readonly ReadonlySet<string>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const set of sets) for (const cue of set) counts.set(cue, (counts.get(cue) ?? 0) + 1);
  return new Map([...counts].map(([cue, count]) => [cue, count / Math.max(1, sets.length)]));
}

/**
 * How far the entry leans to the other sense than the question's: the question is about voting
 * only and the entry's phrasings speak of standing (or the reverse; the same for the two lists,
 * and for the ballot and the voter card); or it asks how to register to vote, and the entry's
 * phrasings register a residence (not the reverse: a residence question may name voting too).
 */
function senseConflict(asked: ReadonlySet<string>, entry: ReadonlyMap<string, number>): number {
  const lean = (a: string, b: string) =>
    asked.has(a) && !asked.has(b) ? Math.max(0, (entry.get(b) ?? 0) - (entry.get(a) ?? 0)) : 0;
  return Math.max(
    lean('vote', 'stand'),
    lean('stand', 'vote'),
    lean('voterList', 'candidateList'),
    lean('candidateList', 'voterList'),
    lean('ballot', 'voterCard'),
    lean('voterCard', 'ballot'),
    lean('registerToVote', 'residence'),
  );
}
