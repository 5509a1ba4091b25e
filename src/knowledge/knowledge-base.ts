// The knowledge base: a pure search over the FAQ entries, built once at start. search()
// returns what to do with a question; rendering it into chat replies is the answerer's job.
import type { ElectionConfig } from '../config/election.js';
import type { Locale, Translator } from '../i18n.js';
import { buildBm25Index, type Bm25Index, type WeightedTerms } from './bm25.js';
import { loadFaqEntries, type FaqEntry } from './content.js';
import { detectComplaintIntent, detectPollingIntent, mentionsElection, mentionsOutOfScopeTopic } from './intents.js';
import { analyzeText, hasDiacritics, type AnalyzedText } from './normalize.js';

export const POLLING_ENTRY_ID = 'polling-place';

export interface Candidate {
  faqId: string;
  /** share of the question's weight the entry covers, 0…1 */
  confidence: number;
}

export type SearchOutcome =
  | { kind: 'answer'; faqId: string; confidence: number; also?: string }
  | { kind: 'ask_back'; candidates: Candidate[] }
  | { kind: 'fallback'; reason: 'out_of_scope' | 'unknown'; candidates: Candidate[] }
  | { kind: 'complaint_intent'; related: string | null }
  | { kind: 'polling_intent' };

export interface Thresholds {
  /** at or above: one answer */
  answer: number;
  /** at or above (and below `answer`): ask back with the closest questions */
  askBack: number;
  /** the same for a question without any election word ("bầu", "phiếu", "cử tri", "vote"…) */
  answerWithoutElectionWords: number;
  /** the runner-up's BM25 score over the winner's at which a confident winner still asks back */
  ambiguity: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.4, askBack: 0.25, answerWithoutElectionWords: 0.6, ambiguity: 0.95 };

export interface KnowledgeBase {
  entries: ReadonlyMap<string, FaqEntry>;
  /** What to do with a question typed by a citizen (any language, any spelling). */
  search(text: string): SearchOutcome;
}

const RECENT_QUESTIONS = 5000;
const FIELD_WEIGHTS = { question: 3, variant: 3, keyword: 2, answer: 0.5 };
const QUERY_WEIGHTS = { unigram: 1, bigram: 1, accented: 0.5 };

interface QueryTerms {
  unigrams: string[];
  bigrams: string[];
  accented: string[];
}

function termsOf(text: string): QueryTerms {
  return termsOfAnalyzed(analyzeText(text));
}

function termsOfAnalyzed({ accented, folded }: AnalyzedText): QueryTerms {
  return {
    unigrams: folded.map((word) => `u:${word}`),
    bigrams: folded.slice(1).map((word, index) => `b:${folded[index]}_${word}`),
    accented: accented.filter(hasDiacritics).map((word) => `a:${word}`),
  };
}

function fieldTerms(text: string, weight: number): WeightedTerms {
  const { unigrams, bigrams, accented } = termsOf(text);
  return { terms: [...unigrams, ...bigrams, ...accented], weight };
}

function documentOf(entry: FaqEntry, locale: Locale): WeightedTerms[] {
  const text = entry.text[locale];
  return [
    fieldTerms(text.question, FIELD_WEIGHTS.question),
    ...text.variants.map((variant) => fieldTerms(variant, FIELD_WEIGHTS.variant)),
    ...text.keywords.map((keyword) => fieldTerms(keyword, FIELD_WEIGHTS.keyword)),
    fieldTerms(text.answer, FIELD_WEIGHTS.answer),
  ];
}

interface LocaleIndex {
  index: Bm25Index;
  ids: string[];
}

interface Ranking {
  candidates: Candidate[];
  /** BM25 score of the runner-up over the winner's (0 when alone) */
  closeness: number;
}

