// One ticket as the console shows it: the ticket, its timeline with authors, attachments and
// the time left. Never the reporter's identity (see the reveal endpoint) nor the PIN hash.
import type { Db, Prisma } from '../../db/database.js';
import type { Translator } from '../../i18n.js';
import { DomainError } from '../../lib/errors.js';
import { deadlineFlags } from './queue-page.js';
import { localityNames } from '../../localities/place-names.js';

export function ticketNotFound(): DomainError {
  // Same answer for a code that does not exist and one outside the officer's scope.
  return new DomainError('not_found', 'No such ticket.', 'ticket.not_found');
}

/** Canned replies in the citizen's language (the ticket's locale), for the ticket's kind. */
function cannedReplies(i18n: Translator, locale: string, kind: string): string[] {
  const texts = i18n.raw(locale === 'en' ? 'en' : 'vi', `console:canned.${kind}`);
  return Array.isArray(texts) ? texts.filter((text): text is string => typeof text === 'string') : [];
}

export async function ticketDetail(
  db: Db,
  i18n: Translator,
  scopeWhere: Prisma.TicketWhereInput,
  code: string,
  now: Date,
) {
  const ticket = await db.ticket.findFirst({
    where: { AND: [scopeWhere, { code }] },
    select: {
      code: true,
      kind: true,
      category: true,
      status: true,
      statusReason: true,
      description: true,
      locale: true,
      channel: true,
      localityCode: true,
      dueAt: true,
      deadlineRule: true,
      afterCutoff: true,
      filedAt: true,
      firstReplyAt: true,
      closedAt: true,
      identityEnc: true,
      assignee: { select: { id: true, username: true, displayName: true } },
      events: {
        orderBy: { id: 'asc' },
        select: {
          id: true,
          type: true,
          authorType: true,
          text: true,
          fromStatus: true,
          toStatus: true,
          reason: true,
          deliveryStatus: true,
          deliveryError: true,
          createdAt: true,
          officer: { select: { username: true, displayName: true } },
        },
      },
      attachments: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, eventId: true, fileName: true, mimeType: true, size: true, createdAt: true },
      },
    },
  });
  if (!ticket) throw ticketNotFound();
  const localityName = (await localityNames(db, [ticket.localityCode])).get(ticket.localityCode) ?? null;
  const { identityEnc, assignee, events, ...rest } = ticket;
  // An assignment event holds the assignee's id: show their name instead.
  const assigneeIds = [
    ...new Set(events.flatMap((event) => (event.type === 'assignment' && event.text ? [event.text] : []))),
  ];
  const assigneeNames = new Map(
    (assigneeIds.length
      ? await db.officer.findMany({
          where: { id: { in: assigneeIds } },
          select: { id: true, username: true, displayName: true },
        })
      : []
    ).map((officer) => [officer.id, officer.displayName ?? officer.username]),
  );
  return {
    ...rest,
    localityName,
    hasIdentity: identityEnc !== null,
    timeLeftMs: ticket.dueAt.getTime() - now.getTime(),
    ...deadlineFlags(ticket.status, ticket.dueAt, now),
    assignee: assignee ? { id: assignee.id, name: assignee.displayName ?? assignee.username } : null,
    events: events.map(({ officer, ...event }) => ({
      ...event,
      text: event.type === 'assignment' && event.text ? (assigneeNames.get(event.text) ?? event.text) : event.text,
      officerName: officer ? (officer.displayName ?? officer.username) : null,
    })),
    cannedReplies: cannedReplies(i18n, ticket.locale, ticket.kind),
  };
}
