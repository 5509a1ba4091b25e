// The knowledge base: a pure search over the FAQ entries, built once at start. search()
// returns what to do with a question; rendering it into chat replies is the answerer's job.
// Two stages: each language's index proposes candidates with features (locale-index.ts), the
// trained ranker turns them into probabilities (ranker.ts), and its thresholds decide between
// answering, asking back and declining. Complaints, "where do I vote?" and other domains are
// recognised first (intents.ts).
import type { ElectionConfig } from '../config/election.js';
import type { Locale, Translator } from '../i18n.js';
import { loadFaqEntries, type FaqEntry } from './content.js';
import {
  detectComplaintIntent,
  detectPollingIntent,
  intentWords,
  withoutOtherSenses,
  mentionsElection,
  namesElectionProper,
  mentionsOtherVote,
  asksAboutTheService,
  mentionsOtherBody,
  mentionsOtherTopic,
} from './intents.js';
import { localeIndexSteps, readQuestion, withNamesRead, type LocaleIndex, type ReadQuestion } from './locale-index.js';
import { runSteps, type Steps } from '../lib/steps.js';
import { asksTheRightToVoteOrStand, namesTheCountrysVote, namesTheVote, withoutElectionName } from './election-name.js';
import { analyzeText, canonicalWords, isVietnameseSyllable } from './normalize.js';
import { probabilities, readRankerModel, type RankerModel, type Thresholds } from './ranker.js';
import { spellingCorrectorSteps, type SpellingCorrector } from './spelling.js';
import type { TypedWords } from './phrase-matcher.js';

export const POLLING_ENTRY_ID = 'polling-place';

export interface Candidate {
  faqId: string;
  /** the ranker's probability that the entry holds the answer, 0…1 */
  confidence: number;
}

export type SearchOutcome =
  /** `also`: the entry answering the other part of a two-part question */
  | { kind: 'answer'; faqId: string; confidence: number; also?: string }
  | { kind: 'ask_back'; candidates: Candidate[] }
  /**
   * `other_complaint`: a complaint or denunciation about something other than the election;
   * `unsure`: a message with the election's words that reads like another topic (a long letter,
   * another body's vote no list names); `unknown`: surely the election's, with no entry near
   * enough to ask back about. `candidates`: the entries offered with it (none with a decline)
   */
  | { kind: 'fallback'; reason: 'out_of_scope' | 'other_complaint' | 'unsure' | 'unknown'; candidates: Candidate[] }
  /**
   * `namesElection`: the message names the election by its own words or bodies; when it does not
   * ("Tôi muốn khiếu nại vì hàng xóm xây nhà che hết lối đi"), the citizen is told what is taken
   * here first
   */
  | { kind: 'complaint_intent'; related: string | null; namesElection: boolean }
  | { kind: 'polling_intent' };

export interface KnowledgeBase {
  entries: ReadonlyMap<string, FaqEntry>;
  /** What to do with a question typed by a citizen (any language, any spelling). */
  search(text: string): SearchOutcome;
}

export interface KnowledgeBaseOptions {
  model?: RankerModel;
  /** how many outcomes to keep for questions asked again (0: none, to measure a search) */
  recentQuestions?: number;
}

const RECENT_QUESTIONS = 5000;
/** at most this many questions offered when asking back */
const ASK_BACK_SIZE = 3;
/**
 * Asking back offers the closest questions down to this probability, not only those that made
 * it ask: the runner-up under the ask-back threshold is the right one as often as not, and a
 * single question to pick is no choice (tuning part, out of fold: the right one was among the
 * questions offered in 41 of 66 Vietnamese ask-backs with only those above it, 56 with this floor).
 */
