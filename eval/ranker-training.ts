// Training of the knowledge base's ranker for `npm run faq:train` (train-ranker.ts). Data: every
// phrasing of every entry — the tuning part's real questions among them (`npm run faq:learn`) —,
// asked against an index that does not contain it (five folds), plus the labelled questions that
// are no phrasing (the team's, other topics, complaint wishes). Thresholds are chosen on the
// tuning questions as a knowledge base that never saw their source answers them.
// Model: a conditional logit over each question's candidates plus "none of them" (the bias),
// fitted by Adam with L2 on the weights for a fixed number of steps: deterministic.
import { createHash } from 'node:crypto';
import type { Locale } from '../src/i18n.js';
import type { FaqEntry } from '../src/knowledge/content.js';
import { wordingKey, type FaqChange } from '../src/knowledge/faq-changes.js';
import { createAssessor, decideOutcome, OFFER_FLOOR, type Assessment } from '../src/knowledge/knowledge-base.js';
import {
  buildLocaleIndex,
  FEATURE_NAMES,
  readQuestion,
  type FeatureVector,
  type LocaleIndex,
} from '../src/knowledge/locale-index.js';
import type { RankerModel, Thresholds } from '../src/knowledge/ranker.js';
import { keepSpelling, spellingCorrectorFor, type SpellingCorrector } from '../src/knowledge/spelling.js';
import { tallyAnswers } from './measure-answers.js';
import { acceptedLabels, isEntryLabel, type RealQuestion } from './real-questions.js';
import { viewOf } from './simulate-citizen.js';

const FOLDS = 5;
const L2 = 0.001;
const STEPS = 600;
const LEARNING_RATE = 0.05;

/** One question: its candidates' features and which of them are right (none: decline). */
export interface Example {
  candidates: FeatureVector[];
  positive: boolean[];
}

export interface Fitted {
  weights: number[];
  bias: number;
}

/** A stable fold for a phrasing, so training gives the same model every time. */
function foldOf(text: string, folds = FOLDS): number {
  let hash = 0;
  for (const character of text) hash = (hash * 31 + character.codePointAt(0)!) >>> 0;
  return hash % folds;
}

function examplesOf(
  index: LocaleIndex,
  text: string,
  accepted: ReadonlySet<string>,
  spell: SpellingCorrector = keepSpelling,
): Example {
  // read as the knowledge base reads a citizen's question (knowledge-base.ts)
  const candidates = index.candidates(readQuestion(text, spell));
  return {
    candidates: candidates.map((candidate) => candidate.features),
    positive: candidates.map((candidate) => accepted.has(candidate.faqId)),
  };
}

/** Each entry's variants asked against an index built without them. */
export function phrasingExamples(entries: readonly FaqEntry[]): Example[] {
  const examples: Example[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    for (const locale of ['vi', 'en'] as const) {
      const kept: FaqEntry[] = entries.map((entry) => ({
        ...entry,
        text: {
          ...entry.text,
          [locale]: {
            ...entry.text[locale],
            variants: entry.text[locale].variants.filter((variant) => foldOf(variant) !== fold),
          },
        },
      }));
      const index = buildLocaleIndex(kept, locale);
      for (const entry of entries) {
        for (const variant of entry.text[locale].variants.filter((text) => foldOf(text) === fold))
          examples.push(examplesOf(index, variant, new Set([entry.id])));
      }
    }
  }
  return examples;
}

/** Labelled questions asked against the full index of their language. */
export function questionExamples(entries: readonly FaqEntry[], questions: readonly RealQuestion[]): Example[] {
  const indexes: Record<Locale, LocaleIndex> = {
    vi: buildLocaleIndex(entries, 'vi'),
    en: buildLocaleIndex(entries, 'en'),
  };
  // read as the knowledge base reads a citizen's question, slips corrected
  const spell = spellingCorrectorFor(entries);
  return questions.map((question) => examplesOf(indexes[question.lang], question.q, acceptedLabels(question), spell));
}

