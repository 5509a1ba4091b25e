// Counts what the knowledge base did with each question (answer, did-you-mean menu, fallback…)
// by wrapping the QuestionAnswerer port, so the knowledge base itself knows nothing of metrics.
import type { QuestionAnswerer } from '../conversation/answerer.js';
import type { Reply } from '../conversation/messages.js';
import type { Metrics } from './metrics.js';

/** The outcome label of a reply list: "ask_back" for a did-you-mean menu, else the first reply's kind. */
export function answerOutcome(replies: Reply[]): string {
  const first = replies[0];
  if (!first) return 'none';
  return first.kind === 'menu' ? 'ask_back' : first.kind;
}

export function countAnswers(answerer: QuestionAnswerer, metrics: Pick<Metrics, 'answers'>): QuestionAnswerer {
  return {
    async answer(question, context) {
      const replies = await answerer.answer(question, context);
      metrics.answers.inc({ outcome: answerOutcome(replies) });
      return replies;
    },
    answerEntry: (faqId, context) => answerer.answerEntry(faqId, context),
    recordFeedback: (faqId, helpful, context) => answerer.recordFeedback(faqId, helpful, context),
  };
}