export const OFFER_FLOOR = 0.05;
/** two entries are answered together only when the runner-up holds at least this share: close, not a leftover */
const PAIR_RUNNER_UP = 0.2;
/**
 * The scope classifier's probability from which a question is surely the election's: one that
 * names nothing of it ("Người già yếu không đi được thì sao?", typed in a chat with the election's
 * bot) is asked back rather than declined as another topic, or, when no entry is near, told there
 * is no answer yet; it is still answered at once only when the ranker is all but certain.
 * Published questions name the election, so the tuning part has almost none of these: from 0.98
 * its figures were unchanged, from 0.95 one more election question was right after one pick and
 * one more other topic was asked back. Any question this sure is asked back from a threshold of
 * its own (askBackSure: 0.15, or the ask-back bar when that serves the tuning part better; see
 * eval/ranker-training.ts), lower than other questions'.
 */
const SURELY_IN_SCOPE = 0.98;
/**
 * …and below which one that names nothing of the election is surely about something else: it is
 * declined however sure the ranker is. The two read different things (the scope classifier the
 * question's own words, the ranker how well an entry's words cover them), and "Công chức cấp xã
 * cần những tiêu chuẩn gì?" (0.03; a civil servant's standards) was the candidate standards at
 * 0.99. No question of the tuning part, the team's or the other-domain check set that names
 * nothing of the election and is answered lies below 0.2.
 */
const SURELY_OUT_OF_SCOPE = 0.05;
/**
 * A question that names the election by its own words or bodies and whose entry the ranker is all
 * but sure of is not held to the doubtful bar unless the scope classifier is this sure it is about
 * something else: its words around the election's may be another domain's and still ask the
 * election's ("Sinh viên ở ký túc xá có được bầu ở trường không?": school words, 0.37; "Mua bán
 * phiếu bầu bị xử lý thế nào?": trade and penalty words, 0.26).
 */
const NAMED_DOUBT = 0.1;
/** …the ranker's probability from which it is all but sure of such a question's entry */
const NAMED_SURE = 0.9;
/**
 * The probability from which an entry far ahead of the others is answered below the answer bar
 * (the lead threshold says how far: the runner-up at most that share of it). The ranker's
 * probabilities spread thinner in English, whose index has fewer phrasings: of the English tuning
 * questions asked back with the right entry first, most had it at 0.55–0.8 and the runner-up
 * under a tenth of it. More likely than all the others together, and several times the next.
 */
const LEAD_FLOOR = 0.5;
/** a question of at most this many distinct syllables (one or two words) is too short to answer from: it is asked back */
const VAGUE_WORDS = 3;
/**
 * The ranker's probability from which it is all but certain: a question too short to say much
 * ("Is my ballot secret?", 1.00), or one that names nothing of the election but that the scope
 * classifier reads as the election's ("How is the winner decided?", "How many years is a term?",
 * 0.99; not when its words were the election's in another sense: "Hiệp thương giá là gì?"), is
 * answered from it. A bar of its own, not the doubtful questions' (answerDoubtful), which
 * the chooser may set to "never" when nothing in the tuning part tells the two apart: its
 * published questions name the election and are hardly ever this short, so they cannot weigh these.
 */
const ALL_BUT_CERTAIN = 0.98;
/** a part of a two-part question needs this many words to be searched on its own */
const MIN_PART_WORDS = 3;
/** parts searched at most: a message of more is a letter its first questions carry, and a pasted
 * wall of questions must not cost a search each */
const MAX_PARTS = 4;

let shippedModel: RankerModel | undefined;
const defaultModel = () => (shippedModel ??= readRankerModel());

/** Entries ranked best first, and the language whose index ranked them. */
export interface Ranking {
  ranked: Candidate[];
  locale: Locale;
}

/**
 * Ranks every entry the question's language proposes, by the ranker's probability, best first.
 * The language is `locale` when known (a part of a message is in the message's language), else
 * told by the question's words, and only when they cannot tell, whichever index is surer of its
 * best entry.
 */
