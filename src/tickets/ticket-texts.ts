// Small text helpers shared by the two chat flows: dates in the election's time zone, status
// labels, and a DomainError from the ticket service turned into a message the citizen understands.
import { DateTime } from 'luxon';
import type { Locale } from '../i18n.js';
import { DomainError } from '../lib/errors.js';
import { DEFAULT_TICKET_LIMITS, type TicketLimits } from './limits.js';
import type { TicketSummary } from './types.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function formatLocalDate(date: Date, locale: Locale, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat(locale === 'vi' ? 'dd/MM/yyyy' : 'd MMMM yyyy', {
    locale: locale === 'vi' ? 'vi' : 'en-GB',
  });
}

export function ticketLine(t: Translate, ticket: TicketSummary, locale: Locale, timeZone: string): string {
  return t('tickets:mine.line', {
    code: ticket.code,
    kind: t(`tickets:kind.${ticket.kind}`),
    status: t(`tickets:status.${ticket.status}`),
    filed: formatLocalDate(ticket.filedAt, locale, timeZone),
    due: formatLocalDate(ticket.dueAt, locale, timeZone),
  });
}

/** The citizen-facing text of a ticket-service refusal, or null when the error is not one. */
export function refusalText(t: Translate, error: unknown, limits: TicketLimits = DEFAULT_TICKET_LIMITS): string | null {
  if (!(error instanceof DomainError) || !error.code.startsWith('ticket.')) return null;
  const key = `tickets:errors.${error.code.slice('ticket.'.length)}`;
  return t(key, {
    min: limits.descriptionMinChars,
    max: limits.descriptionMaxChars,
    maxMessage: limits.messageMaxChars,
    maxFiles: limits.attachmentsPerTicket,
    maxMegabytes: Math.round(limits.attachmentBytes / 1024 / 1024),
    perDay: limits.ticketsPerCitizenPerDay,
    perHour: limits.ticketsPerAddressPerHour,
  });
}
