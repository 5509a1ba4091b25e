// Checking a username and password. Guessing is slowed per address and per (name, address)
// pair, in the database so that it holds across instances; the account itself is never locked,
// so nobody can lock an officer out by typing their name (the first admin's is often known).
// Unknown user, wrong password and a throttled attempt give no hint of which names exist: the
// first two get the same answer, and the throttle counts names that do not exist too.
import type { Db } from '../../db/database.js';
import { DomainError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import type { Throttle } from '../../security/throttle.js';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords for one name from one address within the window before that pair waits. */
export const FAILURES_PER_NAME_AND_ADDRESS = 5;
/** Wrong passwords from one address, whatever the names, within the window before it waits. */
export const FAILURES_PER_ADDRESS = 20;

/** Verified against when the username is unknown, so both cases cost one argon2 check. */
let dummyHash: Promise<string> | null = null;

export interface AuthenticatedOfficer {
  id: string;
  username: string;
  role: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

export type LoginOutcome =
  | { ok: true; officer: AuthenticatedOfficer }
  | { ok: false; reason: 'bad_credentials'; officerId: string | null; unknownName: boolean }
  | { ok: false; reason: 'throttled' };

export interface PasswordGuard {
  /** True when this name (or anything) from this address must wait. */
  isThrottled(username: string, address: string): Promise<boolean>;
  /** Counts a wrong password; resolves to the failures of the address in this window. */
  recordFailure(username: string, address: string): Promise<number>;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function createPasswordGuard(throttle: Throttle): PasswordGuard {
  const pair = (username: string, address: string) => `${normalizeUsername(username)}\n${address}`;
  return {
    async isThrottled(username, address) {
      const [byAddress, byPair] = await Promise.all([
        throttle.count('signin-address', address, SIGN_IN_WINDOW_MS),
        throttle.count('signin-pair', pair(username, address), SIGN_IN_WINDOW_MS),
      ]);
      return byAddress >= FAILURES_PER_ADDRESS || byPair >= FAILURES_PER_NAME_AND_ADDRESS;
    },
    async recordFailure(username, address) {
      const [byAddress] = await Promise.all([
        throttle.hit('signin-address', address, SIGN_IN_WINDOW_MS),
        throttle.hit('signin-pair', pair(username, address), SIGN_IN_WINDOW_MS),
      ]);
      return byAddress;
    },
  };
}

export async function checkPassword(
  db: Db,
  guard: PasswordGuard,
  username: string,
  password: string,
  address: string,
): Promise<LoginOutcome> {
  if (await guard.isThrottled(username, address)) return { ok: false, reason: 'throttled' };
  const officer = await db.officer.findUnique({ where: { username: normalizeUsername(username) } });
  if (!officer || !officer.active) {
    dummyHash ??= hashPassword('not a real password, only for timing');
    await verifyPassword(await dummyHash, password);
    await guard.recordFailure(username, address);
    return { ok: false, reason: 'bad_credentials', officerId: officer?.id ?? null, unknownName: !officer };
  }
  if (!(await verifyPassword(officer.passwordHash, password))) {
    await guard.recordFailure(username, address);
    return { ok: false, reason: 'bad_credentials', officerId: officer.id, unknownName: false };
  }
  return {
    ok: true,
    officer: {
      id: officer.id,
      username: officer.username,
      role: officer.role,
      totpEnabled: officer.totpEnabled,
      mustChangePassword: officer.mustChangePassword,
    },
  };
}

export function loginError(reason: 'bad_credentials' | 'throttled'): DomainError {
  return reason === 'throttled'
    ? new DomainError(
        'rate_limited',
        'Too many attempts from here. Please wait 15 minutes and try again.',
        'auth.throttled',
      )
    : new DomainError('unauthenticated', 'Wrong username or password.', 'auth.bad_credentials');
}
