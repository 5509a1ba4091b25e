// The ticket service: filing (idempotent, all-or-nothing), the citizen's view, and the officer
// actions, each scoped to the officer's locality and recorded as an event. The reporter's
// identity is encrypted before it reaches the database and is never logged. An officer's reply
// and a status change reach the citizen through the outbox: the notice is written in the same
// transaction as the event, and the outbox reports how it settled on the event.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ElectionConfig } from '../config/election.js';
import type { Db, Transaction } from '../db/client.js';
import { isUniqueViolation } from '../db/prisma-helpers.js';
import type { CitizenNotifier } from '../outbox/notifier.js';
import { encodeChoice } from '../conversation/choices.js';
import type { Reply } from '../conversation/messages.js';
import type { Locale, Translator } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import { DomainError } from '../lib/errors.js';
import { chainInScope, localityChain } from '../localities/scope.js';
import type { AuditAppender } from '../audit/audit-log.js';
import type { Throttle } from '../security/throttle.js';
import { isApprover, isWorker } from '../officers/roles.js';
import { computeDueDate, DEFAULT_DEADLINE_RULES, isFiledLate, ruleFor, type DeadlineRules } from './deadlines.js';
import { decryptIdentity, encryptIdentity } from './identity-crypto.js';
import {
  CODE_PREFIXES,
  codeYear,
  formatTicketCode,
  generatePin,
  hashPin,
  normalizePin,
  normalizeTicketCode,
  verifyPin,
} from './codes.js';
import { checkAttachments, checkText, DEFAULT_TICKET_LIMITS, type TicketLimits } from './limits.js';
import { createPinGuard } from './pin-guard.js';
import { readElectionCalendar } from '../settings/effective-election.js';
import {
  FINAL_STATUSES,
  TICKET_CATEGORIES,
  TICKET_KINDS,
  TICKET_STATUSES,
  type Actor,
  type DeliveryState,
  type FiledTicket,
  type NewTicket,
  type ReporterIdentity,
  type TicketService,
  type TicketStatus,
  type TicketSummary,
} from './types.js';

export interface TicketServiceDeps {
  db: Db;
  audit: AuditAppender;
  /** the shared abuse limits: wrong PINs, filings per address */
  throttle: Throttle;
  election: ElectionConfig;
  /** the 32-byte application key (AppContext.encryptionKey) */
  encryptionKey: Buffer;
  notifier: CitizenNotifier;
  i18n: Translator;
  clock: Clock;
  logger: Logger;
  limits?: Partial<TicketLimits>;
  rules?: DeadlineRules;
}

/** Waiting room for a busy pool: 20 filings at once must all get through. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };
const HOUR_MS = 3_600_000;

/** Where each status may go next: forward only; a final status may still be closed. */
const NEXT_STATUSES: Record<TicketStatus, readonly TicketStatus[]> = {
  received: ['acknowledged', 'in_progress', 'resolved', 'rejected', 'forwarded', 'closed'],
  acknowledged: ['in_progress', 'resolved', 'rejected', 'forwarded', 'closed'],
  in_progress: ['resolved', 'rejected', 'forwarded', 'closed'],
  resolved: ['closed'],
  rejected: ['closed'],
  forwarded: ['closed'],
  closed: [],
};
const STATUSES_NEEDING_REASON: readonly TicketStatus[] = ['rejected', 'forwarded'];

const counterRow = z.array(z.object({ next: z.union([z.number(), z.bigint()]).transform(Number) })).length(1);
const ticketKind = z.enum(TICKET_KINDS);
const ticketCategory = z.enum(TICKET_CATEGORIES);
const ticketStatus = z.enum(TICKET_STATUSES);
const deliveryState = z.enum(['queued', 'retrying', 'sent', 'failed', 'unreachable']);
/** Delivery states after which no row is left in the outbox: only these are written again. */
const RETRYABLE_STATES: readonly DeliveryState[] = ['failed', 'unreachable'];

interface TicketRow {
  id: string;
  code: string;
  kind: string;
  category: string;
  status: string;
  locale: string;
  citizenId: string | null;
  localityCode: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
  filedAt: Date;
  dueAt: Date;
  afterCutoff: boolean;
  pinHash: string | null;
  identityEnc: string | null;
  firstReplyAt: Date | null;
}

function summaryOf(row: TicketRow): TicketSummary {
  return {
    code: row.code,
    kind: ticketKind.parse(row.kind),
    category: ticketCategory.parse(row.category),
    status: ticketStatus.parse(row.status),
    filedAt: row.filedAt,
    dueAt: row.dueAt,
    localityCode: row.localityCode,
  };
}

