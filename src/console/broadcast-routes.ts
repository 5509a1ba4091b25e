// Broadcast endpoints of the console API: list, read with progress, compose, estimate, submit,
// approve by a second person, reject, pause, resume, cancel; the election calendar and the
// default reminder plan. The BroadcastService checks roles and states again; here the officer's
// locality scope is enforced: an officer of a commune writes to, and acts on, that commune only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConsoleContext } from './console-context.js';
import { CHANNELS } from '../conversation/messages.js';
import { DomainError, describeError } from '../lib/errors.js';
import { candidateComplaintsCutoff } from '../config/election.js';
import { placeCode } from '../localities/place-input.js';
import { placeInScope } from '../localities/scope.js';
import {
  BROADCAST_STATUSES,
  broadcastDraftSchema,
  createBroadcastService,
  type BroadcastView,
} from '../broadcasts/broadcast-service.js';
import { createBroadcastScheduler } from '../broadcasts/scheduler.js';
import { generateReminderPlan, readElectionCalendar, saveElectionCalendar } from '../broadcasts/reminder-plan.js';
import { actorOf, officerOf, type ConsoleOfficer, type RequireOfficer } from './auth/require-officer.js';
import { parseBody, parseQuery } from './parse.js';
import { APPROVER_ROLES, WORKER_ROLES } from '../officers/roles.js';

const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({ status: z.enum(BROADCAST_STATUSES).optional() });
const estimateQuery = z.object({
  locality: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value) => value || null),
  // an empty form field means no limit, like a missing one
  channel: z
    .union([z.enum(CHANNELS), z.literal('')])
    .optional()
    .transform((value) => value || null),
});

/** Whether an audience (null: every subscriber) lies inside the officer's area. */
async function audienceInScope(
  context: ConsoleContext,
  officer: ConsoleOfficer,
  audienceLocality: string | null,
): Promise<boolean> {
  if (officer.localityCode === null) return true;
  return audienceLocality !== null && placeInScope(context.db, audienceLocality, officer.localityCode);
}

/** The draft with an audience typed as a place name turned into its unit's code. */
async function withAudienceCode<Draft extends { audienceLocality: string | null }>(
  context: ConsoleContext,
  draft: Draft,
): Promise<Draft> {
  return draft.audienceLocality === null
    ? draft
    : { ...draft, audienceLocality: await placeCode(context.db, draft.audienceLocality) };
}

async function requireAudienceInScope(
  context: ConsoleContext,
  officer: ConsoleOfficer,
  audienceLocality: string | null,
): Promise<void> {
  if (!(await audienceInScope(context, officer, audienceLocality)))
    throw new DomainError('forbidden', 'The audience lies outside your area.', 'broadcast.out_of_scope');
}

