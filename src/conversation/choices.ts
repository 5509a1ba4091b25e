// The choices a citizen makes by pressing a button (or typing "2" on a numbered menu), as one
// typed protocol: every module builds option ids with encodeChoice and the engine parses each
// once with parseChoice. The strings on the wire stay what they have always been ("faq:<id>",
// "flow:<id>", "feedback:up:<faqId>", "lang:vi", "consent:yes", "menu"…), so buttons already
// sent to citizens keep working; Telegram carries them as callback_data.
import { isLocale, type Locale } from '../i18n.js';

export type Choice =
  /** main-menu entries, valid in any state once the citizen has agreed */
  | { kind: 'menu' | 'ask' | 'help' | 'language' | 'subscribe' | 'unsubscribe' }
  /** "I agree" on the privacy notice */
  | { kind: 'consent' }
  | { kind: 'lang'; locale: Locale }
  /** start a flow: "intake" (complaint), "mytickets", "polling", "locality" */
  | { kind: 'flow'; flowId: string }
  /** one of the "did you mean…?" questions */
  | { kind: 'faq'; faqId: string }
  /** "was this answer helpful?" */
  | { kind: 'feedback'; helpful: boolean; faqId: string }
  /** an option of the flow in progress ("cancel", "d:178", "loc:05974"…), handed to the flow as it is */
  | { kind: 'inFlow'; value: string };

const MENU_KINDS = ['menu', 'ask', 'help', 'language', 'subscribe', 'unsubscribe'] as const;
type MenuKind = (typeof MENU_KINDS)[number];

function isMenuKind(id: string): id is MenuKind {
  return MENU_KINDS.some((kind) => kind === id);
}

export function encodeChoice(choice: Choice): string {
  switch (choice.kind) {
    case 'consent':
      return 'consent:yes';
    case 'lang':
      return `lang:${choice.locale}`;
    case 'flow':
      return `flow:${choice.flowId}`;
    case 'faq':
      return `faq:${choice.faqId}`;
    case 'feedback':
      return `feedback:${choice.helpful ? 'up' : 'down'}:${choice.faqId}`;
    case 'inFlow':
      return choice.value;
    default:
      return choice.kind;
  }
}

/** Any option id (from a button, a numbered menu, an old message) as a Choice; never throws. */
export function parseChoice(id: string): Choice {
  if (isMenuKind(id)) return { kind: id };
  if (id === 'consent:yes') return { kind: 'consent' };
  const [prefix, ...rest] = id.split(':');
  const argument = rest.join(':');
  if (prefix === 'lang' && isLocale(argument)) return { kind: 'lang', locale: argument };
  if (prefix === 'flow' && argument) return { kind: 'flow', flowId: argument };
  if (prefix === 'faq' && argument) return { kind: 'faq', faqId: argument };
  const vote = /^feedback:(up|down):(.+)$/s.exec(id);
  if (vote?.[2]) return { kind: 'feedback', helpful: vote[1] === 'up', faqId: vote[2] };
  return { kind: 'inFlow', value: id };
}

/** Choices the engine acts on whatever the conversation's state (once the citizen has agreed). */
export function isMenuChoice(choice: Choice): boolean {
  return choice.kind === 'flow' || choice.kind === 'feedback' || choice.kind === 'lang' || isMenuKind(choice.kind);
}

/** A flow's own option with an argument: "<namespace>:<argument>", e.g. flowOption('loc', '05974'). */
export function flowOption(namespace: string, argument: string): string {
  return encodeChoice({ kind: 'inFlow', value: `${namespace}:${argument}` });
}

/** The argument of a flow option of `namespace`, or null when `choice` is not one. */
export function readFlowOption(choice: string | undefined, namespace: string): string | null {
  const prefix = `${namespace}:`;
  return choice?.startsWith(prefix) && choice.length > prefix.length ? choice.slice(prefix.length) : null;
}
