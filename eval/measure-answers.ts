// Figures of the real-question evaluation, per group of questions: correct at once, correct
// after one pick, confident-wrong (answered with an entry that does not hold the key point),
// out-of-scope declined, complaint wishes offered the intake; and the search latency.
import { performance } from 'node:perf_hooks';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { acceptedLabels, isEntryLabel, type RealQuestion } from './real-questions.js';
import { askCitizenQuestion, type CitizenView } from './simulate-citizen.js';

export interface Asked {
  question: RealQuestion;
  view: CitizenView;
  /** what the question counts for (1 unless said): the threshold chooser weighs an original and its copies as one */
  weight?: number;
}

export interface AnswerTally {
  n: number;
  atOnce: number;
  afterPick: number;
  confidentWrong: number;
  askedBack: number;
  /** right at once, or the right question among those offered when asked back or with "no sure answer yet" (a citizen who reads them all) */
  offered: number;
  /** right after picking the first of the nearest entries offered with "no sure answer yet" (in afterPick) */
  pickedAfterNoAnswer: number;
  /** answered with two entries (a two-part question, or two entries that between them hold the answer) */
  twoAnswers: number;
  /** …of which only the second answer held the key point */
  rightSecond: number;
}

export interface DeclineTally {
  n: number;
  /** out of scope: declined; complaint: intake offered */
  handled: number;
  /** answered with an entry although the question was not one for the knowledge base */
  confidentWrong: number;
}

/** Election questions: an entry (or the polling flow) is the right answer. */
export const isInScope = (question: RealQuestion): boolean =>
  isEntryLabel(question.expect) || question.expect === 'polling';

export const noAnswers = (): AnswerTally => ({
  n: 0,
  atOnce: 0,
  afterPick: 0,
  confidentWrong: 0,
  askedBack: 0,
  offered: 0,
  pickedAfterNoAnswer: 0,
  twoAnswers: 0,
  rightSecond: 0,
});

export function tallyAnswers(asked: readonly Asked[]): AnswerTally {
  const tally = noAnswers();
  for (const { question, view, weight = 1 } of asked) {
    const accepted = acceptedLabels(question);
    tally.n += weight;
    // a two-part question answered in both parts is right when either answer holds its key point
    const right = accepted.has(view.atOnce) || (view.also !== undefined && accepted.has(view.also));
    if (right) tally.atOnce += weight;
    if (right || accepted.has(view.afterPick)) tally.afterPick += weight;
    // asked back, or offered the nearest entries with "no sure answer yet"
    const suggested = view.atOnce === 'ask_back' || view.atOnce === 'declined';
    if (right || (suggested && view.shown.some((faqId) => accepted.has(faqId)))) tally.offered += weight;
    if (view.atOnce === 'declined' && accepted.has(view.afterPick)) tally.pickedAfterNoAnswer += weight;
    if (view.atOnce === 'ask_back') tally.askedBack += weight;
    else if (isAnswered(view) && !right) tally.confidentWrong += weight;
    if (view.also !== undefined) {
      tally.twoAnswers += weight;
      if (right && !accepted.has(view.atOnce)) tally.rightSecond += weight;
    }
  }
  return tally;
}

export function tallyDeclines(
  asked: readonly Pick<Asked, 'view'>[],
  handledAs: 'declined' | 'complaint',
): DeclineTally {
  const tally: DeclineTally = { n: 0, handled: 0, confidentWrong: 0 };
  for (const { view } of asked) {
    tally.n++;
    if (view.atOnce === handledAs) tally.handled++;
    else if (isAnswered(view)) tally.confidentWrong++;
  }
  return tally;
}

/** The bot gave an entry's answer (or opened the polling flow) without asking. */
function isAnswered(view: CitizenView): boolean {
  return view.atOnce !== 'ask_back' && view.atOnce !== 'declined' && view.atOnce !== 'complaint';
}

export function askAll(kb: KnowledgeBase, questions: readonly RealQuestion[]): Asked[] {
  return questions.map((question) => ({ question, view: askCitizenQuestion(kb, question.q) }));
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

/** In-process search time over `texts`, after a warm-up round (a knowledge base without memory). */
export function measureLatency(kb: KnowledgeBase, texts: readonly string[], rounds = 10): Latency {
  for (const text of texts) kb.search(text);
  const timings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const start = performance.now();
      kb.search(text);
      timings.push(performance.now() - start);
    }
  }
  timings.sort((a, b) => a - b);
  const at = (p: number) => timings[Math.min(timings.length - 1, Math.floor(p * timings.length))] ?? 0;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/**
 * The 95 % Wilson score interval of a share `part / whole` (Wilson 1927): on 81 questions one
 * question is 1.2 points, and a figure means little without the range the truth likely lies in.
 * Unlike the normal approximation it stays inside 0…1 at shares near 0 or 1.
 */
export function wilsonInterval(part: number, whole: number): { low: number; high: number } {
  if (whole === 0) return { low: 0, high: 1 };
  const z = 1.959964;
  const share = part / whole;
  const denominator = 1 + (z * z) / whole;
  const centre = (share + (z * z) / (2 * whole)) / denominator;
  const halfWidth = (z * Math.sqrt((share * (1 - share)) / whole + (z * z) / (4 * whole * whole))) / denominator;
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** "49.6–70.6 %": the interval of wilsonInterval, for a report. */
export function intervalText(part: number, whole: number): string {
  const { low, high } = wilsonInterval(part, whole);
  return `${(100 * low).toFixed(1)}–${(100 * high).toFixed(1)} %`;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '   –  ' : `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