export function rankEntries(
  indexes: Record<Locale, LocaleIndex>,
  model: RankerModel,
  question: ReadQuestion,
  locale?: Locale,
): Ranking {
  const rankIn = (index: LocaleIndex) => {
    const candidates = index.candidates(question);
    const shares = probabilities(
      model,
      candidates.map((candidate) => candidate.features),
    );
    return candidates
      .map((candidate, position) => ({ faqId: candidate.faqId, confidence: shares[position] ?? 0 }))
      .sort((a, b) => b.confidence - a.confidence);
  };
  // a question asked exactly as one of an entry's phrasings (an approved variant, say) is that entry's
  for (const language of ['vi', 'en'] as const) {
    const owner = indexes[language].phrasedBy(question);
    if (owner !== undefined) return { ranked: [{ faqId: owner, confidence: 1 }], locale: language };
  }
  if (locale) return { ranked: rankIn(indexes[locale]), locale };
  // a question whose words are mostly no Vietnamese syllables is not Vietnamese, whatever
  // Vietnamese term it quotes ("What is a consultative conference (hiệp thương)?"); one typed
  // with Vietnamese diacritics in a third of its words is not English, unless two of its words
  // are no Vietnamese syllables ("Who can be a candidate (người ứng cử)?": English words such as
  // "a", "be", "can" are syllables too)
  const words = question.folded.filter((word) => !/\d/.test(word));
  const syllables = words.filter(isVietnameseSyllable).length;
  if (syllables * 2 < words.length) return { ranked: rankIn(indexes.en), locale: 'en' };
  if (
    question.accented.length * 3 >= question.unigrams.length &&
    question.accented.length > 0 &&
    words.length - syllables < 2
  )
    return { ranked: rankIn(indexes.vi), locale: 'vi' };
  // Vietnamese typed without diacritics: every word a Vietnamese syllable (an English question
  // has words that are none: "what", "vote"); the English index would only match the bot's name
  // ("cho em hoi ve the cu tri" asked the English entries, which name "Cử Tri")
  if (syllables === words.length) return { ranked: rankIn(indexes.vi), locale: 'vi' };
  // else the words only one language's entries use tell it: "How do I fill in my ballot?" is half
  // Vietnamese syllables ("do", "in", "my"), but "fill" and "ballot" are English words only; only
  // when they tie are both languages searched
  const onlyIn = (own: LocaleIndex, other: LocaleIndex) =>
    words.filter((word) => own.knows(word) && !other.knows(word)).length;
  const english = onlyIn(indexes.en, indexes.vi);
  const vietnamese = onlyIn(indexes.vi, indexes.en);
  if (english !== vietnamese) {
    const told = english > vietnamese ? 'en' : 'vi';
    return { ranked: rankIn(indexes[told]), locale: told };
  }
  const vi = rankIn(indexes.vi);
  const en = rankIn(indexes.en);
  return (en[0]?.confidence ?? 0) > (vi[0]?.confidence ?? 0)
    ? { ranked: en, locale: 'en' }
    : { ranked: vi, locale: 'vi' };
}

/** What the search found out about a question, before deciding what to do with it. */
export interface Assessment {
  text: string;
  /** the language it was read in (its index, and its thresholds) */
  locale: Locale;
  /** a complaint or denunciation in the making */
  complaint: boolean;
  /** "where do I vote?" and little else */
  polling: boolean;
  /** another domain's topic (shares, insurance, land, fraud…) named without the election, or another vote (another country's, a referendum's law, a consultation of voters) */
  otherTopic: boolean;
  /** another body's election (a company board, a party cell, a village head) */
  otherBody: boolean;
  /** names something of the election */
  aboutElection: boolean;
  /** names a word of the election in another sense ("hiệp thương giá", "a marketing campaign"), cut out before reading */
  otherSense: boolean;
  /** names the election by its own words or bodies, not only by a grievance's ("khiếu nại", "cán bộ") */
  namesElection: boolean;
  /** names the election of deputies itself ("bầu cử đại biểu Quốc hội"): about it, whatever else the message tells */
  namesTheVote: boolean;
  /** names voting by the country ("voting in Vietnam"): the election's, unless another body's (declined first) */
  namesTheCountrysVote: boolean;
  /** asks whether someone may vote or stand ("… có được bầu cử không?"): the election's, whatever else it tells */
  asksTheRight: boolean;
  /** asks about this service itself ("Bạn là ai?"): the bot's own entries answer it */
  aboutService: boolean;
  /** how likely the question is about the election at all, by the scope classifier (0…1) */
  inScope: number;
  /** so short ("thẻ cử tri", "khiếu nại") and asking nothing in particular that it is asked back unless the ranker is all but certain */
  vague: boolean;
  /** entries by the ranker's probability, best first */
  ranked: Candidate[];
  /** how many questions a message that asks several things holds (0: it asks one) */
  partCount: number;
  /** a part's own ranking (0: the first); ranked when first asked for, since the others only
   * matter when the first part is clear — a long letter would otherwise cost a search per part */
  partRanking(index: number): Candidate[];
}

