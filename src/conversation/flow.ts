// How a multi-step dialogue (complaint intake, "where do I vote?", locality picker…) plugs into
// the conversation engine. The engine owns persistence, ordering and idempotency; a flow is
// plain logic over a small context and returns replies plus its next state.
import type { Locale } from '../i18n.js';
import type { Channel, InboundMessage, Reply } from './messages.js';

/** The citizen as a flow may see and change it. */
export interface CitizenView {
  id: string;
  channel: Channel;
  chatId: string;
  displayName: string | null;
  locale: Locale;
  localityCode: string | null;
  subscribed: boolean;
}

export interface FlowContext {
  citizen: CitizenView;
  message: InboundMessage;
  locale: Locale;
  now: Date;
  /** text in the citizen's language, with the election's values filled in */
  t(key: string, values?: Record<string, unknown>): string;
  /** the flow's own data, as it left it on the previous step ({} on start) */
  data: Record<string, unknown>;
}

/** Changes a flow asks the engine to make to the citizen (e.g. the commune they chose). */
export interface CitizenUpdate {
  localityCode?: string;
  locale?: Locale;
}

export type FlowStep =
  /** stay in the flow: the next message from this citizen goes to resume() with this data */
  | { replies: Reply[]; next: 'continue'; data: Record<string, unknown>; updateCitizen?: CitizenUpdate }
  /** the flow is over; the engine returns to the main menu state */
  | { replies: Reply[]; next: 'done'; updateCitizen?: CitizenUpdate };

export interface ConversationFlow {
  /** unique, short: "intake", "polling", "locality"… */
  id: string;
  /** entered from the menu, a keyword or a deep link; `argument` is e.g. the deep link payload */
  start(context: FlowContext, argument?: string): Promise<FlowStep>;
  resume(context: FlowContext): Promise<FlowStep>;
}
