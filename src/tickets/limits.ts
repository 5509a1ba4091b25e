// Abuse limits on what a citizen may send, each failure a DomainError whose code the chat maps
// to a clear message (tickets:errors.<code>) with the limit filled in.
import { DomainError } from '../lib/errors.js';
import type { NewTicket } from './types.js';

export interface TicketLimits {
  ticketsPerCitizenPerDay: number;
  attachmentsPerTicket: number;
  attachmentBytes: number;
  descriptionMinChars: number;
  descriptionMaxChars: number;
  /** a citizen's follow-up message or an officer's reply */
  messageMaxChars: number;
  /** wrong PINs for one code from one requester (address or account) within an hour before that requester's look-ups of it stop answering */
  pinFailuresPerHour: number;
  /** wrong PINs from one requester over all codes within an hour before its look-ups stop answering */
  pinFailuresPerRequesterPerHour: number;
  /**
   * Tickets filed from one web chat address within an hour. Generous because a mobile carrier
   * puts many subscribers behind one address (carrier-grade NAT): even a province-wide peak of
   * a thousand web filings on election day is about 70 an hour spread over the carriers' many
   * addresses, a few per address; 20 an hour leaves room for that and stops a flood.
   */
  ticketsPerAddressPerHour: number;
}

export const DEFAULT_TICKET_LIMITS: TicketLimits = {
  ticketsPerCitizenPerDay: 5,
  attachmentsPerTicket: 10,
  attachmentBytes: 20 * 1024 * 1024,
  descriptionMinChars: 20,
  descriptionMaxChars: 4000,
  messageMaxChars: 4000,
  pinFailuresPerHour: 10,
  pinFailuresPerRequesterPerHour: 20,
  ticketsPerAddressPerHour: 20,
};

/** Characters as a person counts them (an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}

function limitError(kind: 'invalid' | 'too_large' | 'rate_limited', code: string, message: string): DomainError {
  return new DomainError(kind, message, `ticket.${code}`);
}

/** Text with at least one letter or digit, within [min, max] characters once trimmed. Stored verbatim otherwise. */
export function checkText(text: string, minChars: number, maxChars: number, field: 'description' | 'message'): void {
  const length = characterCount(text.trim());
  if (length === 0) throw limitError('invalid', `${field}_empty`, `the ${field} is empty`);
  if (!/[\p{L}\p{N}]/u.test(text))
    throw limitError('invalid', `${field}_no_words`, `the ${field} has no letters or digits`);
  if (length < minChars)
    throw limitError(
      'invalid',
      `${field}_too_short`,
      `the ${field} has ${length} characters; at least ${minChars} are needed`,
    );
  if (length > maxChars)
    throw limitError(
      'too_large',
      `${field}_too_long`,
      `the ${field} has ${length} characters; at most ${maxChars} are accepted`,
    );
}

/** `alreadyAttached` files are on the ticket already; a file of unknown size is accepted. */
export function checkAttachments(
  attachments: NewTicket['attachments'],
  alreadyAttached: number,
  limits: TicketLimits,
): void {
  if (alreadyAttached + attachments.length > limits.attachmentsPerTicket) {
    throw limitError('too_large', 'too_many_attachments', `at most ${limits.attachmentsPerTicket} files per ticket`);
  }
  if (attachments.some((file) => (file.size ?? 0) > limits.attachmentBytes)) {
    throw limitError(
      'too_large',
      'attachment_too_large',
      `a file is larger than ${Math.round(limits.attachmentBytes / 1024 / 1024)} MB`,
    );
  }
}