/** Reads and ranks questions against the entries with a ranker model. */
export const createAssessor = (entries: readonly FaqEntry[], model: RankerModel): ((text: string) => Assessment) =>
  runSteps(assessorSteps(entries, model));

function* assessorSteps(entries: readonly FaqEntry[], model: RankerModel): Steps<(text: string) => Assessment> {
  const indexes: Record<Locale, LocaleIndex> = {
    vi: yield* localeIndexSteps(entries, 'vi'),
    en: yield* localeIndexSteps(entries, 'en'),
  };
  const spell = yield* spellingCorrectorSteps(entries);
  return (asked) => {
    const text = withNamesRead(asked);
    const analyzed = spell(analyzeText(text));
    const words = intentWords(analyzed);
    const question = readQuestion(text, spell, analyzed);
    const senseRead = withoutOtherSenses(analyzed);
    // the election's words are looked for in what is left once their other senses are cut out
    const reading = canonicalWords(senseRead.folded);
    const aboutElection = mentionsElection(reading);
    const isQuestion = text.includes('?') || question.cues.kinds.size > 0;
    const { ranked: whole, locale } = rankEntries(indexes, model, question);
    const rankings = new Map<string, Candidate[]>();
    const rankingOf = (part: string): Candidate[] => {
      let ranking = rankings.get(part);
      if (!ranking) {
        ranking = rankEntries(indexes, model, readQuestion(part, spell), locale).ranked;
        rankings.set(part, ranking);
      }
      return ranking;
    };
    const partTexts = questionParts(text);
    const partCount = partTexts.length < 2 ? 0 : partTexts.length;
    const [firstSentence, secondSentence] = questionParts(text, SENTENCE_BOUNDARY);
    return {
      text: asked,
      locale,
      complaint: detectComplaintIntent(words, analyzed, {
        isQuestion,
        asksPenalty: question.cues.kinds.has('penalty'),
      }),
      // "bầu cử đại biểu Quốc hội ở đâu?" asks where to vote: the election's name says nothing more
      polling: detectPollingIntent(canonicalWords(withoutElectionName(analyzed).folded).join(' ')),
      otherTopic: mentionsOtherTopic(words, reading) || namesOtherVote(text, words, spell),
      otherBody: mentionsOtherBody(words),
      aboutElection,
      otherSense: senseRead !== analyzed,
      namesElection: namesElectionProper(reading),
      namesTheVote: namesTheVote(analyzed.folded),
      namesTheCountrysVote: namesTheCountrysVote(analyzed.folded),
      asksTheRight: asksTheRightToVoteOrStand(analyzed.folded),
      aboutService: asksAboutTheService(analyzed.allFolded),
      // read, like the election's words, without their other senses ("hiệp thương giá", "job candidate")
      inScope: indexes[locale].inScope(senseRead === analyzed ? question : readQuestion(text, spell, senseRead)),
      // "thẻ cử tri" names a topic; "When is election day?" is as short but asks one thing
      vague: new Set(question.unigrams).size <= VAGUE_WORDS && question.cues.kinds.size === 0,
      // "việc A và việc B … thế nào?" shares one predicate: its first half says less than the whole
      ranked: firstSentence && secondSentence ? rankMain(whole, rankingOf(firstSentence)) : whole,
      partCount,
      partRanking: (index) => {
        const part = partTexts[index];
        return part === undefined ? [] : rankingOf(part);
      },
    };
  };
}

