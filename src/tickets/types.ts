// The ticket service's contract, shared by the chat intake, the officer console and the
// optional officer group. Implemented in src/tickets/ticket-service.ts.
import type { Channel } from '../conversation/messages.js';
import type { Role } from '../officers/roles.js';

export const TICKET_KINDS = ['complaint', 'denunciation', 'petition'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_CATEGORIES = ['voter_list', 'candidate', 'polling', 'results', 'campaigning', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const TICKET_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'resolved',
  'rejected',
  'forwarded',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses after which a ticket accepts no more citizen messages. */
export const FINAL_STATUSES: readonly TicketStatus[] = ['resolved', 'rejected', 'forwarded', 'closed'];

export interface ReporterIdentity {
  fullName: string;
  address: string;
  phone: string;
}

export interface NewTicket {
  /** the intake's idempotency key: filing twice with the same key returns the first ticket */
  intakeKey: string;
  citizenId: string | null;
  channel: Channel;
  locale: 'vi' | 'en';
  kind: TicketKind;
  category: TicketCategory;
  localityCode: string;
  description: string;
  identity: ReporterIdentity | null;
  attachments: { platformFileId: string; fileName?: string; mimeType?: string; size?: number }[];
  /** the network address the citizen wrote from, where the channel has one (the web chat): filings per address are limited */
  sourceAddress?: string;
}

export interface FiledTicket {
  id: string;
  code: string;
  /** shown once to the citizen; only its hash is stored */
  pin: string | null;
  dueAt: Date;
  afterCutoff: boolean;
  /** false when this intake key had already filed the ticket */
  created: boolean;
}

/** Who acts: an officer from the console or the officer group, or the system. */
export interface Actor {
  officerId: string;
  role: Role;
  /** null: the whole province */
  localityCode: string | null;
}

export interface TicketSummary {
  code: string;
  kind: TicketKind;
  category: TicketCategory;
  status: TicketStatus;
  filedAt: Date;
  dueAt: Date;
  localityCode: string;
}

/** How an officer's reply or a status notice is doing, as the outbox reports it. */
export type { DeliveryState } from '../outbox/outgoing.js';
import type { DeliveryState } from '../outbox/outgoing.js';

/**
 * What the chat intake, the console and the officer group call. Officer methods take the acting
 * officer and refuse (DomainError 'not_found') a ticket outside the actor's locality scope, so
 * a guessed code reveals nothing; a viewer may not mutate (DomainError 'forbidden').
 * Every change is a TicketEvent with author and time; status changes and replies reach the
 * citizen in their channel and language through the outbox (rows written with the event).
 */
export interface TicketService {
  file(input: NewTicket): Promise<FiledTicket>;
  addCitizenMessage(
    code: string,
    citizenId: string,
    text: string,
    attachments: NewTicket['attachments'],
  ): Promise<void>;
  listForCitizen(citizenId: string): Promise<TicketSummary[]>;
  /** `requester`: who asks (the web chat's address, else the citizen), so wrong PINs slow that requester down only */
  findByCodeAndPin(code: string, pin: string, requester: string): Promise<TicketSummary | null>;
  reply(actor: Actor, code: string, text: string): Promise<{ eventId: number; delivery: DeliveryState }>;
  retryDelivery(actor: Actor, code: string, eventId: number): Promise<{ delivery: DeliveryState }>;
  addNote(actor: Actor, code: string, text: string): Promise<{ eventId: number }>;
  changeStatus(actor: Actor, code: string, status: TicketStatus, reason?: string): Promise<void>;
  assign(actor: Actor, code: string, officerId: string | null): Promise<void>;
  /** Supervisors and admins only; the reason and the reveal are written to the audit log. */
  revealIdentity(actor: Actor, code: string, reason: string): Promise<ReporterIdentity | null>;
}
