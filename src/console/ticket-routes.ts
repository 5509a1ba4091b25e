// The queue and ticket endpoints of the console API. Reads query the database within the
// officer's scope; every action goes through the TicketService, which checks scope and role
// again and writes the timeline.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConsoleContext } from './console-context.js';
import { TICKET_STATUSES, type TicketService } from '../tickets/types.js';
import { actorOf, officerOf, type RequireOfficer } from './auth/require-officer.js';
import { parseBody, parseQuery } from './parse.js';
import { APPROVER_ROLES, WORKER_ROLES } from '../officers/roles.js';
import { officerScopeWhere, queueFilterSchema, queueWhere } from './queue/queue-filters.js';
import { countsPerStatus, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, queuePage } from './queue/queue-page.js';
import { ticketDetail, ticketNotFound } from './queue/ticket-detail.js';

const listQuery = queueFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(500).optional(),
});
const codeParams = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,40}$/, 'not a ticket code'),
});
const textBody = z.object({ text: z.string().trim().min(1).max(4000) });
const statusBody = z.object({ status: z.enum(TICKET_STATUSES), reason: z.string().trim().min(1).max(1000).optional() });
const assignBody = z.object({ officerId: z.union([z.uuid(), z.literal('me')]).nullable() });
const retryBody = z.object({ eventId: z.number().int().positive() });
const revealBody = z.object({ reason: z.string().trim().min(5).max(500) });

/** Viewers see statistics only: the queue holds what citizens wrote. */
export const TICKET_READERS = WORKER_ROLES;

/** A code that is not even well formed is as unknown as any other. */
function codeOf(params: unknown): string {
  const parsed = codeParams.safeParse(params);
  if (!parsed.success) throw ticketNotFound();
  return parsed.data.code;
}

export function registerTicketRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
  tickets: TicketService,
): void {
  const { db, clock, provider } = context;

  server.get('/api/console/tickets', { preHandler: requireOfficer({ roles: TICKET_READERS }) }, async (request) => {
    const officer = officerOf(request);
    const { limit, cursor, ...filters } = parseQuery(listQuery, request.query);
    const now = clock.now();
    const [page, counts] = await Promise.all([
      queueWhere(db, officer, filters, now, provider).then((where) => queuePage(db, where, { limit, cursor, now })),
      officerScopeWhere(db, officer).then((scope) => countsPerStatus(db, scope)),
    ]);
    return { ...page, counts };
  });

  server.get(
    '/api/console/tickets/:code',
    { preHandler: requireOfficer({ roles: TICKET_READERS }) },
    async (request) => {
      const officer = officerOf(request);
      return ticketDetail(db, context.i18n, await officerScopeWhere(db, officer), codeOf(request.params), clock.now());
    },
  );

  registerTicketActions(server, requireOfficer, tickets);
}

/** The actions, each delegated to the TicketService (which checks scope and role again). */
function registerTicketActions(server: FastifyInstance, requireOfficer: RequireOfficer, tickets: TicketService): void {
  const workers = { preHandler: requireOfficer({ roles: WORKER_ROLES }) };
  const supervisors = { preHandler: requireOfficer({ roles: APPROVER_ROLES }) };
  server.post('/api/console/tickets/:code/replies', workers, async (request) => {
    const { text } = parseBody(textBody, request.body);
    return tickets.reply(actorOf(officerOf(request)), codeOf(request.params), text);
  });

  server.post('/api/console/tickets/:code/notes', workers, async (request) => {
    const { text } = parseBody(textBody, request.body);
    return tickets.addNote(actorOf(officerOf(request)), codeOf(request.params), text);
  });

  server.post('/api/console/tickets/:code/status', workers, async (request) => {
    const { status, reason } = parseBody(statusBody, request.body);
    await tickets.changeStatus(actorOf(officerOf(request)), codeOf(request.params), status, reason);
    return { ok: true };
  });

  server.post('/api/console/tickets/:code/assign', workers, async (request) => {
    const { officerId } = parseBody(assignBody, request.body);
    const officer = officerOf(request);
    await tickets.assign(actorOf(officer), codeOf(request.params), officerId === 'me' ? officer.id : officerId);
    return { ok: true };
  });

  server.post('/api/console/tickets/:code/retry-delivery', workers, async (request) => {
    const { eventId } = parseBody(retryBody, request.body);
    return tickets.retryDelivery(actorOf(officerOf(request)), codeOf(request.params), eventId);
  });

  server.post('/api/console/tickets/:code/reveal', supervisors, async (request) => {
    const { reason } = parseBody(revealBody, request.body);
    const identity = await tickets.revealIdentity(actorOf(officerOf(request)), codeOf(request.params), reason);
    return { identity };
  });
}