/** Where a sentence ends: a word of two letters or more, then ".", "!" or "?" (not "U.S."). */
const SENTENCE_END = /(?<=\p{L}{2}[.!?])\s+/u;

/**
 * Another vote named within one sentence: "…after five years working in Japan. Election day is
 * next Sunday." names no Japanese election, though its words meet across the full stop.
 */
function namesOtherVote(text: string, words: TypedWords, spell: SpellingCorrector): boolean {
  if (!mentionsOtherVote(words)) return false;
  const sentences = text.split(SENTENCE_END);
  return (
    sentences.length < 2 || sentences.some((sentence) => mentionsOtherVote(intentWords(spell(analyzeText(sentence)))))
  );
}

/** Where a message's questions meet: a question mark, or ", và" / ", and" ("…, và … thế nào?"). */
const SENTENCE_BOUNDARY = /[?？]+|[,;]\s+(?:và|va|and)\s+/iu;
/**
 * …and "và" before a second thing asked of ("việc lập danh sách và việc niêm yết … thế nào?",
 * "nguyên tắc … và thời hạn …"): two questions under one predicate, each answered when its half
 * is clear (tuning part, out of fold: Vietnamese after one pick 83.3 → 84.3 %, wrong 1.5 →
 * 1.0 %). A plain "và" joins names ("Quốc hội và Hội đồng nhân dân") far more often than
 * questions, so it does not split.
 */
const PART_BOUNDARY = new RegExp(
  `${SENTENCE_BOUNDARY.source}|\\s+(?:và|va)\\s+(?=(?:việc|viec|thời hạn|thoi han|thời gian|thoi gian)\\s)`,
  'iu',
);

/** The parts of a message that asks several things ("…? …?", "…, và … thế nào?"), each long enough to search. */
export function questionParts(text: string, boundary: RegExp = PART_BOUNDARY): string[] {
  return text
    .split(boundary)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= MIN_PART_WORDS)
    .slice(0, MAX_PARTS);
}

/**
 * What a message of several questions mainly asks: the whole message and its first question
 * weigh half each (published questions put the main point first; the others are answered
 * alongside when each part is clear, see decideOutcome).
 */
function rankMain(whole: readonly Candidate[], first: readonly Candidate[]): Candidate[] {
  const shares = new Map<string, number>();
  for (const candidate of [...whole, ...first])
    shares.set(candidate.faqId, (shares.get(candidate.faqId) ?? 0) + candidate.confidence / 2);
  return [...shares].map(([faqId, confidence]) => ({ faqId, confidence })).sort((a, b) => b.confidence - a.confidence);
}

/**
 * What to do with an assessed question: the intents first; then answer when one entry is clearly
 * ahead — both entries when the message asks two things each clearly answered by its own —, ask
 * back when a few are close (prefer that to a confident wrong answer), decline when nothing fits.
 */