/** Ranks entries in one language's index; confidence = the question's idf mass the entry covers. */
function rank(localeIndex: LocaleIndex, { unigrams, bigrams, accented }: QueryTerms): Ranking {
  const { index, ids } = localeIndex;
  const query = new Map<string, number>();
  for (const term of unigrams) query.set(term, QUERY_WEIGHTS.unigram);
  for (const term of bigrams) query.set(term, QUERY_WEIGHTS.bigram);
  for (const term of accented) query.set(term, QUERY_WEIGHTS.accented);
  const distinct = [...new Set(unigrams)];
  // an unseen word weighs like the rarest known one: a question about something else stays unsure
  const total = distinct.reduce((sum, term) => sum + (index.idf(term) || index.maxIdf), 0);
  const results = index.search(query).slice(0, 5);
  const candidates = results.flatMap(({ doc }) => {
    const faqId = ids[doc];
    if (faqId === undefined || total === 0) return [];
    const covered = distinct.reduce((sum, term) => sum + (index.has(doc, term) ? index.idf(term) : 0), 0);
    return [{ faqId, confidence: covered / total }];
  });
  const [first, second] = results;
  return { candidates, closeness: first && second ? second.score / first.score : 0 };
}

/** `recentQuestions`: how many outcomes to keep for questions asked again (0: none, to measure a search). */
export function createKnowledgeBase(entries: readonly FaqEntry[], thresholds: Thresholds = DEFAULT_THRESHOLDS, recentQuestions = RECENT_QUESTIONS): KnowledgeBase {
  const indexes: Record<Locale, LocaleIndex> = {
    vi: { index: buildBm25Index(entries.map((entry) => documentOf(entry, 'vi'))), ids: entries.map((entry) => entry.id) },
    en: { index: buildBm25Index(entries.map((entry) => documentOf(entry, 'en'))), ids: entries.map((entry) => entry.id) },
  };
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  // On election day thousands ask the same few questions: the outcome of a question (pure, and
  // never changed by its users) is kept for the most recent ones.
  const recent = new Map<string, SearchOutcome>();

  return {
    entries: byId,
    search(text) {
      const analyzed = analyzeText(text);
      const key = analyzed.accented.join(' ');
      const known = recent.get(key);
      if (known) {
        recent.delete(key);
        recent.set(key, known);
        return known;
      }
      const outcome = decide(analyzed);
      recent.set(key, outcome);
      if (recent.size > recentQuestions) recent.delete(recent.keys().next().value as string);
      return outcome;
    },
  };

  function decide(analyzed: AnalyzedText): SearchOutcome {
    const normalized = analyzed.folded.join(' ');
    const terms = termsOfAnalyzed(analyzed);
    const vi = rank(indexes.vi, terms);
    const en = rank(indexes.en, terms);
    // the question's language is whichever index understands more of it
    const best = (en.candidates[0]?.confidence ?? 0) > (vi.candidates[0]?.confidence ?? 0) ? en : vi;
    const top = best.candidates[0];
    const aboutElection = mentionsElection(normalized);
    // a question that names nothing of the election needs a clearer match to be answered
    const answerAt = aboutElection ? thresholds.answer : thresholds.answerWithoutElectionWords;

    if (detectComplaintIntent(normalized)) return { kind: 'complaint_intent', related: top && top.confidence >= thresholds.askBack ? top.faqId : null };
    if (detectPollingIntent(normalized)) return { kind: 'polling_intent' };
    if (mentionsOutOfScopeTopic(normalized) && !aboutElection) return { kind: 'fallback', reason: 'out_of_scope', candidates: [] };
    if (top && top.confidence >= answerAt && best.closeness < thresholds.ambiguity) {
      return top.faqId === POLLING_ENTRY_ID ? { kind: 'polling_intent' } : { kind: 'answer', faqId: top.faqId, confidence: top.confidence };
    }
    const close = best.candidates.filter((candidate) => candidate.confidence >= thresholds.askBack).slice(0, 3);
    if (aboutElection && close.length > 0) return { kind: 'ask_back', candidates: close };
    return { kind: 'fallback', reason: aboutElection ? 'unknown' : 'out_of_scope', candidates: best.candidates.slice(0, 3) };
  }
}

/** The knowledge base of the configured election: content from locales/, values from the config. */
export function loadKnowledgeBase(translator: Translator, election: ElectionConfig, thresholds: Thresholds = DEFAULT_THRESHOLDS): KnowledgeBase {
  return createKnowledgeBase(loadFaqEntries(translator, election), thresholds);
}
