// The knowledge base behind the conversation engine's QuestionAnswerer port: turns a search
// outcome into chat replies in the citizen's language, and records every fallback and vote.
import type { Db } from '../db/database.js';
import type { QuestionAnswerer } from '../conversation/answerer.js';
import type { FlowContext } from '../conversation/flow.js';
import type { Reply, ReplyOption } from '../conversation/messages.js';
import type { Locale } from '../i18n.js';
import { recordFaqFeedback } from './feedback.js';
import type { Candidate, KnowledgeBase } from './knowledge-base.js';

const FLOW_LABELS: Record<string, string> = { 'flow:intake': 'faq:ui.option.intake', 'flow:polling': 'faq:ui.option.polling', menu: 'faq:ui.option.menu' };

export function createKnowledgeAnswerer(knowledgeBase: KnowledgeBase, db: Db): QuestionAnswerer {
  const questionOf = (faqId: string, locale: Locale) => knowledgeBase.entries.get(faqId)?.text[locale].question;

  const option = (id: string, context: FlowContext): ReplyOption[] => {
    if (id.startsWith('faq:')) {
      const label = questionOf(id.slice(4), context.locale);
      return label === undefined ? [] : [{ id, label }];
    }
    const key = FLOW_LABELS[id];
    return key === undefined ? [] : [{ id, label: context.t(key) }];
  };
  const options = (ids: readonly string[], context: FlowContext) => ids.flatMap((id) => option(id, context));
  const faqIds = (candidates: readonly Candidate[]) => candidates.map((candidate) => `faq:${candidate.faqId}`);

  const entryReplies = (faqId: string, context: FlowContext): Reply[] => {
    const entry = knowledgeBase.entries.get(faqId);
    if (!entry) return [{ kind: 'fallback', text: context.t('faq:ui.fallbackUnknown'), options: options(['menu', 'flow:intake'], context) }];
    const text = entry.text[context.locale];
    const basis = context.t('faq:ui.basis', { basis: text.basis });
    const answer: Reply = { kind: 'answer', faqId, text: `${text.answer}\n\n${basis}` };
    // related questions and next steps go in a second message: the answer itself keeps room for
    // the engine's "was this helpful?" buttons
    const next = options(entry.next, context);
    return next.length > 0 ? [answer, { kind: 'menu', text: context.t('faq:ui.related'), options: next }] : [answer];
  };

  return {
    async answer(question, context) {
      const outcome = knowledgeBase.search(question);
      switch (outcome.kind) {
        case 'answer':
          // a two-part question gets both answers, each with its own basis
          return outcome.also ? [...entryReplies(outcome.faqId, context).filter((reply) => reply.kind === 'answer'), ...entryReplies(outcome.also, context)] : entryReplies(outcome.faqId, context);
        case 'ask_back':
          return [{ kind: 'menu', text: context.t('faq:ui.askBack'), options: options([...faqIds(outcome.candidates), 'menu'], context) }];
        case 'complaint_intent':
          return [{ kind: 'menu', text: context.t('faq:ui.complaintIntent'), options: options(['flow:intake', ...(outcome.related ? [`faq:${outcome.related}`] : []), 'menu'], context) }];
        case 'polling_intent':
          return [{ kind: 'menu', text: context.t('faq:ui.pollingIntent'), options: options(['flow:polling'], context) }];
        case 'fallback': {
          await recordFaqFeedback(db, { kind: 'fallback', question, channel: context.citizen.channel, locale: context.locale, at: context.now });
          const unknown = outcome.reason === 'unknown';
          return [{ kind: 'fallback', text: context.t(unknown ? 'faq:ui.fallbackUnknown' : 'faq:ui.fallbackOutOfScope'), options: options(unknown ? ['menu', 'flow:intake'] : ['menu'], context) }];
        }
      }
    },
    async answerEntry(faqId, context) {
      return entryReplies(faqId, context);
    },
    async recordFeedback(faqId, helpful, context) {
      // the entry's own question: whatever text came with the button is the citizen's, not a question
      const question = questionOf(faqId, context.locale) ?? faqId;
      await recordFaqFeedback(db, { kind: helpful ? 'helpful' : 'not_helpful', faqId, question, channel: context.citizen.channel, locale: context.locale, at: context.now });
    },
  };
}
