// Checking a username and password, with a per-account lockout. Unknown user and wrong
// password give the same answer and take about the same time.
import type { Db } from '../../db/database.js';
import { DomainError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Verified against when the username is unknown, so both cases cost one argon2 check. */
let dummyHash: Promise<string> | null = null;

export interface AuthenticatedOfficer {
  id: string;
  username: string;
  role: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

export type LoginOutcome = { ok: true; officer: AuthenticatedOfficer } | { ok: false; officerId: string | null; reason: 'bad_credentials' | 'locked' };

export async function checkPassword(db: Db, username: string, password: string, now: Date): Promise<LoginOutcome> {
  const officer = await db.officer.findUnique({ where: { username: username.trim().toLowerCase() } });
  if (!officer || !officer.active) {
    dummyHash ??= hashPassword('not a real password, only for timing');
    await verifyPassword(await dummyHash, password);
    return { ok: false, officerId: officer?.id ?? null, reason: 'bad_credentials' };
  }
  if (officer.lockedUntil && officer.lockedUntil > now) return { ok: false, officerId: officer.id, reason: 'locked' };
  if (!(await verifyPassword(officer.passwordHash, password))) {
    const failures = officer.failedLogins + 1;
    const locks = failures >= MAX_FAILED_LOGINS;
    await db.officer.update({
      where: { id: officer.id },
      data: locks ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) } : { failedLogins: failures },
    });
    return { ok: false, officerId: officer.id, reason: locks ? 'locked' : 'bad_credentials' };
  }
  if (officer.failedLogins > 0 || officer.lockedUntil) await db.officer.update({ where: { id: officer.id }, data: { failedLogins: 0, lockedUntil: null } });
  return { ok: true, officer: { id: officer.id, username: officer.username, role: officer.role, totpEnabled: officer.totpEnabled, mustChangePassword: officer.mustChangePassword } };
}

export function loginError(reason: 'bad_credentials' | 'locked'): DomainError {
  return reason === 'locked'
    ? new DomainError('rate_limited', 'Too many wrong passwords: this account is locked for 15 minutes.', 'auth.locked')
    : new DomainError('unauthenticated', 'Wrong username or password.', 'auth.bad_credentials');
}
