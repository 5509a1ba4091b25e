// Port: how the conversation engine gets answers to free-text questions. The knowledge base
// (src/knowledge) implements it; until it is plugged in, the engine uses a placeholder.
//
// Option ids that cross this boundary (the engine routes them):
//   "faq:<id>"                 the citizen picked one of the "did you mean…?" questions
//   "feedback:up:<faqId>"      "this answer helped";   "feedback:down:<faqId>": it did not
//   "flow:<flowId>"            start a flow, e.g. "flow:intake" (complaint), "flow:polling"
//   "menu"                     show the main menu
import type { FlowContext } from './flow.js';
import type { Reply } from './messages.js';

export interface QuestionAnswerer {
  /** Replies to a free-text question: an answer, a "did you mean…?" menu, or a polite fallback. */
  answer(question: string, context: FlowContext): Promise<Reply[]>;
  /** The answer of one entry, chosen from a "did you mean…?" menu. */
  answerEntry(faqId: string, context: FlowContext): Promise<Reply[]>;
  /** Stores a "helpful / not helpful" vote (no personal data). */
  recordFeedback(faqId: string, helpful: boolean, context: FlowContext): Promise<void>;
}
