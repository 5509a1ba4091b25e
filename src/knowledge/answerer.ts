// The knowledge base behind the conversation engine's QuestionAnswerer port: turns a search
// outcome into chat replies in the citizen's language, and records every fallback, ask-back and vote.
import type { Db } from '../db/database.js';
import type { QuestionAnswerer } from '../conversation/answerer.js';
import { encodeChoice, parseChoice, type Choice } from '../conversation/choices.js';
import type { FlowContext } from '../conversation/flow.js';
import type { Reply, ReplyOption } from '../conversation/messages.js';
import type { Locale } from '../i18n.js';
import { recordFaqFeedback } from './feedback.js';
import type { Candidate, KnowledgeBase } from './knowledge-base.js';

const FLOW_LABELS: Record<string, string> = { intake: 'faq:ui.option.intake', polling: 'faq:ui.option.polling' };
/** What a question off the election is told. */
const DECLINE_TEXTS = {
  out_of_scope: 'faq:ui.fallbackOutOfScope',
  other_complaint: 'faq:ui.fallbackOtherComplaint',
} as const;
const MENU: Choice = { kind: 'menu' };
const INTAKE: Choice = { kind: 'flow', flowId: 'intake' };
const POLLING: Choice = { kind: 'flow', flowId: 'polling' };

export function createKnowledgeAnswerer(knowledgeBase: KnowledgeBase, db: Db): QuestionAnswerer {
  const questionOf = (faqId: string, locale: Locale) => knowledgeBase.entries.get(faqId)?.text[locale].question;

  /** The button of a choice this answerer offers (another question, a flow, the menu); none for anything else. */
  const option = (choice: Choice, context: FlowContext): ReplyOption[] => {
    let label: string | undefined;
    if (choice.kind === 'faq') label = questionOf(choice.faqId, context.locale);
    else if (choice.kind === 'menu') label = context.t('faq:ui.option.menu');
    else if (choice.kind === 'flow' && Object.hasOwn(FLOW_LABELS, choice.flowId))
      label = context.t(FLOW_LABELS[choice.flowId] ?? '');
    return label === undefined ? [] : [{ id: encodeChoice(choice), label }];
  };
  const options = (choices: readonly Choice[], context: FlowContext) =>
    choices.flatMap((choice) => option(choice, context));
  const faqChoice = (faqId: string): Choice => ({ kind: 'faq', faqId });
  const faqChoices = (candidates: readonly Candidate[]) => candidates.map((candidate) => faqChoice(candidate.faqId));
  /**
   * No answer yet: the citizen may ask the officers, through the intake (whose petitions carry a
   * question), under a label that says so rather than the intake's own, and is offered the
   * `nearest` entries, if any. `unsure`: the message may not be the election's at all; it is told so.
   */
  const noAnswerYet = (context: FlowContext, nearest: readonly Candidate[] = [], unsure = false): Reply => {
    const offered = nearest.length > 0;
    let text = offered ? 'faq:ui.fallbackUnknownOffer' : 'faq:ui.fallbackUnknown';
    if (unsure) text = offered ? 'faq:ui.fallbackUnsureOffer' : 'faq:ui.fallbackUnsure';
    return {
      kind: 'fallback',
      text: context.t(text),
      options: [
        ...options([...faqChoices(nearest), MENU], context),
        { id: encodeChoice(INTAKE), label: context.t('faq:ui.option.askOfficer') },
      ],
    };
  };

  /**
   * `answered`: the entries of a reply that gives two answers; each is headed by the question it
   * answers, so the citizen sees which is which, and neither is offered again as related
   */
  const entryReplies = (faqId: string, context: FlowContext, answered: readonly string[] = []): Reply[] => {
    const entry = knowledgeBase.entries.get(faqId);
    if (!entry) return [noAnswerYet(context)];
    const text = entry.text[context.locale];
    const basis = context.t('faq:ui.basis', { basis: text.basis });
    const title = answered.length > 0 ? `${text.question}\n` : '';
    const answer: Reply = { kind: 'answer', faqId, text: `${title}${text.answer}\n\n${basis}` };
    // related questions and next steps go in a second message: the answer itself keeps room for
    // the engine's "was this helpful?" buttons
    // "faq:<id>", "flow:<id>" or "menu", as the content file writes them
    const next = options(
      entry.next.map(parseChoice).filter((choice) => !(choice.kind === 'faq' && answered.includes(choice.faqId))),
      context,
    );
    return next.length > 0 ? [answer, { kind: 'menu', text: context.t('faq:ui.related'), options: next }] : [answer];
  };

  return {
    async answer(question, context) {
      const outcome = knowledgeBase.search(question);
      switch (outcome.kind) {
        case 'answer': {
          if (!outcome.also) return entryReplies(outcome.faqId, context);
          // a two-part question, or one two entries answer between them, gets both answers,
          // each under its own question and with its own basis
          const answered = [outcome.faqId, outcome.also];
          return [
            ...entryReplies(outcome.faqId, context, answered).filter((reply) => reply.kind === 'answer'),
            ...entryReplies(outcome.also, context, answered),
          ];
        }
        case 'ask_back':
          // unsure: listed for supervisors with the closest entry, so that a variant makes the
          // next citizen's question an answer at once
          await recordFaqFeedback(db, {
            kind: 'asked_back',
            question,
            faqId: outcome.candidates[0]?.faqId ?? null,
            channel: context.citizen.channel,
            locale: context.locale,
            at: context.now,
          });
          return [
            {
              kind: 'menu',
              text: context.t('faq:ui.askBack'),
              options: options([...faqChoices(outcome.candidates), MENU], context),
            },
          ];
        case 'complaint_intent':
          return [
            {
              kind: 'menu',
              // a complaint that names nothing of the election is told what is taken here, and may
              // still start: "tên tôi bị ghi sai" is the voter list's, though it does not say so
              text: context.t(outcome.namesElection ? 'faq:ui.complaintIntent' : 'faq:ui.complaintIntentElectionOnly'),
              options: options([INTAKE, ...(outcome.related ? [faqChoice(outcome.related)] : []), MENU], context),
            },
          ];
        case 'polling_intent':
          return [{ kind: 'menu', text: context.t('faq:ui.pollingIntent'), options: options([POLLING], context) }];
        case 'fallback': {
          // with the entry offered first, if any, so that the supervisor sees what came nearest
          await recordFaqFeedback(db, {
            kind: 'fallback',
            question,
            faqId: outcome.candidates[0]?.faqId ?? null,
            channel: context.citizen.channel,
            locale: context.locale,
            at: context.now,
          });
          if (outcome.reason === 'unknown') return [noAnswerYet(context, outcome.candidates)];
          if (outcome.reason === 'unsure') return [noAnswerYet(context, outcome.candidates, true)];
          return [
            { kind: 'fallback', text: context.t(DECLINE_TEXTS[outcome.reason]), options: options([MENU], context) },
          ];
        }
      }
    },
    async answerEntry(faqId, context) {
      return entryReplies(faqId, context);
    },
    async recordFeedback(faqId, helpful, context) {
      // the entry's own question: whatever text came with the button is the citizen's, not a question
      const question = questionOf(faqId, context.locale) ?? faqId;
      await recordFaqFeedback(db, {
        kind: helpful ? 'helpful' : 'not_helpful',
        faqId,
        question,
        channel: context.citizen.channel,
        locale: context.locale,
        at: context.now,
      });
    },
  };
}
