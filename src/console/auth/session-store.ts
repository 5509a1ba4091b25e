// Console sessions in the database. The cookie carries a random token; only its SHA-256 is
// stored, so a copy of the database does not hand out live sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';

/** A session ends 12 hours after login at the latest… */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** …or after 60 idle minutes (lastSeenAt slides with every request). */
export const SESSION_IDLE_MS = 60 * 60 * 1000;
/** lastSeenAt is written at most once a minute, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface StoredSession {
  id: string;
  officerId: string;
  csrfToken: string;
  pendingTotp: boolean;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  input: { officerId: string; pendingTotp: boolean; ip: string | null; userAgent: string | null; now: Date },
): Promise<{ token: string; csrfToken: string }> {
  // Expired sessions nobody comes back to are swept here, at the next sign-in of anyone.
  await db.consoleSession.deleteMany({ where: { expiresAt: { lt: input.now } } });
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.consoleSession.create({
    data: {
      id: hashSessionToken(token),
      officerId: input.officerId,
      csrfToken,
      pendingTotp: input.pendingTotp,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: new Date(input.now.getTime() + SESSION_MAX_AGE_MS),
    },
  });
  return { token, csrfToken };
}

/** The live session for a cookie token, sliding its idle timer; null when unknown or expired. */
export async function findLiveSession(db: Db, token: string, now: Date): Promise<StoredSession | null> {
  const session = await db.consoleSession.findUnique({ where: { id: hashSessionToken(token) } });
  if (!session) return null;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await db.consoleSession.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.consoleSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    id: session.id,
    officerId: session.officerId,
    csrfToken: session.csrfToken,
    pendingTotp: session.pendingTotp,
  };
}

/** Counts a wrong second-factor code in this session; resolves to the session's count. */
export async function recordTotpFailure(db: Db, sessionId: string): Promise<number> {
  const session = await db.consoleSession.update({
    where: { id: sessionId },
    data: { totpFailures: { increment: 1 } },
    select: { totpFailures: true },
  });
  return session.totpFailures;
}

export async function completeSecondFactor(db: Db, sessionId: string): Promise<void> {
  await db.consoleSession.update({ where: { id: sessionId }, data: { pendingTotp: false } });
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.consoleSession.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of an officer but `keepSessionId` (after a password change or deactivation). */
export async function deleteOtherSessions(db: Db, officerId: string, keepSessionId: string | null): Promise<void> {
  await db.consoleSession.deleteMany({
    where: { officerId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
  });
}
