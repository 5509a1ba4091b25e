// Abuse limits that must hold across instances (wrong passwords, wrong second-factor codes,
// wrong PINs, tickets filed from one address): counters per fixed window and locks, kept in
// the database's Throttle table and read with the injected Clock. The subject of a limit (an
// address, a user name, a ticket code) is stored only as a keyed hash, so the table says
// nothing about who tried what.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';

export interface Throttle {
  /** Counts one event of `subject` in the current window; resolves to the events counted in that window. */
  hit(bucket: string, subject: string, windowMs: number): Promise<number>;
  /** The events counted in the current window, without counting one. */
  count(bucket: string, subject: string, windowMs: number): Promise<number>;
  /** Locks `subject` for `durationMs` from now (a later lock never shortens an earlier one). */
  lock(bucket: string, subject: string, durationMs: number): Promise<Date>;
  /** The end of the subject's lock, or null when it is not locked. */
  lockedUntil(bucket: string, subject: string): Promise<Date | null>;
}

/** Expired rows are swept at most this often, by whichever instance counts something. */
const SWEEP_EVERY_MS = 10 * 60_000;
const uniqueViolation = z.object({ code: z.literal('P2002') });

export function createThrottle(deps: { db: Db; clock: Clock; subjectKey: Buffer }): Throttle {
  const { db, clock } = deps;
  let lastSweep = 0;
  const hashed = (subject: string) =>
    createHmac('sha256', deps.subjectKey).update(subject).digest('base64url').slice(0, 32);
  const windowKey = (bucket: string, subject: string, windowMs: number, now: Date) =>
    `${bucket}:${Math.floor(now.getTime() / windowMs)}:${hashed(subject)}`;
  const lockKey = (bucket: string, subject: string) => `lock:${bucket}:${hashed(subject)}`;

  async function sweep(now: Date): Promise<void> {
    if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now.getTime();
    await db.throttle.deleteMany({ where: { expiresAt: { lt: now } } });
  }

  async function increment(key: string, expiresAt: Date): Promise<number> {
    const upsert = () =>
      db.throttle.upsert({
        where: { key },
        create: { key, hits: 1, expiresAt },
        update: { hits: { increment: 1 } },
        select: { hits: true },
      });
    try {
      return (await upsert()).hits;
    } catch (error) {
      // two instances created the row at the same moment: the row exists now
      if (!uniqueViolation.safeParse(error).success) throw error;
      return (await upsert()).hits;
    }
  }

  return {
    async hit(bucket, subject, windowMs) {
      const now = clock.now();
      await sweep(now);
      const windowEnd = new Date((Math.floor(now.getTime() / windowMs) + 1) * windowMs);
      return increment(windowKey(bucket, subject, windowMs, now), windowEnd);
    },
    async count(bucket, subject, windowMs) {
      const row = await db.throttle.findUnique({
        where: { key: windowKey(bucket, subject, windowMs, clock.now()) },
        select: { hits: true },
      });
      return row?.hits ?? 0;
    },
    async lock(bucket, subject, durationMs) {
      const key = lockKey(bucket, subject);
      const until = new Date(clock.now().getTime() + durationMs);
      const current = await db.throttle.findUnique({ where: { key }, select: { expiresAt: true } });
      if (current && current.expiresAt > until) return current.expiresAt;
      await db.throttle.upsert({
        where: { key },
        create: { key, hits: 1, expiresAt: until },
        update: { expiresAt: until },
      });
      return until;
    },
    async lockedUntil(bucket, subject) {
      const row = await db.throttle.findUnique({
        where: { key: lockKey(bucket, subject) },
        select: { expiresAt: true },
      });
      return row && row.expiresAt > clock.now() ? row.expiresAt : null;
    },
  };
}
