// Stands in for the knowledge base until it is plugged in: an honest "not yet" answer.
import type { QuestionAnswerer } from './answerer.js';

export const placeholderAnswerer: QuestionAnswerer = {
  async answer(_question, context) {
    return [{ kind: 'fallback', text: context.t('chat:placeholder.answer') }];
  },
  async answerEntry(_faqId, context) {
    return [{ kind: 'fallback', text: context.t('chat:placeholder.answer') }];
  },
  async recordFeedback() {
    // nothing to vote on yet
  },
};
