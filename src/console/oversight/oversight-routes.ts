// Oversight endpoints: the audit log (admins), CSV export of the queue, the dashboard's
// statistics, and officer management (admins).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { appendAudit, findAuditChainBreak } from '../../audit/audit-log.js';
import { DomainError } from '../../lib/errors.js';
import { chainInScope, localityChain } from '../../localities/scope.js';
import { hashPassword } from '../../security/passwords.js';
import { createOfficer, ROLES } from '../officers.js';
import { officerOf, type ConsoleOfficer, type RequireOfficer } from '../auth/require-officer.js';
import { deleteOtherSessions } from '../auth/session-store.js';
import { parseBody, parseParams, parseQuery } from '../parse.js';
import { officerScopeWhere, queueFilterSchema, queueWhere, selectionWhere } from '../queue/queue-filters.js';
import { exportQueueCsv } from './queue-export.js';
import { TICKET_READERS } from '../ticket-routes.js';
import { dashboardStats } from './dashboard-stats.js';

const auditQuery = z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const exportQuery = queueFilterSchema.extend({ identity: z.enum(['1', 'true']).optional() });
const idParams = z.object({ id: z.uuid() });
const newOfficerBody = z.object({
  username: z.string(),
  password: z.string(),
  role: z.enum(ROLES),
  localityCode: z.string().nullable().default(null),
  displayName: z.string().nullable().default(null),
});

const IDENTITY_ROLES = ['admin', 'supervisor'] as const;

export function registerOversightRoutes(server: FastifyInstance, context: AppContext, requireOfficer: RequireOfficer): void {
  const { db, clock } = context;
  const provider = context.database.target.provider;
  const audit = (officer: ConsoleOfficer, action: string, targetType: string, targetId: string | undefined, detail?: Record<string, unknown>) =>
    appendAudit(db, { officerId: officer.id, action, targetType, targetId, detail }, provider);

  server.get('/api/console/audit', { preHandler: requireOfficer({ roles: ['admin'] }) }, async (request) => {
    const { before, limit } = parseQuery(auditQuery, request.query);
    const rows = await db.auditLog.findMany({ where: before ? { id: { lt: before } } : {}, orderBy: { id: 'desc' }, take: limit });
    const officerIds = [...new Set(rows.flatMap((row) => (row.officerId ? [row.officerId] : [])))];
    const officers = new Map((await db.officer.findMany({ where: { id: { in: officerIds } }, select: { id: true, username: true } })).map((o) => [o.id, o.username]));
    return {
      entries: rows.map((row) => ({ id: row.id, at: row.at.toISOString(), officer: row.officerId ? (officers.get(row.officerId) ?? row.officerId) : null, action: row.action, targetType: row.targetType, targetId: row.targetId, detail: row.detail })),
      chainBreakAt: await findAuditChainBreak(db),
    };
  });

  server.get('/api/console/export.csv', { preHandler: requireOfficer({ roles: TICKET_READERS }) }, async (request, reply) => {
    const officer = officerOf(request);
    const { identity, ...filters } = parseQuery(exportQuery, request.query);
    const withIdentity = identity !== undefined && IDENTITY_ROLES.some((role) => role === officer.role);
    if (identity !== undefined && !withIdentity) throw new DomainError('forbidden', 'Your role may not export identities.', 'console.identity_forbidden');
    const now = clock.now();
    const where = selectionWhere(await queueWhere(db, officer, filters, now, provider));
    await audit(officer, withIdentity ? 'export_with_identity' : 'export', 'queue', undefined, { filters });
    const stamp = now.toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cutri-tickets-${stamp}.csv"`)
      .send(Readable.from(exportQueueCsv(db, where, { withIdentity, encryptionKey: context.encryptionKey, now })));
  });

  server.get('/api/console/stats', { preHandler: requireOfficer() }, async (request) => {
    const officer = officerOf(request);
    const locality = officer.localityCode ? await db.locality.findUnique({ where: { code: officer.localityCode }, select: { level: true } }) : null;
    return dashboardStats(db, await officerScopeWhere(db, officer), { code: officer.localityCode, level: locality?.level ?? null }, clock.now(), context.election.timeZone);
  });

  // Officers someone in this scope may assign a ticket to: active, not viewers, inside the scope.
  server.get('/api/console/officers/assignable', { preHandler: requireOfficer({ roles: TICKET_READERS }) }, async (request) => {
    const officer = officerOf(request);
    const candidates = await db.officer.findMany({ where: { active: true, role: { not: 'viewer' } }, select: { id: true, username: true, displayName: true, localityCode: true }, orderBy: { username: 'asc' } });
    const inScope = [];
    for (const candidate of candidates) {
      const chain = candidate.localityCode ? await localityChain(db, candidate.localityCode) : null;
      if (officer.localityCode === null || (chain && chainInScope(chain, officer.localityCode))) inScope.push({ id: candidate.id, name: candidate.displayName ?? candidate.username });
    }
    return { officers: inScope };
  });

  const adminOnly = { preHandler: requireOfficer({ roles: ['admin'] }) };

  server.get('/api/console/officers', adminOnly, async () => ({
    officers: await db.officer.findMany({
      orderBy: { username: 'asc' },
      select: { id: true, username: true, displayName: true, role: true, localityCode: true, active: true, totpEnabled: true, lockedUntil: true, createdAt: true },
    }),
  }));

  server.post('/api/console/officers', adminOnly, async (request) => {
    const input = parseBody(newOfficerBody, request.body);
    const created = await createOfficer(db, { ...input, mustChangePassword: true });
    await audit(officerOf(request), 'officer_created', 'officer', created.id, { username: created.username, role: input.role, localityCode: input.localityCode });
    return created;
  });

  server.post('/api/console/officers/:id/deactivate', adminOnly, async (request) => {
    const { id } = parseParams(idParams, request.params);
    const admin = officerOf(request);
    if (id === admin.id) throw new DomainError('invalid', 'You cannot deactivate your own account.', 'officer.self_deactivate');
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
    const { count } = await db.officer.updateMany({ where: { id }, data: { passwordHash: await hashPassword(password), mustChangePassword: true, failedLogins: 0, lockedUntil: null } });
    if (count === 0) throw new DomainError('not_found', 'No such officer.', 'officer.not_found');
    await deleteOtherSessions(db, id, null);
    await audit(officerOf(request), 'officer_password_reset', 'officer', id);
    return { password };
  });
}
