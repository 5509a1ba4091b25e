// The outbox's words: who a message goes to, what it reports to when it settles, and how it
// settled. Shared by the store, the chat queues, the outbox and the modules that write rows.
import type { Channel, Reply } from '../conversation/messages.js';

export interface Recipient {
  channel: Channel;
  /** the citizen; null for a group chat (the officer group) */
  citizenId: string | null;
  /** the citizen's id on the platform (the web chat's session id); null for a group chat */
  platformUserId: string | null;
  /** where the platform delivers it */
  chatId: string;
}

/** What a message reports its settlement to: a ticket event's delivery state, an officer-group post's index. */
export const ORIGIN_KINDS = ['ticketEvent', 'groupPost'] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];
export interface Origin {
  kind: OriginKind;
  /** the ticket event's id, the posted ticket's code */
  id: string;
}

export interface OutgoingMessage {
  recipient: Recipient;
  reply: Reply;
  origin?: Origin | null;
}

/** A message stored as an outbox row (id), or kept in memory only because the row could not be written (null). */
export interface StoredMessage extends OutgoingMessage {
  id: number | null;
}

/** How a message ended up, as its origin is told: retrying is reported once per streak of failures. */
export type Settlement =
  | { status: 'sent'; platformMessageId?: string }
  | { status: 'retrying'; error: string }
  | { status: 'failed'; error: string }
  | { status: 'unreachable'; error: string };

/** Where a module hears how its messages settled (registered per origin kind). */
export type SettlementReport = (originId: string, settlement: Settlement) => Promise<void>;

/** A message's delivery as its writer records it (e.g. a ticket event): queued, then as it settled. */
export type DeliveryState = 'queued' | Settlement['status'];
