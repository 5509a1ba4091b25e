// Oversight endpoints: the audit log (admins), CSV export of the queue, the dashboard's
// statistics, and officer management (admins).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConsoleContext } from '../console-context.js';
import { auditAnchorSchema } from '../../audit/audit-anchor.js';
import { DomainError } from '../../lib/errors.js';
import { localityChain, localityScope, scopeContains } from '../../localities/scope.js';
import { hashPassword } from '../../security/passwords.js';
import { createOfficer } from '../officers.js';
import { isApprover, ROLES } from '../../officers/roles.js';
import { officerOf, type ConsoleOfficer, type RequireOfficer } from '../auth/require-officer.js';
import { deleteOtherSessions } from '../auth/session-store.js';
import { parseBody, parseParams, parseQuery } from '../parse.js';
import { officerScopeWhere, queueFilterSchema, queueWhere, selectionWhere } from '../queue/queue-filters.js';
import { exportQueueCsv } from './queue-export.js';
import { TICKET_READERS } from '../ticket-routes.js';
import { dashboardStats } from './dashboard-stats.js';

const auditQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportQuery = queueFilterSchema.extend({
  identity: z.enum(['1', 'true']).optional(),
  reason: z.string().trim().max(500).optional(),
});
const verifyBody = z.object({ anchor: auditAnchorSchema.optional() });
/** As for revealing one identity: a few words at least. */
const MIN_REASON_LENGTH = 5;
const idParams = z.object({ id: z.uuid() });
const newOfficerBody = z.object({
  username: z.string(),
  password: z.string(),
  role: z.enum(ROLES),
  localityCode: z.string().nullable().default(null),
  displayName: z.string().nullable().default(null),
});