export function registerBroadcastRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
): void {
  const { db, clock, logger, audit } = context;
  const broadcasts = createBroadcastService({ db, audit, clock });
  // Used right after an approval or a resume, so "send now" does not wait for the next minute's tick.
  const scheduler = createBroadcastScheduler({ db, clock, logger, timeZone: context.election.timeZone });
  const writers = { preHandler: requireOfficer({ roles: WORKER_ROLES }) };
  const approvers = { preHandler: requireOfficer({ roles: APPROVER_ROLES }) };

  /** A broadcast outside the officer's area is as unknown as any other. */
  async function loadInScope(officer: ConsoleOfficer, params: unknown): Promise<BroadcastView> {
    const parsed = idParams.safeParse(params);
    if (!parsed.success) throw new DomainError('not_found', 'No such broadcast.', 'broadcast.not_found');
    const view = await broadcasts.get(parsed.data.id);
    if (!(await audienceInScope(context, officer, view.audienceLocality)))
      throw new DomainError('not_found', 'No such broadcast.', 'broadcast.not_found');
    return view;
  }

  /** The views with their author's and approver's names. */
  async function withNames(views: BroadcastView[]) {
    const ids = [
      ...new Set(
        views.flatMap((view) => [view.createdById, view.approvedById].filter((id): id is string => id !== null)),
      ),
    ];
    const officers = await db.officer.findMany({
      where: { id: { in: ids } },
      select: { id: true, username: true, displayName: true },
    });
    const names = new Map(officers.map((officer) => [officer.id, officer.displayName ?? officer.username]));
    return views.map((view) => ({
      ...view,
      author: view.createdById ? (names.get(view.createdById) ?? null) : null,
      approver: view.approvedById ? (names.get(view.approvedById) ?? null) : null,
    }));
  }

  async function startDueSends(): Promise<void> {
    await scheduler
      .tick()
      .catch((error: unknown) =>
        logger.error({ err: describeError(error) }, 'broadcast scheduler tick after approval failed'),
      );
  }

  server.get('/api/console/broadcasts', writers, async (request) => {
    const officer = officerOf(request);
    const { status } = parseQuery(listQuery, request.query);
    const views = await broadcasts.list({ status, take: 100 });
    const visible = [];
    for (const view of views) if (await audienceInScope(context, officer, view.audienceLocality)) visible.push(view);
    return { broadcasts: await withNames(visible) };
  });

  server.get('/api/console/broadcasts/estimate', writers, async (request) => {
    const { locality, channel } = parseQuery(estimateQuery, request.query);
    const localityCode = locality === null ? null : await placeCode(db, locality);
    await requireAudienceInScope(context, officerOf(request), localityCode);
    return broadcasts.estimate({ localityCode, channel });
  });

  server.get('/api/console/broadcasts/calendar', writers, async (request) => {
    const calendar = await readElectionCalendar(db, context.election);
    return {
      calendar: {
        electionDay: calendar.electionDay,
        pollingHours: calendar.pollingHours,
        timeZone: calendar.timeZone,
        milestones: calendar.milestones,
        /** derived from election day (Election Law art. 61(2)), shown, not edited */
        candidateComplaintsCutoff: candidateComplaintsCutoff(calendar),
      },
      editable: officerOf(request).role === 'admin',
    };
  });

  server.put(
    '/api/console/broadcasts/calendar',
    { preHandler: requireOfficer({ roles: ['admin'] }) },
    async (request) => {
      await saveElectionCalendar(db, audit, actorOf(officerOf(request)), request.body);
      return { ok: true };
    },
  );

  // The reminders go to every subscriber, so only someone responsible for the whole province drafts them.
  server.post('/api/console/broadcasts/reminder-plan', approvers, async (request) => {
    const officer = officerOf(request);
    await requireAudienceInScope(context, officer, null);
    return generateReminderPlan({ db, audit, i18n: context.i18n, election: context.election }, actorOf(officer));
  });

  server.get('/api/console/broadcasts/:id', writers, async (request) => {
    const view = await loadInScope(officerOf(request), request.params);
    const [named] = await withNames([view]);
    return { broadcast: named, progress: await broadcasts.progress(view.id) };
  });

  server.get('/api/console/broadcasts/:id/progress', writers, async (request) => {
    const view = await loadInScope(officerOf(request), request.params);
    return broadcasts.progress(view.id);
  });

  server.post('/api/console/broadcasts', writers, async (request) => {
    const officer = officerOf(request);
    const draft = await withAudienceCode(context, parseBody(broadcastDraftSchema, request.body));
    await requireAudienceInScope(context, officer, draft.audienceLocality);
    return broadcasts.createDraft(actorOf(officer), draft);
  });

  // The whole draft is sent again: what is not given returns to its default.
  server.put('/api/console/broadcasts/:id', writers, async (request) => {
    const officer = officerOf(request);
    const view = await loadInScope(officer, request.params);
    const draft = await withAudienceCode(context, parseBody(broadcastDraftSchema, request.body));
    await requireAudienceInScope(context, officer, draft.audienceLocality);
    return broadcasts.updateDraft(actorOf(officer), view.id, draft);
  });

  server.post('/api/console/broadcasts/:id/submit', writers, async (request) => {
    const officer = officerOf(request);
    const view = await loadInScope(officer, request.params);
    return broadcasts.submitForApproval(actorOf(officer), view.id);
  });

  server.post('/api/console/broadcasts/:id/approve', approvers, async (request) => {
    const officer = officerOf(request);
    const view = await loadInScope(officer, request.params);
    const approved = await broadcasts.approve(actorOf(officer), view.id);
    await startDueSends();
    return approved;
  });

  server.post('/api/console/broadcasts/:id/resume', approvers, async (request) => {
    const officer = officerOf(request);
    const view = await loadInScope(officer, request.params);
    const resumed = await broadcasts.resume(actorOf(officer), view.id);
    await startDueSends();
    return resumed;
  });

  for (const action of ['reject', 'pause', 'cancel'] as const) {
    server.post(`/api/console/broadcasts/:id/${action}`, approvers, async (request) => {
      const officer = officerOf(request);
      const view = await loadInScope(officer, request.params);
      return broadcasts[action](actorOf(officer), view.id);
    });
  }
}
