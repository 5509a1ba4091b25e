// What a citizen gets from one question, the way the evaluations ask (a fresh session, the
// question as typed; when the bot asks back, the first suggested question is picked). Mirrors
// src/knowledge/answerer.ts: an answer is an entry; asking back offers entries; a complaint
// wish offers the intake (and a related entry); "where do I vote?" opens the polling flow;
// a fallback declines, and when it offers the nearest entries ("no sure answer yet; these may be
// close") the first of them is picked, as when asked back.
import type { KnowledgeBase, SearchOutcome } from '../src/knowledge/knowledge-base.js';

export interface CitizenView {
  /** the entry answered at once, "complaint", "polling", "ask_back" or "declined" */
  atOnce: string;
  /** what the citizen has after picking the first suggested question (= atOnce when none) */
  afterPick: string;
  /** the entries the citizen was shown (answered or suggested), in order */
  shown: string[];
  /** a two-part question's second answer, given with the first */
  also?: string;
}

export function viewOf(outcome: SearchOutcome): CitizenView {
  switch (outcome.kind) {
    case 'answer':
      return {
        atOnce: outcome.faqId,
        afterPick: outcome.faqId,
        shown: [outcome.faqId, ...(outcome.also ? [outcome.also] : [])],
        ...(outcome.also ? { also: outcome.also } : {}),
      };
    case 'ask_back': {
      const shown = outcome.candidates.map((candidate) => candidate.faqId);
      return { atOnce: 'ask_back', afterPick: shown[0] ?? 'ask_back', shown };
    }
    case 'complaint_intent':
      return { atOnce: 'complaint', afterPick: 'complaint', shown: outcome.related ? [outcome.related] : [] };
    case 'polling_intent':
      return { atOnce: 'polling', afterPick: 'polling', shown: [] };
    case 'fallback': {
      const shown = outcome.candidates.map((candidate) => candidate.faqId);
      return { atOnce: 'declined', afterPick: shown[0] ?? 'declined', shown };
    }
  }
}

export const askCitizenQuestion = (kb: KnowledgeBase, text: string): CitizenView => viewOf(kb.search(text));
