// Port: how the conversation engine gets answers to free-text questions. The knowledge base
// (src/knowledge) implements it. The option ids it offers are built with the choice codec
// (choices.ts): "did you mean…?" questions, flows to start, the main menu.
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