export function registerOversightRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
): void {
  const { db, clock, provider, auditAnchors } = context;
  const audit = (
    officer: ConsoleOfficer,
    action: string,
    targetType: string,
    targetId: string | undefined,
    detail?: Record<string, unknown>,
  ) => context.audit.append(db, { officerId: officer.id, action, targetType, targetId, detail });
  const adminOnly = { preHandler: requireOfficer({ roles: ['admin'] }) };

  // Each page verifies only the entries added since the last verification (see audit-anchor.ts).
  server.get('/api/console/audit', adminOnly, async (request) => {
    const { before, limit } = parseQuery(auditQuery, request.query);
    const rows = await db.auditLog.findMany({
      where: before ? { id: { lt: before } } : {},
      orderBy: { id: 'desc' },
      take: limit,
    });
    const verification = await auditAnchors.verify();
    const officerIds = [...new Set(rows.flatMap((row) => (row.officerId ? [row.officerId] : [])))];
    const officers = new Map(
      (await db.officer.findMany({ where: { id: { in: officerIds } }, select: { id: true, username: true } })).map(
        (o) => [o.id, o.username],
      ),
    );
    return {
      entries: rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        officer: row.officerId ? (officers.get(row.officerId) ?? row.officerId) : null,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        detail: row.detail,
      })),
      chainBreakAt: verification.brokenAt,
      verification,
    };
  });

  // The whole chain again, and against an anchor the committee kept (the exported file).
  server.post('/api/console/audit/verify', adminOnly, async (request) => {
    const { anchor } = parseBody(verifyBody, request.body);
    return auditAnchors.verify({ full: true, ...(anchor ? { anchor } : {}) });
  });

  // The head of the chain as a file for the committee to keep outside this system.
  server.get('/api/console/audit/anchor', adminOnly, async (request, reply) => {
    const anchor = await auditAnchors.anchor();
    if (!anchor)
      throw new DomainError(
        'conflict',
        'There is no anchor to export: the audit log is empty, or it no longer matches its last anchor (see the verification).',
        'audit.no_anchor',
      );
    await audit(officerOf(request), 'audit.anchor_export', 'audit', String(anchor.headId));
    return reply
      .header('content-disposition', `attachment; filename="cutri-audit-anchor-${anchor.headId}.json"`)
      .send(anchor);
  });

  server.get(
    '/api/console/export.csv',
    { preHandler: requireOfficer({ roles: TICKET_READERS }) },
    async (request, reply) => {
      const officer = officerOf(request);
      const { identity, reason, ...filters } = parseQuery(exportQuery, request.query);
      const withIdentity = identity !== undefined && isApprover(officer.role);
      if (identity !== undefined && !withIdentity)
        throw new DomainError('forbidden', 'Your role may not export identities.', 'console.identity_forbidden');
      if (withIdentity && (reason ?? '').length < MIN_REASON_LENGTH)
        throw new DomainError(
          'invalid',
          'Say why the identities are needed (reason, at least 5 characters).',
          'console.reason_required',
        );
      const now = clock.now();
      const where = selectionWhere(await queueWhere(db, officer, filters, now, provider));
      await audit(officer, withIdentity ? 'export_with_identity' : 'export', 'queue', undefined, {
        filters,
        ...(withIdentity ? { reason } : {}),
      });
      // each ticket whose identity leaves in the file is recorded, as a reveal would be, before its row is written
      const onIdentities = async (tickets: { id: string; code: string }[]) => {
        await db.$transaction(async (tx) => {
          await tx.ticketEvent.createMany({
            data: tickets.map((ticket) => ({
              ticketId: ticket.id,
              type: 'identity_reveal',
              authorType: 'officer',
              officerId: officer.id,
              reason: `export: ${reason ?? ''}`,
              createdAt: now,
            })),
          });
          await context.audit.append(
            tx,
            tickets.map((ticket) => ({
              officerId: officer.id,
              action: 'ticket.identity_export',
              targetType: 'ticket',
              targetId: ticket.code,
              detail: { reason },
            })),
          );
        });
      };
      const stamp = now.toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cutri-tickets-${stamp}.csv"`)
        .send(
          Readable.from(
            exportQueueCsv(db, where, { withIdentity, encryptionKey: context.encryptionKey, now, onIdentities }),
          ),
        );
    },
  );

  server.get('/api/console/stats', { preHandler: requireOfficer() }, async (request) => {
    const officer = officerOf(request);
    const locality = officer.localityCode
      ? await db.locality.findUnique({ where: { code: officer.localityCode }, select: { level: true } })
      : null;
    return dashboardStats(
      db,
      await officerScopeWhere(db, officer),
      { code: officer.localityCode, level: locality?.level ?? null },
      clock.now(),
      context.election.timeZone,
    );
  });

  // Officers someone in this scope may assign a ticket to: active, not viewers, inside the scope.
  server.get(
    '/api/console/officers/assignable',
    { preHandler: requireOfficer({ roles: TICKET_READERS }) },
    async (request) => {
      const officer = officerOf(request);
      const candidates = await db.officer.findMany({
        where: { active: true, role: { not: 'viewer' } },
        select: { id: true, username: true, displayName: true, localityCode: true },
        orderBy: { username: 'asc' },
      });
      const scope = await localityScope(db, officer.localityCode);
      const inScope = [];
      for (const candidate of candidates) {
        const chain = candidate.localityCode ? await localityChain(db, candidate.localityCode) : null;
        if (scope === null || (chain && scopeContains(scope, chain)))
          inScope.push({ id: candidate.id, name: candidate.displayName ?? candidate.username });
      }
      return { officers: inScope };
    },
  );

  server.get('/api/console/officers', adminOnly, async () => ({
    officers: await db.officer.findMany({
      orderBy: { username: 'asc' },
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        localityCode: true,
        active: true,
        totpEnabled: true,
        createdAt: true,
      },
    }),
  }));

  server.post('/api/console/officers', adminOnly, async (request) => {
    const input = parseBody(newOfficerBody, request.body);
    const created = await createOfficer(db, { ...input, mustChangePassword: true });
    await audit(officerOf(request), 'officer_created', 'officer', created.id, {
      username: created.username,
      role: input.role,
      localityCode: input.localityCode,
    });
    return created;
  });

  server.post('/api/console/officers/:id/deactivate', adminOnly, async (request) => {
    const { id } = parseParams(idParams, request.params);
    const admin = officerOf(request);
    if (id === admin.id)
      throw new DomainError('invalid', 'You cannot deactivate your own account.', 'officer.self_deactivate');
    const { count } = await db.officer.updateMany({ where: { id }, data: { active: false } });
    if (count === 0) throw new DomainError('not_found', 'No such officer.', 'officer.not_found');
    await deleteOtherSessions(db, id, null);
    await audit(admin, 'officer_deactivated', 'officer', id);
    return { ok: true };
  });

  // A one-time password shown to the admin once; the officer must change it at the next login.
  server.post('/api/console/officers/:id/reset-password', adminOnly, async (request) => {
    const { id } = parseParams(idParams, request.params);
    const password = randomBytes(12).toString('base64url');
    const { count } = await db.officer.updateMany({
      where: { id },
      data: { passwordHash: await hashPassword(password), mustChangePassword: true },
    });
    if (count === 0) throw new DomainError('not_found', 'No such officer.', 'officer.not_found');
    await deleteOtherSessions(db, id, null);
    await audit(officerOf(request), 'officer_password_reset', 'officer', id);
    return { password };
  });
}