export function decideOutcome(assessment: Assessment, thresholds: Thresholds): SearchOutcome {
  const { ranked } = assessment;
  const [top] = ranked;
  // another domain first: "tố cáo lừa đảo" is a denunciation, but not one about the election,
  // and the citizen is told where such a one goes
  if (assessment.otherTopic)
    return { kind: 'fallback', reason: assessment.complaint ? 'other_complaint' : 'out_of_scope', candidates: [] };
  if (assessment.complaint)
    return {
      kind: 'complaint_intent',
      related: top && top.confidence >= thresholds.askBack ? top.faqId : null,
      namesElection: assessment.namesElection,
    };
  if (assessment.polling) return { kind: 'polling_intent' };
  // another body's election is declined, unless the question asks about standing or voting for
  // deputies, whatever body the citizen belongs to ("Đảng viên bị kỷ luật có được ứng cử đại
  // biểu HĐND không?")
  if (assessment.otherBody && !assessment.namesTheVote)
    return { kind: 'fallback', reason: 'out_of_scope', candidates: [] };
  // a question that names nothing of the election, or that the scope classifier finds unlike
  // it, is most likely about something else: it is answered only when the ranker is all but
  // certain, and asked back only when the scope classifier is (SURELY_IN_SCOPE)
  const doubtful =
    !assessment.namesTheVote &&
    !assessment.namesTheCountrysVote &&
    !assessment.asksTheRight &&
    !assessment.aboutService &&
    (!assessment.aboutElection || assessment.inScope < thresholds.scope) &&
    !(assessment.namesElection && assessment.inScope >= NAMED_DOUBT && (top?.confidence ?? 0) >= NAMED_SURE);
  // so is a question of two or three words ("thẻ cử tri": what it is, how to get it, a lost
  // one?): it is answered only when the ranker is all but certain, else asked back; one that
  // names nothing of the election and that the scope classifier is all but sure is about
  // something else is never answered (SURELY_OUT_OF_SCOPE)
  const surelyOther = doubtful && !assessment.aboutElection && assessment.inScope < SURELY_OUT_OF_SCOPE;
  const answerAt = surelyOther
    ? Infinity
    : doubtful
      ? Math.max(
          thresholds.answer,
          assessment.inScope >= thresholds.scope && !assessment.otherSense
            ? Math.min(thresholds.answerDoubtful, ALL_BUT_CERTAIN)
            : thresholds.answerDoubtful,
        )
      : assessment.vague
        ? Math.max(thresholds.answer, ALL_BUT_CERTAIN)
        : thresholds.answer;
  // an election question is also answered when one entry is far ahead of the others (LEAD_FLOOR)
  const leadAt = doubtful || assessment.vague || thresholds.lead === 0 ? Infinity : LEAD_FLOOR;
  const isClearWinner = ([top, second]: readonly Candidate[]) =>
    top !== undefined &&
    (top.confidence >= answerAt ||
      (top.confidence >= leadAt && (second?.confidence ?? 0) <= thresholds.lead * top.confidence));
  const firstPart = assessment.partCount > 0 ? assessment.partRanking(0) : [];
  const [first] = firstPart;
  // a message whose whole clearly names an entry neither part names asks one thing, in two
  // halves ("Việc lập danh sách người ứng cử và việc niêm yết danh sách … ra sao?")
  const wholeNames = (faqId: string) => !isClearWinner(ranked) || top?.faqId === faqId;
  if (first && first.faqId !== POLLING_ENTRY_ID && isClearWinner(firstPart)) {
    for (let index = 1; index < assessment.partCount; index++) {
      const part = assessment.partRanking(index);
      const also = part[0]?.faqId;
      if (
        also !== undefined &&
        also !== first.faqId &&
        also !== POLLING_ENTRY_ID &&
        isClearWinner(part) &&
        (wholeNames(first.faqId) || wholeNames(also))
      )
        return { kind: 'answer', faqId: first.faqId, confidence: first.confidence, also };
    }
  }
  if (top && isClearWinner(ranked)) {
    if (top.faqId === POLLING_ENTRY_ID) return { kind: 'polling_intent' };
    return { kind: 'answer', faqId: top.faqId, confidence: top.confidence };
  }
  // two entries that together all but surely hold the answer are both answered: reading two
  // answers costs the citizen less than a choice, and the right one is in the first reply
  const [, second] = ranked;
  if (
    top &&
    second &&
    !doubtful &&
    !assessment.vague &&
    top.confidence + second.confidence >= thresholds.pair &&
    second.confidence >= PAIR_RUNNER_UP &&
    top.faqId !== POLLING_ENTRY_ID &&
    second.faqId !== POLLING_ENTRY_ID
  )
    return { kind: 'answer', faqId: top.faqId, confidence: top.confidence, also: second.faqId };
  // an election question with an entry near enough is asked back; a vague one gets the closest
  // questions to choose from, however unsure; one the scope classifier is all but sure of,
  // whether it names the election or not, from a lower bar of its own: it is the election's, and
  // its closest entries, offered, serve it better than "no answer yet"
  const surelyInScope = assessment.inScope >= SURELY_IN_SCOPE;
  const askable = !doubtful || surelyInScope;
  const sureBar = Math.min(thresholds.askBackSure, thresholds.askBack);
  const askFrom = surelyInScope ? sureBar : thresholds.askBack;
  const offeredFrom = (bar: number) =>
    ranked.filter((candidate) => candidate.confidence >= bar).slice(0, ASK_BACK_SIZE);
  if (askable && top && (assessment.vague || top.confidence >= askFrom))
    return {
      kind: 'ask_back',
      candidates: assessment.vague ? ranked.slice(0, ASK_BACK_SIZE) : offeredFrom(Math.min(OFFER_FLOOR, askFrom)),
    };
  // one with the election's words that reads like something else may be either: it is told
  // both, and offered the entries it would have been asked back about (a long letter's story
  // buries its question: "Gia đình tôi … thuê trọ … Vậy cả nhà tôi bỏ phiếu ở đâu?"); so is one
  // without them that the scope classifier reads as the election's ("Khi nào biết kết quả?"),
  // unless its words are the election's in another sense ("Hiệp thương giá là gì?")
  const mayBeTheElections =
    assessment.aboutElection || (!assessment.otherSense && assessment.inScope >= thresholds.scope);
  if (!askable && mayBeTheElections) return { kind: 'fallback', reason: 'unsure', candidates: offeredFrom(askFrom) };
  // one surely about the election with no entry near is not told the bot answers only the
  // election: it is told there is no answer yet and may send it to the officers, and offered
  // the entries an all-but-sure election question would be asked back about, if any: near the
  // ask-back bar ("Người lang thang không có nhà ở có được bầu cử không?", 0.29) the right one
  // is often first, and which side of the bar it falls moves with every retraining
  if (askable) return { kind: 'fallback', reason: 'unknown', candidates: offeredFrom(sureBar) };
  return { kind: 'fallback', reason: 'out_of_scope', candidates: [] };
}

