// The console's gate: a preHandler that finds the session behind the cookie, checks the
// CSRF header on every mutation, and puts the acting officer on the request.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { DomainError } from '../../lib/errors.js';
import { isRole, type Role } from '../../officers/roles.js';
import type { Actor } from '../../tickets/types.js';
import { findLiveSession, type StoredSession } from './session-store.js';
import { safeEqual } from '../../security/crypto.js';

export const SESSION_COOKIE = 'cutri_console';

export interface ConsoleOfficer {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  /** null: the whole province */
  localityCode: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    officer: ConsoleOfficer | null;
    consoleSession: StoredSession | null;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What the officer must do before working. A second factor that exists comes first: a password
 * alone (a reset one included) may not change the password. Then a forced password change,
 * then enrolling a second factor (the first admin's case: change the one-time password, enrol).
 */
export function pendingStep(
  officer: Pick<ConsoleOfficer, 'mustChangePassword' | 'totpEnabled'>,
  session: Pick<StoredSession, 'pendingTotp'>,
): 'password_change' | 'totp_enrol' | 'totp' | null {
  if (session.pendingTotp && officer.totpEnabled) return 'totp';
  if (officer.mustChangePassword) return 'password_change';
  if (session.pendingTotp) return 'totp_enrol';
  return null;
}

export interface GateOptions {
  roles?: readonly Role[];
  /** the login steps themselves (password change, TOTP) work before the session is complete */
  allowPending?: boolean;
}

export function createOfficerGate(db: Db, clock: Clock) {
  return function requireOfficer(options: GateOptions = {}): preHandlerAsyncHookHandler {
    return async function gate(request: FastifyRequest, _reply: FastifyReply) {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await findLiveSession(db, token, clock.now()) : null;
      if (!session) throw new DomainError('unauthenticated', 'Please sign in.', 'auth.required');
      if (MUTATING.has(request.method) && !safeEqual(request.headers['x-csrf-token'], session.csrfToken)) {
        throw new DomainError('forbidden', 'Missing or wrong CSRF token.', 'auth.csrf');
      }
      const row = await db.officer.findUnique({ where: { id: session.officerId } });
      if (!row || !row.active || !isRole(row.role))
        throw new DomainError('unauthenticated', 'Please sign in.', 'auth.required');
      const officer: ConsoleOfficer = {
        id: row.id,
        username: row.username,
        displayName: row.displayName,
        role: row.role,
        localityCode: row.localityCode,
        totpEnabled: row.totpEnabled,
        mustChangePassword: row.mustChangePassword,
      };
      request.officer = officer;
      request.consoleSession = session;
      const step = pendingStep(officer, session);
      if (step !== null && !options.allowPending)
        throw new DomainError('forbidden', `Finish signing in first (${step}).`, `auth.${step}_required`);
      if (options.roles && !options.roles.includes(officer.role))
        throw new DomainError('forbidden', 'Your role does not allow this.', 'auth.role');
    };
  };
}

export type RequireOfficer = ReturnType<typeof createOfficerGate>;

/** The officer the gate put on the request (routes behind the gate only). */
export function officerOf(request: FastifyRequest): ConsoleOfficer {
  if (!request.officer) throw new DomainError('unauthenticated', 'Please sign in.', 'auth.required');
  return request.officer;
}

export function sessionOf(request: FastifyRequest): StoredSession {
  if (!request.consoleSession) throw new DomainError('unauthenticated', 'Please sign in.', 'auth.required');
  return request.consoleSession;
}

export function actorOf(officer: ConsoleOfficer): Actor {
  return { officerId: officer.id, role: officer.role, localityCode: officer.localityCode };
}