function notFound(): DomainError {
  return new DomainError('not_found', 'no such ticket', 'ticket.not_found');
}

function isFinalStatus(status: string): boolean {
  return FINAL_STATUSES.some((final) => final === status);
}

/** The next sequence number of a code prefix and year, atomically (one row lock per prefix and year until commit). */
async function nextSequence(tx: Transaction, prefix: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw`INSERT INTO "TicketCounter" ("prefix", "year", "next") VALUES (${prefix}, ${year}, 2)
    ON CONFLICT ("prefix", "year") DO UPDATE SET "next" = "TicketCounter"."next" + 1 RETURNING "next"`;
  const [row] = counterRow.parse(rows);
  return (row?.next ?? 2) - 1;
}

/** Only the stored fields: callers may pass a richer inbound attachment. */
function attachmentRow(file: NewTicket['attachments'][number], ticketId: string, eventId: number, channel: string) {
  return {
    ticketId,
    eventId,
    channel,
    platformFileId: file.platformFileId,
    fileName: file.fileName ?? null,
    mimeType: file.mimeType ?? null,
    size: file.size ?? null,
  };
}

export function createTicketService(deps: TicketServiceDeps): TicketService {
  /** Every officer action on a ticket is audited in the same transaction as the action itself. */
  const audit = (tx: Transaction, actor: Actor, action: string, code: string, detail: Record<string, unknown>) =>
    deps.audit.append(tx, { officerId: actor.officerId, action, targetType: 'ticket', targetId: code, detail });

  const { db, election, encryptionKey, notifier, i18n, clock, logger } = deps;
  const limits: TicketLimits = { ...DEFAULT_TICKET_LIMITS, ...deps.limits };
  const rules = deps.rules ?? DEFAULT_DEADLINE_RULES;
  const pinGuard = createPinGuard(deps.throttle, {
    perCodeAndRequester: limits.pinFailuresPerHour,
    perRequester: limits.pinFailuresPerRequesterPerHour,
  });

  async function existingFiling(intakeKey: string): Promise<FiledTicket | null> {
    const row = await db.ticket.findUnique({
      where: { intakeKey },
      select: { id: true, code: true, dueAt: true, afterCutoff: true },
    });
    return row ? { ...row, pin: null, created: false } : null;
  }

  async function checkDailyLimit(citizenId: string, now: Date): Promise<void> {
    const dayStart = DateTime.fromJSDate(now, { zone: election.timeZone }).startOf('day').toJSDate();
    const filedToday = await db.ticket.count({ where: { citizenId, filedAt: { gte: dayStart } } });
    if (filedToday >= limits.ticketsPerCitizenPerDay) {
      throw new DomainError(
        'rate_limited',
        `at most ${limits.ticketsPerCitizenPerDay} new tickets a day`,
        'ticket.daily_limit',
      );
    }
  }

  /** Server-issued web chat sessions cost nothing to make: the address is what a flood shares. */
  async function checkAddressLimit(address: string): Promise<void> {
    if ((await deps.throttle.count('file-address', address, HOUR_MS)) >= limits.ticketsPerAddressPerHour) {
      throw new DomainError(
        'rate_limited',
        `at most ${limits.ticketsPerAddressPerHour} new tickets an hour from one address`,
        'ticket.address_limit',
      );
    }
  }

  function checkIdentity(input: NewTicket): void {
    const identity = input.identity;
    const complete =
      identity !== null &&
      [identity.fullName, identity.address, identity.phone].every((field) => field.trim().length > 0);
    // An unsigned denunciation is not considered (F-078, F-095): the chat asks before filing.
    if (input.kind === 'denunciation' && !complete)
      throw new DomainError('invalid', 'a denunciation needs full name, address and phone', 'ticket.identity_required');
  }

  async function ticketForOfficer(actor: Actor, code: string, mutates: boolean): Promise<TicketRow> {
    const normalized = normalizeTicketCode(code);
    const ticket = normalized ? await db.ticket.findUnique({ where: { code: normalized } }) : null;
    // Outside the actor's scope a ticket does not exist, so a guessed code reveals nothing.
    if (!ticket || !(await chainInScope(db, ticket, actor.localityCode))) throw notFound();
    if (mutates && !isWorker(actor.role))
      throw new DomainError('forbidden', 'a viewer may not change tickets', 'ticket.forbidden');
    return ticket;
  }

  /** The citizen's language now (they may have switched since filing), else the filing's. */
  async function citizenLocale(ticket: TicketRow): Promise<Locale> {
    const citizen = ticket.citizenId
      ? await db.citizen.findUnique({ where: { id: ticket.citizenId }, select: { locale: true } })
      : null;
    const locale = citizen?.locale ?? ticket.locale;
    return locale === 'en' ? 'en' : 'vi';
  }

  async function statusNotice(ticket: TicketRow, status: string, reason: string | null): Promise<Reply[]> {
    const locale = await citizenLocale(ticket);
    const lines = [
      i18n.t(locale, 'tickets:notify.status', {
        code: ticket.code,
        status: i18n.t(locale, `tickets:status.${status}`),
      }),
    ];
    if (reason) lines.push(i18n.t(locale, 'tickets:notify.reason', { reason }));
    if (status === 'forwarded' || (status === 'closed' && ticket.afterCutoff))
      lines.push(i18n.t(locale, `tickets:notify.next.${status}`));
    return [{ kind: 'notice', text: lines.join('\n'), options: [myTicketsOption(locale)] }];
  }

  async function replyNotice(ticket: TicketRow, text: string): Promise<Reply[]> {
    const locale = await citizenLocale(ticket);
    return [
      {
        kind: 'notice',
        text: i18n.t(locale, 'tickets:notify.reply', { code: ticket.code, text }),
        options: [myTicketsOption(locale)],
      },
    ];
  }

  const myTicketsOption = (locale: Locale) => ({
    id: encodeChoice({ kind: 'flow', flowId: 'mytickets' }),
    label: i18n.t(locale, 'tickets:notify.myTickets'),
  });

  /**
   * Writes the notice to the citizen as an outbox row inside `tx` (the event's transaction) and
   * records on the event where its delivery starts; the outbox reports the rest.
   */
  async function queueNotice(
    tx: Transaction,
    ticket: TicketRow,
    eventId: number,
    replies: Reply[],
  ): Promise<DeliveryState> {
    const state: DeliveryState = ticket.citizenId
      ? await notifier.store(tx, ticket.citizenId, replies, { kind: 'ticketEvent', id: String(eventId) })
      : 'failed';
    const error =
      state === 'failed'
        ? 'the citizen is no longer known'
        : state === 'unreachable'
          ? 'the citizen blocked the bot'
          : null;
    await tx.ticketEvent.update({ where: { id: eventId }, data: { deliveryStatus: state, deliveryError: error } });
    if (error)
      logger.warn({ ticket: ticket.code, eventId, delivery: state, err: error }, 'ticket notice not delivered');
    return state;
  }

  return {
    async file(input) {
      const previous = await existingFiling(input.intakeKey);
      if (previous) return previous;
      checkText(input.description, limits.descriptionMinChars, limits.descriptionMaxChars, 'description');
      checkAttachments(input.attachments, 0, limits);
      checkIdentity(input);
      const chain = await localityChain(db, input.localityCode);
      if (!chain)
        throw new DomainError('invalid', `locality ${input.localityCode} does not exist`, 'ticket.unknown_locality');
      const filedAt = clock.now();
      if (input.citizenId) await checkDailyLimit(input.citizenId, filedAt);
      if (input.sourceAddress) await checkAddressLimit(input.sourceAddress);

      const rule = ruleFor(input.kind, input.category, rules);
      // the calendar as it applies now: an admin may have moved election day in the console
      const calendar = await readElectionCalendar(db, election);
      const dueAt = computeDueDate(rule, filedAt, calendar);
      const afterCutoff = isFiledLate(rule, filedAt, calendar);
      const id = randomUUID();
      const pin = generatePin();
      const pinHash = await hashPin(pin);
      const identityEnc = input.identity ? encryptIdentity(encryptionKey, input.identity, id) : null;
      try {
        const code = await db.$transaction(async (tx) => {
          const sequence = await nextSequence(tx, CODE_PREFIXES[input.kind], codeYear(filedAt, election.timeZone));
          const ticketCode = formatTicketCode(input.kind, codeYear(filedAt, election.timeZone), sequence);
          await tx.ticket.create({
            data: {
              id,
              code: ticketCode,
              intakeKey: input.intakeKey,
              kind: input.kind,
              category: input.category,
              description: input.description,
              locale: input.locale,
              channel: input.channel,
              citizenId: input.citizenId,
              localityCode: input.localityCode,
              ...chain,
              dueAt,
              deadlineRule: rule.id,
              afterCutoff,
              pinHash,
              identityEnc,
              filedAt,
            },
          });
          const event = await tx.ticketEvent.create({
            data: {
              ticketId: id,
              type: 'status_change',
              authorType: 'citizen',
              toStatus: 'received',
              createdAt: filedAt,
            },
          });
          if (input.attachments.length > 0) {
            await tx.attachment.createMany({
              data: input.attachments.map((file) => attachmentRow(file, id, event.id, input.channel)),
            });
          }
          return ticketCode;
        }, TRANSACTION_OPTIONS);
        if (input.sourceAddress) await deps.throttle.hit('file-address', input.sourceAddress, HOUR_MS);
        logger.info({ ticket: code, kind: input.kind, category: input.category, afterCutoff }, 'ticket filed');
        return { id, code, pin, dueAt, afterCutoff, created: true };
      } catch (error) {
        // The same intake confirmed twice at once: the other confirmation filed it.
        if (isUniqueViolation(error)) {
          const filed = await existingFiling(input.intakeKey);
          if (filed) return filed;
        }
        throw error;
      }
    },

    async addCitizenMessage(code, citizenId, text, attachments) {
      const normalized = normalizeTicketCode(code);
      const ticket = normalized
        ? await db.ticket.findUnique({
            where: { code: normalized },
            include: { _count: { select: { attachments: true } } },
          })
        : null;
      if (!ticket || ticket.citizenId !== citizenId) throw notFound();
      if (isFinalStatus(ticket.status)) throw new DomainError('conflict', 'the ticket is closed', 'ticket.closed');
      if (text.trim().length > 0 || attachments.length === 0) checkText(text, 1, limits.messageMaxChars, 'message');
      checkAttachments(attachments, ticket._count.attachments, limits);
      await db.$transaction(async (tx) => {
        const event = await tx.ticketEvent.create({
          data: { ticketId: ticket.id, type: 'citizen_message', authorType: 'citizen', text },
        });
        if (attachments.length > 0) {
          await tx.attachment.createMany({
            data: attachments.map((file) => attachmentRow(file, ticket.id, event.id, ticket.channel)),
          });
        }
      });
    },

    async listForCitizen(citizenId) {
      const rows = await db.ticket.findMany({ where: { citizenId }, orderBy: { filedAt: 'desc' }, take: 50 });
      return rows.map(summaryOf);
    },

    async findByCodeAndPin(code, pin, requester) {
      const normalized = normalizeTicketCode(code);
      const validPin = normalizePin(pin);
      const ticket = normalized ? await db.ticket.findUnique({ where: { code: normalized } }) : null;
      // The PIN is checked (against a decoy when there is no ticket) whatever the code, so
      // neither the answer nor its timing says whether a code exists.
      const matches = await verifyPin(ticket?.pinHash ?? null, validPin ?? '');
      const key = normalized ?? '';
      // A requester who drew too many wrong PINs gets nothing for a while, even for the right one.
      if (await pinGuard.isLocked(key, requester)) return null;
      if (ticket && validPin && matches) return summaryOf(ticket);
      await pinGuard.recordFailure(key, requester);
      return null;
    },

    async reply(actor, code, text) {
      const ticket = await ticketForOfficer(actor, code, true);
      checkText(text, 1, limits.messageMaxChars, 'message');
      const now = clock.now();
      const notice = await replyNotice(ticket, text);
      const result = await db.$transaction(async (tx) => {
        if (!ticket.firstReplyAt) await tx.ticket.update({ where: { id: ticket.id }, data: { firstReplyAt: now } });
        const created = await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            type: 'officer_reply',
            authorType: 'officer',
            officerId: actor.officerId,
            text,
            deliveryStatus: 'queued',
            createdAt: now,
          },
        });
        await audit(tx, actor, 'ticket.reply', ticket.code, { eventId: created.id });
        return { eventId: created.id, delivery: await queueNotice(tx, ticket, created.id, notice) };
      }, TRANSACTION_OPTIONS);
      notifier.send();
      return result;
    },

    /** A notice refused for good (or to a chat that was gone) is written to the outbox again; one on its way is left alone. */
    async retryDelivery(actor, code, eventId) {
      const ticket = await ticketForOfficer(actor, code, true);
      const event = await db.ticketEvent.findFirst({
        where: {
          id: eventId,
          ticketId: ticket.id,
          type: { in: ['officer_reply', 'status_change'] },
          authorType: 'officer',
        },
      });
      if (!event) throw new DomainError('not_found', 'no such message on this ticket', 'ticket.event_not_found');
      const current = deliveryState.safeParse(event.deliveryStatus);
      if (current.success && !RETRYABLE_STATES.includes(current.data)) return { delivery: current.data };
      const replies =
        event.type === 'officer_reply'
          ? await replyNotice(ticket, event.text ?? '')
          : await statusNotice(ticket, event.toStatus ?? ticket.status, event.reason);
      const delivery = await db.$transaction((tx) => queueNotice(tx, ticket, event.id, replies), TRANSACTION_OPTIONS);
      notifier.send();
      return { delivery };
    },

    async addNote(actor, code, text) {
      const ticket = await ticketForOfficer(actor, code, true);
      checkText(text, 1, limits.messageMaxChars, 'message');
      // Internal: never delivered to the citizen.
      const event = await db.$transaction(async (tx) => {
        const created = await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            type: 'internal_note',
            authorType: 'officer',
            officerId: actor.officerId,
            text,
            createdAt: clock.now(),
          },
        });
        await audit(tx, actor, 'ticket.note', ticket.code, { eventId: created.id });
        return created;
      });
      return { eventId: event.id };
    },

    async changeStatus(actor, code, status, reason) {
      const ticket = await ticketForOfficer(actor, code, true);
      const from = ticketStatus.parse(ticket.status);
      if (!NEXT_STATUSES[from].includes(status))
        throw new DomainError('conflict', `a ticket cannot go from ${from} to ${status}`, 'ticket.bad_transition');
      const trimmedReason = reason?.trim() || null;
      if (STATUSES_NEEDING_REASON.includes(status) && !trimmedReason)
        throw new DomainError('invalid', `a reason is required to set ${status}`, 'ticket.reason_required');
      const now = clock.now();
      const notice = await statusNotice(ticket, status, trimmedReason);
      await db.$transaction(async (tx) => {
        // Guarded by the old status: of two officers changing it at once, one wins.
        const updated = await tx.ticket.updateMany({
          where: { id: ticket.id, status: from },
          data: { status, statusReason: trimmedReason, ...(isFinalStatus(status) ? { closedAt: now } : {}) },
        });
        if (updated.count === 0)
          throw new DomainError('conflict', 'the ticket changed meanwhile; reload it', 'ticket.changed');
        await audit(tx, actor, 'ticket.status', ticket.code, { from, to: status });
        const event = await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            type: 'status_change',
            authorType: 'officer',
            officerId: actor.officerId,
            fromStatus: from,
            toStatus: status,
            reason: trimmedReason,
            deliveryStatus: 'queued',
            createdAt: now,
          },
        });
        await queueNotice(tx, ticket, event.id, notice);
      }, TRANSACTION_OPTIONS);
      notifier.send();
    },

    async assign(actor, code, officerId) {
      const ticket = await ticketForOfficer(actor, code, true);
      if (officerId !== null) {
        const assignee = await db.officer.findUnique({ where: { id: officerId } });
        if (
          !assignee ||
          !assignee.active ||
          !isWorker(assignee.role) ||
          !(await chainInScope(db, ticket, assignee.localityCode))
        ) {
          throw new DomainError(
            'invalid',
            'the assignee must be an active officer whose area covers the ticket',
            'ticket.bad_assignee',
          );
        }
      }
      await db.$transaction(async (tx) => {
        await tx.ticket.update({ where: { id: ticket.id }, data: { assigneeId: officerId } });
        await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            type: 'assignment',
            authorType: 'officer',
            officerId: actor.officerId,
            text: officerId,
            createdAt: clock.now(),
          },
        });
        await audit(tx, actor, 'ticket.assign', ticket.code, { assigneeId: officerId });
      });
    },

    async revealIdentity(actor, code, reason) {
      const ticket = await ticketForOfficer(actor, code, false);
      if (!isApprover(actor.role))
        throw new DomainError(
          'forbidden',
          'only supervisors and admins may see who filed a ticket',
          'ticket.forbidden',
        );
      const why = reason.trim();
      if (why.length < 5) throw new DomainError('invalid', 'say why the identity is needed', 'ticket.reason_required');
      const identity: ReporterIdentity | null = ticket.identityEnc
        ? decryptIdentity(encryptionKey, ticket.identityEnc, ticket.id)
        : null;
      await db.$transaction(async (tx) => {
        await tx.ticketEvent.create({
          data: {
            ticketId: ticket.id,
            type: 'identity_reveal',
            authorType: 'officer',
            officerId: actor.officerId,
            reason: why,
            createdAt: clock.now(),
          },
        });
        await audit(tx, actor, 'ticket.identity_reveal', ticket.code, { reason: why });
      });
      return identity;
    },
  };
}
