// Sign-in, second factor, password change and sign-out for the console.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { ConsoleContext } from '../console-context.js';
import { DomainError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { passwordProblem } from '../../security/password-strength.js';
import {
  checkPassword,
  createPasswordGuard,
  FAILURES_PER_ADDRESS,
  loginError,
  SIGN_IN_WINDOW_MS,
} from './password-login.js';
import {
  completeSecondFactor,
  createSession,
  deleteOtherSessions,
  deleteSession,
  recordTotpFailure,
  SESSION_MAX_AGE_MS,
} from './session-store.js';
import { acceptedTotpStep, newTotpSecret, openTotpSecret, sealTotpSecret } from './totp.js';
import { officerOf, pendingStep, sessionOf, SESSION_COOKIE, type RequireOfficer } from './require-officer.js';
import { isRole, roleNeedsTotp } from '../../officers/roles.js';
import { parseBody } from '../parse.js';

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const codeBody = z.object({ code: z.string().trim().min(1).max(10) });
const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(10).max(200),
});

/** The cookie goes only to the console's API, not to the web chat or the webhooks. */
const COOKIE_PATH = '/api/console';

/** Login attempts per address per minute, in memory (the wrong-password limits are in password-login.ts). */
const LOGIN_ATTEMPTS_PER_MINUTE = 30;

/** Wrong second-factor codes: this many end the session, and, for the account within the window, stop its second factor for the window. */
export const TOTP_FAILURES = 5;
export const TOTP_LOCK_MS = 15 * 60 * 1000;