export const createKnowledgeBase = (entries: readonly FaqEntry[], options: KnowledgeBaseOptions = {}): KnowledgeBase =>
  runSteps(knowledgeBaseSteps(entries, options));

/** The knowledge base built in steps, for a rebuild that must not hold up citizens' requests (lib/steps.ts). */
export function* knowledgeBaseSteps(
  entries: readonly FaqEntry[],
  options: KnowledgeBaseOptions = {},
): Steps<KnowledgeBase> {
  const model = options.model ?? defaultModel();
  const recentQuestions = options.recentQuestions ?? RECENT_QUESTIONS;
  const assess = yield* assessorSteps(entries, model);
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  // On election day thousands ask the same few questions: the outcome of a question (pure, and
  // never changed by its users) is kept for the most recent ones.
  const recent = new Map<string, SearchOutcome>();

  return {
    entries: byId,
    search(text) {
      const key = `${analyzeText(text).allFolded.join(' ')}${text.includes('?') ? '?' : ''}`;
      const known = recent.get(key);
      if (known) {
        recent.delete(key);
        recent.set(key, known);
        return known;
      }
      const assessment = assess(text);
      const outcome = decideOutcome(assessment, model.thresholds[assessment.locale]);
      if (recentQuestions > 0) {
        recent.set(key, outcome);
        if (recent.size > recentQuestions) recent.delete(recent.keys().next().value as string);
      }
      return outcome;
    },
  };
}

/** The knowledge base of the configured election: content from locales/, values from the config. */
export function loadKnowledgeBase(
  translator: Translator,
  election: ElectionConfig,
  options: KnowledgeBaseOptions = {},
): KnowledgeBase {
  return createKnowledgeBase(loadFaqEntries(translator, election), options);
}
