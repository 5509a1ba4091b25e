// One language's search over the FAQ entries: candidates from a BM25 index over each entry's
// fields and from its phrasings one by one, and for each candidate the features the ranker
// weighs (how well the words match, whether the question's kind and sense fit the entry).
// Nothing here is tuned by hand for an entry: every feature is computed the same way for all.
import { buildBm25Index, type Bm25Index, type WeightedTerms } from './bm25.js';
import type { FaqEntry } from './content.js';
import { withoutElectionName } from './election-name.js';
import { buildParaphraseIndex, type ParaphraseIndex } from './paraphrase-index.js';
import { readCues, SPECIFIC_KINDS, type QuestionCues } from './question-cues.js';
import { analyzeText, hasDiacritics, type AnalyzedText } from './normalize.js';
import type { Locale } from '../i18n.js';

/** The ranker's inputs, in its weight order. */
export const FEATURE_NAMES = [
  'bm25Relative',
  'bm25Absolute',
  'coverage',
  'questionCoverage',
  'phrasingCosine',
  'keywordHit',
  'kindMatch',
  'kindMissing',
  'senseMatch',
  'senseConflict',
  'topRanked',
  'unknownShare',
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
}

const FIELD_WEIGHTS = { question: 3, variant: 3, keyword: 2, answer: 0.5 };
const QUERY_WEIGHTS = { unigram: 1, bigram: 1, accented: 0.5 };
/** candidates taken from each of the two searches */
const CANDIDATES_PER_SEARCH = 8;

export function readQuestion(text: string): ReadQuestion {
  return readAnalyzed(analyzeText(text));
}

export function readAnalyzed(analyzed: AnalyzedText): ReadQuestion {
  const { accented, folded } = withoutElectionName(analyzed);
  return {
    unigrams: folded.map((word) => `u:${word}`),
    bigrams: folded.slice(1).map((word, index) => `b:${folded[index]}_${word}`),
    accented: accented.filter(hasDiacritics).map((word) => `a:${word}`),
    cues: readCues(analyzed.allFolded),
    folded,
  };
}

const termsOf = (read: ReadQuestion) => [...read.unigrams, ...read.bigrams, ...read.accented];

interface EntryProfile {
  id: string;
  kinds: Set<string>;
  senses: Set<string>;
  /** keyword phrases, folded, padded with spaces */
  keywords: string[];
  /** the entry's own question, as distinct unigrams */
  questionUnigrams: string[];
}

export interface LocaleIndex {
  /** Candidates for a question, with their features (unordered; the ranker orders them). */
  candidates(question: ReadQuestion): Candidate[];
}

export function buildLocaleIndex(entries: readonly FaqEntry[], locale: Locale): LocaleIndex {
  const documents: WeightedTerms[][] = [];
  const phrasings: { entry: number; terms: string[] }[] = [];
  const profiles: EntryProfile[] = [];
  entries.forEach((entry, index) => {
    const text = entry.text[locale];
    const asked = [text.question, ...text.variants].map(readQuestion);
    const keywords = text.keywords.map(readQuestion);
    const field = (read: ReadQuestion, weight: number): WeightedTerms => ({ terms: termsOf(read), weight });
    documents.push([
      ...asked.map((read, position) => field(read, position === 0 ? FIELD_WEIGHTS.question : FIELD_WEIGHTS.variant)),
      ...keywords.map((read) => field(read, FIELD_WEIGHTS.keyword)),
      field(readQuestion(text.answer), FIELD_WEIGHTS.answer),
    ]);
    for (const read of asked) phrasings.push({ entry: index, terms: [...read.unigrams, ...read.bigrams] });
    profiles.push({
      id: entry.id,
      kinds: new Set(asked.flatMap((read) => [...read.cues.kinds])),
      senses: new Set([...asked, ...keywords].flatMap((read) => [...read.cues.senses])),
      keywords: keywords.map((read) => ` ${read.folded.join(' ')} `).filter((phrase) => phrase.trim().length > 0),
      questionUnigrams: [...new Set(asked[0]?.unigrams ?? [])],
    });
  });
  const bm25 = buildBm25Index(documents);
  const paraphrases = buildParaphraseIndex(phrasings);
  return { candidates: (question) => candidatesFor(question, bm25, paraphrases, profiles) };
}