export async function registerAuthRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
  loginAttemptsPerMinute = LOGIN_ATTEMPTS_PER_MINUTE,
): Promise<void> {
  const { db, clock, throttle } = context;
  const guard = createPasswordGuard(throttle);
  const audit = (officerId: string | null, action: string, detail?: Record<string, unknown>) =>
    context.audit.append(db, { officerId, action, targetType: 'officer', targetId: officerId ?? undefined, detail });
  // Secure when PUBLIC_URL is https, or when a trusted proxy says the browser came over https (TRUSTED_PROXIES)
  const secureCookie = (request: FastifyRequest) => context.secureCookies || request.protocol === 'https';
  const clearCookie = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(request),
    });

  await server.register(rateLimit, { global: false });

  function officerSummary(request: FastifyRequest) {
    const officer = officerOf(request);
    return {
      officer: {
        id: officer.id,
        username: officer.username,
        displayName: officer.displayName,
        role: officer.role,
        localityCode: officer.localityCode,
        totpEnabled: officer.totpEnabled,
      },
      next: pendingStep(officer, sessionOf(request)),
      csrfToken: sessionOf(request).csrfToken,
    };
  }

  /**
   * Wrong passwords of known accounts are audited one by one. Names that do not exist are
   * counted per address and audited once per window, and once more when the address is
   * throttled: a stream of random names does not fill the audit log.
   */
  async function auditFailure(outcome: { officerId: string | null; unknownName: boolean }, ip: string): Promise<void> {
    if (!outcome.unknownName) return audit(outcome.officerId, 'login_failed', { ip });
    const unknown = await throttle.hit('signin-unknown-name', ip, SIGN_IN_WINDOW_MS);
    if (unknown === 1)
      await audit(null, 'login_failed_unknown_name', {
        ip,
        note: 'further unknown names from this address in the next 15 minutes are counted, not listed',
      });
    if (unknown === FAILURES_PER_ADDRESS) await audit(null, 'login_throttled', { ip, unknownNames: unknown });
  }

  server.post(
    '/api/console/login',
    { config: { rateLimit: { max: loginAttemptsPerMinute, timeWindow: '1 minute' } } },
    async (request, reply: FastifyReply) => {
      const { username, password } = parseBody(loginBody, request.body);
      const outcome = await checkPassword(db, guard, username, password, request.ip);
      if (!outcome.ok) {
        if (outcome.reason === 'bad_credentials') await auditFailure(outcome, request.ip);
        throw loginError(outcome.reason);
      }
      const { officer } = outcome;
      const pendingTotp = officer.totpEnabled || (isRole(officer.role) && roleNeedsTotp(officer.role));
      const { token, csrfToken } = await createSession(db, {
        officerId: officer.id,
        pendingTotp,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        now: clock.now(),
      });
      await audit(officer.id, 'login', { ip: request.ip });
      void reply.setCookie(SESSION_COOKIE, token, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookie(request),
        maxAge: SESSION_MAX_AGE_MS / 1000,
      });
      return { csrfToken, next: pendingStep(officer, { pendingTotp }) };
    },
  );

  server.get('/api/console/me', { preHandler: requireOfficer({ allowPending: true }) }, async (request) =>
    officerSummary(request),
  );

  server.post('/api/console/logout', { preHandler: requireOfficer({ allowPending: true }) }, async (request, reply) => {
    await deleteSession(db, sessionOf(request).id);
    await audit(officerOf(request).id, 'logout');
    void clearCookie(request, reply);
    return { ok: true };
  });

  // Only a complete session changes the password. The one exception is the forced change of a
  // one-time password (the first admin's, or one an admin reset) before any second factor exists.
  server.post('/api/console/password', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => {
    const { currentPassword, newPassword } = parseBody(passwordChangeBody, request.body);
    const officer = officerOf(request);
    if (sessionOf(request).pendingTotp && pendingStep(officer, sessionOf(request)) !== 'password_change') {
      throw new DomainError('forbidden', 'Enter your second-factor code first.', 'auth.totp_required');
    }
    // the current password is a sign-in of its own: throttled and counted like one
    if (await guard.isThrottled(officer.username, request.ip)) throw loginError('throttled');
    const row = await db.officer.findUniqueOrThrow({ where: { id: officer.id } });
    if (!(await verifyPassword(row.passwordHash, currentPassword))) {
      await guard.recordFailure(officer.username, request.ip);
      await audit(officer.id, 'password_change_failed', { ip: request.ip });
      throw new DomainError('forbidden', 'The current password is wrong.', 'auth.bad_current_password');
    }
    if (newPassword === currentPassword)
      throw new DomainError('invalid', 'Choose a new password.', 'auth.password_unchanged');
    if (passwordProblem(newPassword, [officer.username, officer.displayName ?? '']) !== null) {
      throw new DomainError(
        'invalid',
        'This password is too easy to guess (a common password, a name, a repeat or a sequence). Choose a longer phrase of several words.',
        'auth.password_weak',
      );
    }
    await db.officer.update({
      where: { id: officer.id },
      data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
    });
    await deleteOtherSessions(db, officer.id, sessionOf(request).id);
    await audit(officer.id, 'password_changed');
    request.officer = { ...officer, mustChangePassword: false };
    return officerSummary(request);
  });

  // Enrolment: the new secret waits beside the current one and replaces it only once a code
  // from it is verified; until then the second factor in use stays on.
  server.post('/api/console/totp/enrol', { preHandler: requireOfficer({ allowPending: true }) }, async (request) => {
    const officer = officerOf(request);
    const step = pendingStep(officer, sessionOf(request));
    if (step === 'totp') throw new DomainError('forbidden', 'Enter your current code first.', 'auth.totp_required');
    if (step === 'password_change')
      throw new DomainError('forbidden', 'Change your password first.', 'auth.password_change_required');
    const secret = newTotpSecret(officer.username);
    await db.officer.update({
      where: { id: officer.id },
      data: { totpPendingSecretEnc: sealTotpSecret(context.encryptionKey, secret.base32, officer.id) },
    });
    return { secret: secret.base32, uri: secret.uri };
  });

  /** A wrong code: counted in the session and for the account; too many end the session and stop the account's second factor for a while. */
  async function wrongCode(
    request: FastifyRequest,
    reply: FastifyReply,
    officerId: string,
    why: 'totp_failed' | 'totp_reused',
  ): Promise<never> {
    await audit(officerId, why, { ip: request.ip });
    const inSession = await recordTotpFailure(db, sessionOf(request).id);
    const forAccount = await throttle.hit('totp-account', officerId, TOTP_LOCK_MS);
    const locks = forAccount >= TOTP_FAILURES;
    if (locks) {
      await throttle.lock('totp-account', officerId, TOTP_LOCK_MS);
      await audit(officerId, 'totp_locked', { ip: request.ip, minutes: TOTP_LOCK_MS / 60_000 });
    }
    if (locks || inSession >= TOTP_FAILURES) {
      await deleteSession(db, sessionOf(request).id);
      await audit(officerId, 'session_ended_totp', { ip: request.ip });
      void clearCookie(request, reply);
      throw new DomainError(
        'unauthenticated',
        'Too many wrong codes: this sign-in has ended. Sign in again in 15 minutes.',
        'auth.totp_session_ended',
      );
    }
    throw why === 'totp_reused'
      ? new DomainError('unauthenticated', 'This code was used already. Wait for the next code.', 'auth.totp_reused')
      : new DomainError('unauthenticated', 'Wrong code.', 'auth.bad_totp');
  }

  server.post(
    '/api/console/totp/verify',
    { preHandler: requireOfficer({ allowPending: true }) },
    async (request, reply) => {
      const { code } = parseBody(codeBody, request.body);
      const officer = officerOf(request);
      const row = await db.officer.findUniqueOrThrow({ where: { id: officer.id } });
      // signing in checks the secret in use; otherwise a code confirms the secret being enrolled
      const signingIn = sessionOf(request).pendingTotp && row.totpEnabled;
      const secretEnc = signingIn ? row.totpSecretEnc : row.totpPendingSecretEnc;
      if (!secretEnc) throw new DomainError('invalid', 'Set up the authenticator app first.', 'auth.totp_not_enrolled');
      if (await throttle.lockedUntil('totp-account', officer.id)) {
        throw new DomainError(
          'rate_limited',
          'Too many wrong codes for this account. Please wait 15 minutes and try again.',
          'auth.totp_locked',
        );
      }
      const step = acceptedTotpStep(
        officer.username,
        openTotpSecret(context.encryptionKey, secretEnc, officer.id),
        code,
        clock.now(),
      );
      if (step === null) return wrongCode(request, reply, officer.id, 'totp_failed');
      // a code is accepted once: in this session or any other
      const enrolment = signingIn ? {} : { totpSecretEnc: secretEnc, totpPendingSecretEnc: null, totpEnabled: true };
      const { count } = await db.officer.updateMany({
        where: { id: officer.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
        data: { totpLastStep: step, ...enrolment },
      });
      if (count === 0) return wrongCode(request, reply, officer.id, 'totp_reused');
      if (!signingIn) await audit(officer.id, row.totpEnabled ? 'totp_replaced' : 'totp_enabled');
      await completeSecondFactor(db, sessionOf(request).id);
      request.officer = { ...officer, totpEnabled: true };
      request.consoleSession = { ...sessionOf(request), pendingTotp: false };
      return officerSummary(request);
    },
  );
}