/**
 * A conditional logit over each question's candidates plus "none of them" (whose score is the
 * learned `bias`): P(entry) = exp(w·f) / (exp(bias) + Σ exp(w·f')). The likelihood of the right
 * set (or of "none") is maximised by Adam, L2 on the weights, a fixed number of steps.
 */
export function fitConditionalLogit(examples: readonly Example[]): Fitted {
  const size = FEATURE_NAMES.length;
  const weights = new Array<number>(size).fill(0);
  let bias = 0;
  const moments = { m: new Array<number>(size + 1).fill(0), v: new Array<number>(size + 1).fill(0) };
  for (let step = 1; step <= STEPS; step++) {
    const gradient = new Array<number>(size + 1).fill(0);
    for (const { candidates, positive } of examples) {
      const scores = candidates.map((features) =>
        features.reduce((sum, value, index) => sum + value * weights[index]!, 0),
      );
      const max = Math.max(bias, ...scores);
      const exps = scores.map((score) => Math.exp(score - max));
      const none = Math.exp(bias - max);
      const total = none + exps.reduce((sum, value) => sum + value, 0);
      const right = positive.some(Boolean)
        ? exps.reduce((sum, value, index) => sum + (positive[index] ? value : 0), 0)
        : none;
      // d log P(right) / d score = [is right] · p/P(right) − p
      candidates.forEach((features, index) => {
        const p = exps[index]! / total;
        const share = positive[index] ? exps[index]! / right : 0;
        const d = share - p;
        for (let k = 0; k < size; k++) gradient[k]! += d * features[k]!;
      });
      gradient[size]! += (positive.some(Boolean) ? 0 : 1) - none / total;
    }
    for (let k = 0; k < size; k++) gradient[k] = gradient[k]! / examples.length - L2 * weights[k]!;
    gradient[size] = gradient[size]! / examples.length;
    for (let k = 0; k <= size; k++) {
      const g = gradient[k]!;
      moments.m[k] = 0.9 * moments.m[k]! + 0.1 * g;
      moments.v[k] = 0.999 * moments.v[k]! + 0.001 * g * g;
      const delta =
        (LEARNING_RATE * (moments.m[k]! / (1 - 0.9 ** step))) / (Math.sqrt(moments.v[k]! / (1 - 0.999 ** step)) + 1e-8);
      if (k < size) weights[k]! += delta;
      else bias += delta;
    }
  }
  return { weights: weights.map(round), bias: round(bias) };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Confident wrong answers allowed among election questions when choosing thresholds: the target. */
const WRONG_BUDGET = 0.03;
/**
 * What a confident wrong answer costs against the right answers it comes with, when choosing
 * thresholds: two (asking back is preferred to a wrong answer). Without it the objective was all
 * but flat between answering more, and wrongly more, and asking back more, and a few new
 * phrasings tipped it (2.8 % against 1.4 % of the tuning part's Vietnamese questions answered wrongly).
 */
const WRONG_COST = 2;
/** folds of the tuning part's sources for out-of-fold probabilities */
const SOURCE_FOLDS = 5;

export interface Assessed {
  question: RealQuestion;
  assessment: Assessment;
}

/**
 * The real tuning questions that become phrasings of their entry (`npm run faq:learn`): the
 * published ones and their English translations, labelled with an entry. Copies without
 * diacritics or with typos add no wording; complaint wishes and other topics are no entry's.
 */
export function learnedPhrasings(questions: readonly RealQuestion[]): Extract<FaqChange, { kind: 'variant' }>[] {
  return questions
    .filter(
      (question) =>
        question.split === 'tune' &&
        isEntryLabel(question.expect) &&
        question.expect !== 'polling' &&
        (question.form === 'published' || question.form === 'translated'),
    )
    .map((question) => ({ kind: 'variant' as const, faqId: question.expect, locale: question.lang, text: question.q }));
}

/** The entries without the phrasings whose wording is among `texts`. */
function withoutPhrasings(entries: readonly FaqEntry[], texts: readonly string[]): FaqEntry[] {
  const keys = new Set(texts.map(wordingKey));
  const keep = (variants: readonly string[]) => variants.filter((variant) => !keys.has(wordingKey(variant)));
  return entries.map((entry) => ({
    ...entry,
    text: {
      vi: { ...entry.text.vi, variants: keep(entry.text.vi.variants) },
      en: { ...entry.text.en, variants: keep(entry.text.en.variants) },
    },
  }));
}

/**
 * The ranker's examples: every phrasing (the learned real questions among them) and the labelled
 * questions that are no phrasing — the team's, and the real ones of other topics or complaint
 * wishes. A real question labelled with an entry is its phrasing (or a copy of one), so asking it
 * against an index that holds it would teach the ranker what an exact match looks like, nothing more.
 */
export function trainingExamples(
  entries: readonly FaqEntry[],
  selfWritten: readonly RealQuestion[],
  tuning: readonly RealQuestion[],
): Example[] {
  const notPhrasings = tuning.filter((question) => !isEntryLabel(question.expect) || question.expect === 'polling');
  return [...phrasingExamples(entries), ...questionExamples(entries, [...selfWritten, ...notPhrasings])];
}

/**
 * The real tuning questions as a knowledge base that never saw their source would answer them:
 * the sources are dealt into five folds, and each fold is assessed by entries without that fold's
 * learned phrasings and a ranker fitted without them. Thresholds chosen on these probabilities see
 * what a citizen's new question gets; and the tuning part's figures are these, since its own
 * questions are phrasings of the shipped entries. `entries2025`: the entries 2025-law questions
 * are asked of (the answers differ, the phrasings are the same).
 */
export function outOfFoldAssessments(
  entries: readonly FaqEntry[],
  selfWritten: readonly RealQuestion[],
  tuning: readonly RealQuestion[],
  entries2025: readonly FaqEntry[] = entries,
): Assessed[] {
  // by a hash of the source, not its position in a sorted list: a source added or removed would
  // deal every later source into another fold, and that alone moved the figures by several points
  const foldOfSource = new Map(tuning.map((question) => [question.source, foldOf(question.source, SOURCE_FOLDS)]));
  const assessed: Assessed[] = [];
  for (let fold = 0; fold < SOURCE_FOLDS; fold++) {
    const inFold = tuning.filter((question) => foldOfSource.get(question.source) === fold);
    const unseen = learnedPhrasings(inFold).map((change) => change.text);
    const trainedOn = withoutPhrasings(entries, unseen);
    const rest = tuning.filter((question) => foldOfSource.get(question.source) !== fold);
    const model = modelOf(fitConditionalLogit(trainingExamples(trainedOn, selfWritten, rest)), NO_THRESHOLDS, {});
    const assess = createAssessor(trainedOn, model);
    const assess2025 = entries2025 === entries ? assess : createAssessor(withoutPhrasings(entries2025, unseen), model);
    for (const question of inFold)
      assessed.push({ question, assessment: (question.lawVersion === '2025' ? assess2025 : assess)(question.q) });
  }
  return assessed;
}

/**
 * The assessments as if intents.ts had no lists of other topics and bodies: those lists were
 * written from the tuning part's questions, so only without them do its other-topic questions
 * show what a topic nobody listed gets.
 */
export const withoutTopicLists = (assessed: readonly Assessed[]): Assessed[] =>
  assessed.map(({ question, assessment }) => ({
    question,
    assessment: { ...assessment, otherTopic: false, otherBody: false },
  }));

const NEVER_ANSWER: Thresholds = {
  answer: 1,
  lead: 0,
  askBack: 1,
  askBackSure: 1,
  scope: 0,
  answerDoubtful: 1,
  pair: 2,
};
const NO_THRESHOLDS: RankerModel['thresholds'] = { vi: NEVER_ANSWER, en: NEVER_ANSWER };

/**
 * Each language's thresholds, chosen on the questions read in that language: the targets hold
 * for each language on its own, and one language's unsure answers must not set the other's bar.
 */
export const chooseThresholds = (assessed: readonly Assessed[]): RankerModel['thresholds'] => ({
  vi: chooseLocaleThresholds(assessed.filter(({ assessment }) => assessment.locale === 'vi')),
  en: chooseLocaleThresholds(assessed.filter(({ assessment }) => assessment.locale === 'en')),
});

/**
 * Thresholds that serve citizens best within the budget of confident wrong answers: the share of
 * election questions answered at once, plus the share right after one pick, plus the share of
 * other questions declined (each target counts once), less twice the share answered wrongly.
 * The grid first; then, given its choice, the bar from which a question the scope classifier is
 * all but sure of is asked back (SURE_ASK_BACK, raised to the ask-back bar only when that serves).
 */
function chooseLocaleThresholds(assessed: readonly Assessed[]): Thresholds {
  // the topic lists of intents.ts were written from these questions: thresholds are chosen as if
  // they did not exist, for the other topics citizens will bring that no list names
  const unlisted = withoutTopicLists(assessed);
  const weightOf = weighOriginalsOnce(unlisted.map(({ question }) => question));
  const inScope = unlisted.filter(({ question }) => isEntryLabel(question.expect));
  const outOfScope = unlisted.filter(({ question }) => question.expect === 'out_of_scope');
  const outOfScopeWeight = outOfScope.reduce((sum, { question }) => sum + weightOf(question), 0);
  const valueOf = (thresholds: Thresholds): number => {
    const tally = tallyAnswers(
      inScope.map(({ question, assessment }) => ({
        question,
        view: viewOf(decideOutcome(assessment, thresholds)),
        weight: weightOf(question),
      })),
    );
    const share = (count: number) => count / Math.max(1, tally.n);
    if (share(tally.confidentWrong) > WRONG_BUDGET) return -Infinity;
    const declined =
      outOfScope
        .filter(({ assessment }) => decideOutcome(assessment, thresholds).kind === 'fallback')
        .reduce((sum, { question }) => sum + weightOf(question), 0) / Math.max(1, outOfScopeWeight);
    return share(tally.atOnce) + share(tally.afterPick) + declined - WRONG_COST * share(tally.confidentWrong);
  };
  const bestOf = (candidates: Iterable<Thresholds>): Thresholds => {
    let best = { value: -Infinity, thresholds: NEVER_ANSWER };
    for (const thresholds of candidates) {
      const value = valueOf(thresholds);
      if (value > best.value) best = { value, thresholds };
    }
    return best.thresholds;
  };
  const grid = function* () {
    for (const values of combinations(THRESHOLD_GRID.map(([, values]) => values))) yield thresholdsOf(values);
  };
  const chosen = bestOf(grid());
  // the sure bar first, so that it stands unless the ask-back bar serves the tuning part better
  // (decideOutcome takes the lower of the two, so a sure bar above the ask-back bar is that bar)
  return bestOf([SURE_ASK_BACK, chosen.askBack].map((askBackSure) => ({ ...chosen, askBackSure })));
}

/**
 * What each question counts for when choosing thresholds: a published question once, shared with
 * its copies (unaccented, with typos, in teen-code). Counted one by one, a question copied twice
 * outweighed two questions that were not, and that alone moved a bar; the targets count the
 * published questions, and the copies only against their originals.
 */
export function weighOriginalsOnce(questions: readonly RealQuestion[]): (question: RealQuestion) => number {
  const originalOf = (question: RealQuestion) => question.of ?? question.id;
  const groupSize = new Map<string, number>();
  for (const question of questions) groupSize.set(originalOf(question), (groupSize.get(originalOf(question)) ?? 0) + 1);
  return (question) => 1 / (groupSize.get(originalOf(question)) ?? 1);
}

/** The values each threshold is chosen from (answerDoubtful above 1: a doubtful question is never answered). */
const THRESHOLD_GRID: [Exclude<keyof Thresholds, 'askBackSure'>, number[]][] = [
  ['answer', Array.from({ length: 19 }, (_, step) => 0.5 + step * 0.025)],
  // the runner-up's share of the best entry's probability under which it is answered from LEAD_FLOOR
  ['lead', [0, 0.05, 0.1, 0.15, 0.2]],
  // down to the offer floor (an entry too unlikely to be offered is no reason to ask back);
  // higher values first, so that of bars that serve alike the one that asks back least wins
  ['askBack', [0.3, 0.25, 0.2, 0.15, 0.1, OFFER_FLOOR]],
  ['scope', [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5]],
  // at least 0.98: the tuning part holds few other-domain questions, and below it elections of
  // bodies no list names ("Hội đồng giáo xứ được bầu theo nhiệm kỳ mấy năm?") get an answer
  // (0.9 before the entry classifier, which is sure of "nhiệm kỳ mấy năm" wherever it is asked);
  // never (1.01) first, so that such questions are answered only where the tuning part shows it
  // serves: the entry classifier is as sure of one rare word ("án treo") in a question about
  // something else ("Người đang chấp hành án treo có được đi làm không?", 0.99)
  ['answerDoubtful', [1.01, 0.99, 0.98]],
  ['pair', [0.75, 0.8, 0.85, 0.9, 0.95, 2]],
];

/**
 * …and the bar from which questions surely the election's are asked back. The tuning part cannot
 * weigh it: its questions are published ones, which name the election and have an entry. Chat
 * messages that name a topic and little else ("cho em hoi ve the cu tri", 0.23) are served by
 * the closest entries offered; a question no entry answers ("Mình đi bầu có được cộng điểm rèn
 * luyện không?") by being told there is no answer yet and sent to the officers, not by unrelated
 * entries (below 0.15, with the bar at 0.1, it was offered three). So it is 0.15, unless the
 * ask-back bar itself serves the tuning part better.
 */
const SURE_ASK_BACK = 0.15;

const thresholdsOf = (values: readonly number[]): Thresholds => {
  const chosen = Object.fromEntries(
    THRESHOLD_GRID.map(([name], index) => [name, Math.round((values[index] ?? 0) * 1000) / 1000]),
  ) as Omit<Thresholds, 'askBackSure'>;
  return { ...chosen, askBackSure: chosen.askBack };
};

function* combinations(grids: readonly (readonly number[])[]): Generator<number[]> {
  const [first, ...rest] = grids;
  if (!first) {
    yield [];
    return;
  }
  for (const value of first) for (const tail of combinations(rest)) yield [value, ...tail];
}

export function modelOf(
  fitted: Fitted,
  thresholds: RankerModel['thresholds'],
  training: RankerModel['training'],
): RankerModel {
  return {
    about:
      "Trained by `npm run faq:train` (eval/train-ranker.ts) from the entries' phrasings, eval/faq-questions.json and the tuning part of eval/real/questions.json; never the held-out part.",
    features: [...FEATURE_NAMES],
    weights: fitted.weights,
    bias: fitted.bias,
    thresholds,
    training,
  };
}

/**
 * A fingerprint of everything the ranker is trained on (the entries' texts and the labelled
 * questions): the shipped model records it, and a test fails when content changed since.
 */
export function trainingInputHash(entries: readonly FaqEntry[], questions: readonly RealQuestion[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) hash.update(JSON.stringify([entry.id, entry.text.vi, entry.text.en]));
  for (const question of questions)
    hash.update(JSON.stringify([question.q, question.expect, question.alsoAccept, question.lang, question.split]));
  return hash.digest('hex');
}
