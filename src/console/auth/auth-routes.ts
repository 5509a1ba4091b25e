// Sign-in, second factor, password change and sign-out for the console.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { ConsoleContext } from '../console-context.js';
import { appendAudit } from '../../audit/audit-log.js';
import { DomainError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { checkPassword, loginError } from './password-login.js';
import { completeSecondFactor, createSession, deleteOtherSessions, deleteSession, SESSION_MAX_AGE_MS } from './session-store.js';
import { newTotpSecret, openTotpSecret, sealTotpSecret, totpCodeIsValid } from './totp.js';
import { officerOf, pendingStep, sessionOf, SESSION_COOKIE, type RequireOfficer } from './require-officer.js';
import { isRole, roleNeedsTotp } from '../../officers/roles.js';
import { parseBody } from '../parse.js';

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const codeBody = z.object({ code: z.string().trim().min(1).max(10) });
const passwordChangeBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(10).max(200) });

/** The cookie goes only to the console's API, not to the web chat or the webhooks. */
const COOKIE_PATH = '/api/console';

/** Login attempts per address per minute (the per-account lockout is in password-login.ts). */
const LOGIN_ATTEMPTS_PER_MINUTE = 30;

export async function registerAuthRoutes(server: FastifyInstance, context: ConsoleContext, requireOfficer: RequireOfficer, loginAttemptsPerMinute = LOGIN_ATTEMPTS_PER_MINUTE): Promise<void> {
  const { db, clock, provider } = context;
  const secureCookie = context.secureCookies;
  const audit = (officerId: string | null, action: string, detail?: Record<string, unknown>) => appendAudit(db, { officerId, action, targetType: 'officer', targetId: officerId ?? undefined, detail }, provider);

  await server.register(rateLimit, { global: false });

  function officerSummary(request: FastifyRequest) {
    const officer = officerOf(request);
    return {
      officer: { id: officer.id, username: officer.username, displayName: officer.displayName, role: officer.role, localityCode: officer.localityCode, totpEnabled: officer.totpEnabled },
      next: pendingStep(officer, sessionOf(request)),
      csrfToken: sessionOf(request).csrfToken,
    };
  }

  server.post('/api/console/login', { config: { rateLimit: { max: loginAttemptsPerMinute, timeWindow: '1 minute' } } }, async (request, reply: FastifyReply) => {
    const { username, password } = parseBody(loginBody, request.body);
    const now = clock.now();
    const outcome = await checkPassword(db, username, password, now);
    if (!outcome.ok) {
      await audit(outcome.officerId, 'login_failed', { reason: outcome.reason, ip: request.ip });
      throw loginError(outcome.reason);
    }
    const { officer } = outcome;
    const pendingTotp = officer.totpEnabled || (isRole(officer.role) && roleNeedsTotp(officer.role));
    const { token, csrfToken } = await createSession(db, { officerId: officer.id, pendingTotp, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, now });
    await audit(officer.id, 'login', { ip: request.ip });
    void reply.setCookie(SESSION_COOKIE, token, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: secureCookie, maxAge: SESSION_MAX_AGE_MS / 1000 });
    return { csrfToken, next: pendingStep(officer, { pendingTotp }) };
  });

  server.get('/api/console/me', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => officerSummary(request));

  server.post('/api/console/logout', { preHandler: requireOfficer({ allowPending: true }) }, async (request, reply) => {
    await deleteSession(db, sessionOf(request).id);
    await audit(officerOf(request).id, 'logout');
    void reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
    return { ok: true };
  });

  server.post('/api/console/password', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => {
    const { currentPassword, newPassword } = parseBody(passwordChangeBody, request.body);
    const officer = officerOf(request);
    const row = await db.officer.findUniqueOrThrow({ where: { id: officer.id } });
    if (!(await verifyPassword(row.passwordHash, currentPassword))) throw new DomainError('forbidden', 'The current password is wrong.', 'auth.bad_current_password');
    if (newPassword === currentPassword) throw new DomainError('invalid', 'Choose a new password.', 'auth.password_unchanged');
    await db.officer.update({ where: { id: officer.id }, data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false } });
    await deleteOtherSessions(db, officer.id, sessionOf(request).id);
    await audit(officer.id, 'password_changed');
    request.officer = { ...officer, mustChangePassword: false };
    return officerSummary(request);
  });

  // Enrolment: a new secret replaces any unconfirmed one; it takes effect once a code from it is verified.
  server.post('/api/console/totp/enrol', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => {
    const officer = officerOf(request);
    if (officer.mustChangePassword) throw new DomainError('forbidden', 'Change your password first.', 'auth.password_change_required');
    if (officer.totpEnabled && sessionOf(request).pendingTotp) throw new DomainError('forbidden', 'Enter your current code first.', 'auth.totp_required');
    const secret = newTotpSecret(officer.username);
    await db.officer.update({ where: { id: officer.id }, data: { totpSecretEnc: sealTotpSecret(context.encryptionKey, secret.base32, officer.id), totpEnabled: false } });
    return { secret: secret.base32, uri: secret.uri };
  });

  server.post('/api/console/totp/verify', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => {
    const { code } = parseBody(codeBody, request.body);
    const officer = officerOf(request);
    const row = await db.officer.findUniqueOrThrow({ where: { id: officer.id } });
    if (!row.totpSecretEnc) throw new DomainError('invalid', 'Set up the authenticator app first.', 'auth.totp_not_enrolled');
    if (!totpCodeIsValid(officer.username, openTotpSecret(context.encryptionKey, row.totpSecretEnc, officer.id), code, clock.now())) {
      await audit(officer.id, 'totp_failed');
      throw new DomainError('unauthenticated', 'Wrong code.', 'auth.bad_totp');
    }
    if (!row.totpEnabled) {
      await db.officer.update({ where: { id: officer.id }, data: { totpEnabled: true } });
      await audit(officer.id, 'totp_enabled');
    }
    await completeSecondFactor(db, sessionOf(request).id);
    request.officer = { ...officer, totpEnabled: true };
    request.consoleSession = { ...sessionOf(request), pendingTotp: false };
    return officerSummary(request);
  });
}
