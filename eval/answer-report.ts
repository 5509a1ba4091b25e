// The report of `npm run eval:faq`: one block of figures per part of the real-question set
// (held-out first: it is the figure that predicts what citizens get), then the self-written
// smoke set. Each block splits the questions the way the targets are stated.
import { decideOutcome, type KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { RankerModel } from '../src/knowledge/ranker.js';
import {
  askAll,
  isInScope,
  tallyAnswers,
  tallyDeclines,
  type AnswerTally,
  type Asked,
  type DeclineTally,
} from './measure-answers.js';
import type { Assessed } from './ranker-training.js';
import type { RealQuestion } from './real-questions.js';
import { viewOf } from './simulate-citizen.js';

/** The targets, on the held-out part (and the same bars for English). */
export const ANSWER_TARGETS = {
  atOnce: 0.8,
  afterPick: 0.9,
  confidentWrongMax: 0.03,
  declined: 0.9,
  intake: 0.9,
  unaccentedGapMax: 0.03,
  p99Ms: 5,
};

export interface PartReport {
  vietnamese: AnswerTally;
  english: AnswerTally;
  unaccented: AnswerTally;
  /** the same originals the unaccented copies were made from */
  unaccentedOriginals: AnswerTally;
  typed: AnswerTally;
  byLaw: Record<'2015' | '2025', AnswerTally>;
  outOfScope: DeclineTally;
  complaint: DeclineTally;
  /** every question asked, with what the citizen got (for the tuning part's miss list) */
  asked: Asked[];
}

/** The knowledge base for a law version (the 2025 questions are asked of a 2025-law election). */
export type KnowledgeBaseFor = (lawVersion: RealQuestion['lawVersion']) => KnowledgeBase;

export function reportPart(kbFor: KnowledgeBaseFor, questions: readonly RealQuestion[]): PartReport {
  return summarize(
    (['2015', '2025', 'any'] as const).flatMap((law) =>
      askAll(
        kbFor(law),
        questions.filter((question) => question.lawVersion === law),
      ),
    ),
  );
}

/** The figures of questions already assessed (out of fold), decided with each language's `thresholds`. */
export function reportAssessed(assessed: readonly Assessed[], thresholds: RankerModel['thresholds']): PartReport {
  return summarize(
    assessed.map(({ question, assessment }) => ({
      question,
      view: viewOf(decideOutcome(assessment, thresholds[assessment.locale])),
    })),
  );
}

/** The figures of questions already asked (in process, or through the chat API). */
export function summarize(asked: Asked[]): PartReport {
  const where = (test: (question: RealQuestion) => boolean) => asked.filter(({ question }) => test(question));
  const inScope = (question: RealQuestion) => isInScope(question);
  const copiedUnaccented = new Set(
    where((q) => q.form === 'unaccented' && inScope(q)).map(({ question }) => question.of),
  );
  const publishedVi = (q: RealQuestion) =>
    inScope(q) && q.lang === 'vi' && (q.form === 'published' || q.form === 'written');
  return {
    vietnamese: tallyAnswers(where(publishedVi)),
    english: tallyAnswers(where((q) => inScope(q) && q.lang === 'en')),
    unaccented: tallyAnswers(where((q) => inScope(q) && q.form === 'unaccented')),
    unaccentedOriginals: tallyAnswers(where((q) => copiedUnaccented.has(q.id))),
    typed: tallyAnswers(where((q) => inScope(q) && (q.form === 'typo' || q.form === 'teencode'))),
    byLaw: {
      '2015': tallyAnswers(where((q) => publishedVi(q) && q.lawVersion === '2015')),
      '2025': tallyAnswers(where((q) => publishedVi(q) && q.lawVersion === '2025')),
    },
    outOfScope: tallyDeclines(
      where((q) => q.expect === 'out_of_scope'),
      'declined',
    ),
    complaint: tallyDeclines(
      where((q) => q.expect === 'complaint'),
      'complaint',
    ),
    asked,
  };
}