function candidatesFor(question: ReadQuestion, bm25: Bm25Index, paraphrases: ParaphraseIndex, profiles: readonly EntryProfile[]): Candidate[] {
  const query = new Map<string, number>();
  for (const term of question.unigrams) query.set(term, QUERY_WEIGHTS.unigram);
  for (const term of question.bigrams) query.set(term, QUERY_WEIGHTS.bigram);
  for (const term of question.accented) query.set(term, QUERY_WEIGHTS.accented);
  const scored = bm25.search(query);
  const cosines = paraphrases.bestMatches([...question.unigrams, ...question.bigrams]);
  const byCosine = [...cosines.entries()].sort((a, b) => b[1] - a[1]);
  const docs = new Set([...scored.slice(0, CANDIDATES_PER_SEARCH).map((result) => result.doc), ...byCosine.slice(0, CANDIDATES_PER_SEARCH).map(([doc]) => doc)]);
  if (docs.size === 0) return [];

  const distinct = [...new Set(question.unigrams)];
  // an unseen word weighs like the rarest known one: a question about something else stays unsure
  const weightOf = (term: string) => bm25.idf(term) || bm25.maxIdf;
  const total = distinct.reduce((sum, term) => sum + weightOf(term), 0);
  const unknown = distinct.reduce((sum, term) => sum + (bm25.idf(term) === 0 ? bm25.maxIdf : 0), 0);
  const selfScore = [...query.entries()].reduce((sum, [term, weight]) => sum + weight * (bm25.idf(term) || 0), 0) * 2.2;
  const scoreOf = new Map(scored.map((result) => [result.doc, result.score]));
  const topScore = scored[0]?.score ?? 0;
  const topDoc = scored[0]?.doc;
  const padded = ` ${question.folded.join(' ')} `;
  const querySet = new Set(distinct);
  const specific = [...question.cues.kinds].filter((kind) => SPECIFIC_KINDS.has(kind));

  return [...docs].flatMap((doc) => {
    const profile = profiles[doc];
    if (!profile) return [];
    const score = scoreOf.get(doc) ?? 0;
    const covered = distinct.reduce((sum, term) => sum + (bm25.has(doc, term) ? bm25.idf(term) : 0), 0);
    const ownMass = profile.questionUnigrams.reduce((sum, term) => sum + bm25.idf(term), 0);
    const ownCovered = profile.questionUnigrams.reduce((sum, term) => sum + (querySet.has(term) ? bm25.idf(term) : 0), 0);
    const features: FeatureVector = [
      topScore > 0 ? score / topScore : 0,
      selfScore > 0 ? Math.min(1, score / selfScore) : 0,
      total > 0 ? covered / total : 0,
      ownMass > 0 ? ownCovered / ownMass : 0,
      cosines.get(doc) ?? 0,
      profile.keywords.some((phrase) => padded.includes(phrase)) ? 1 : 0,
      [...question.cues.kinds].some((kind) => profile.kinds.has(kind)) ? 1 : 0,
      specific.some((kind) => !profile.kinds.has(kind)) ? 1 : 0,
      [...question.cues.senses].some((sense) => profile.senses.has(sense)) ? 1 : 0,
      senseConflict(question.cues.senses, profile.senses) ? 1 : 0,
      doc === topDoc ? 1 : 0,
      total > 0 ? unknown / total : 1,
    ];
    return [{ faqId: profile.id, features }];
  });
}

/** The question is clearly about voting and the entry only about standing (or the reverse; same for the two lists). */
function senseConflict(asked: ReadonlySet<string>, entry: ReadonlySet<string>): boolean {
  const opposite = (a: string, b: string) => asked.has(a) && !asked.has(b) && entry.has(b) && !entry.has(a);
  return opposite('vote', 'stand') || opposite('stand', 'vote') || opposite('voterList', 'candidateList') || opposite('candidateList', 'voterList');
}
