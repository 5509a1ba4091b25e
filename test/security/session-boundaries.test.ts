// Console sessions at their edges, to the millisecond (the console tests run on a clock that
// moves with real time, which cannot hit an edge exactly): a session lives 60 idle minutes and
// 12 hours at most, its idle timer slides at most once a minute, an expired one is deleted, and
// the gate in front of every console route wants the CSRF header on each mutating method, an
// active officer with a known role, a finished sign-in and, where asked, the right role. Real
// database, a real HTTP server with the console's gate and error handler.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { checkPassword, createPasswordGuard, loginError } from '../../src/console/auth/password-login.js';
import {
  createSession,
  deleteOtherSessions,
  findLiveSession,
  hashSessionToken,
  recordTotpFailure,
  SESSION_IDLE_MS,
  SESSION_MAX_AGE_MS,
} from '../../src/console/auth/session-store.js';
import {
  createOfficerGate,
  officerOf,
  pendingStep,
  SESSION_COOKIE,
  sessionOf,
} from '../../src/console/auth/require-officer.js';
import { createThrottle } from '../../src/security/throttle.js';
import { createOfficer } from '../../src/console/officers.js';
import type { Database } from '../../src/db/database.js';
import { handleHttpError } from '../../src/http/error-handler.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const MINUTE = 60_000;
const T0 = new Date('2026-05-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(providers)('console sessions on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let officerId: string;
  let now = T0;
  let server: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
    officerId = (
      await createOfficer(database.db, {
        username: 'session.officer',
        password: 'correct horse battery',
        role: 'officer',
        localityCode: null,
        displayName: null,
      })
    ).id;
    server = Fastify();
    await server.register(cookie);
    server.setErrorHandler(handleHttpError);
    const requireOfficer = createOfficerGate(database.db, { now: () => now });
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)
      server.route({ method, url: '/any', preHandler: requireOfficer(), handler: async () => ({ ok: true }) });
    // routes without the gate: what a route gets if it forgot it
    server.get('/ungated-officer', async (request) => officerOf(request));
    server.get('/ungated-session', async (request) => sessionOf(request));
    server.get('/pending-ok', { preHandler: requireOfficer({ allowPending: true }) }, async () => ({ ok: true }));
    server.get('/approvers', { preHandler: requireOfficer({ roles: ['admin', 'supervisor'] }) }, async () => ({
      ok: true,
    }));
    url = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    await testDb?.drop();
  });

  const newSession = (createdAt: Date, pendingTotp = false) =>
    createSession(database.db, { officerId, pendingTotp, ip: '198.51.100.7', userAgent: 'test', now: createdAt });
  const live = async (token: string, when: Date) => (await findLiveSession(database.db, token, when)) !== null;
  const stored = (token: string) => database.db.consoleSession.findUnique({ where: { id: hashSessionToken(token) } });

  it('stores only the hash of the cookie token, and a CSRF token of its own', async () => {
    const { token, csrfToken } = await newSession(T0);
    const row = await stored(token);
    expect(row?.id).toBe(hashSessionToken(token));
    expect(row?.id).not.toBe(token);
    expect(csrfToken).not.toBe(token);
    expect(row?.csrfToken).toBe(csrfToken);
    expect(row?.expiresAt.toISOString()).toBe(at(12 * 60 * MINUTE).toISOString());
    expect(SESSION_MAX_AGE_MS).toBe(12 * 60 * MINUTE);
    expect(SESSION_IDLE_MS).toBe(60 * MINUTE);
  });

  it('lives exactly 60 idle minutes, and is deleted one millisecond later', async () => {
    const { token } = await newSession(T0);
    expect(await live(token, at(60 * MINUTE))).toBe(true);
    const { token: other } = await newSession(T0);
    expect(await live(other, at(60 * MINUTE + 1))).toBe(false);
    expect(await stored(other)).toBeNull();
  });

  it('slides the idle timer with a request more than a minute after the last one it recorded', async () => {
    const { token } = await newSession(T0);
    expect(await live(token, at(MINUTE + 1))).toBe(true);
    // idle counted from T0 + 1 min: alive at T0 + 61 min + 1 ms
    expect(await live(token, at(61 * MINUTE + 1))).toBe(true);
    expect((await stored(token))?.lastSeenAt.toISOString()).toBe(at(61 * MINUTE + 1).toISOString());
  });

  it('does not record a request exactly a minute after the last one: the idle timer still counts from before', async () => {
    const { token } = await newSession(T0);
    expect(await live(token, at(MINUTE))).toBe(true);
    expect((await stored(token))?.lastSeenAt.toISOString()).toBe(T0.toISOString());
    expect(await live(token, at(61 * MINUTE))).toBe(false);
  });

  it('ends 12 hours after sign-in however active, at the exact instant', async () => {
    const { token } = await newSession(T0);
    for (let minutes = 50; minutes < 12 * 60; minutes += 50) expect(await live(token, at(minutes * MINUTE))).toBe(true);
    expect(await live(token, at(12 * 60 * MINUTE - 1))).toBe(true);
    expect(await live(token, at(12 * 60 * MINUTE))).toBe(false);
    expect(await stored(token)).toBeNull();
  });

  it('sweeps sessions past their 12 hours at the next sign-in of anyone, and keeps those still valid', async () => {
    const { token: old } = await newSession(T0);
    const { token: recent } = await newSession(at(MINUTE));
    await newSession(at(12 * 60 * MINUTE + 1));
    expect(await stored(old)).toBeNull();
    expect(await stored(recent)).not.toBeNull();
    // exactly at its end: not swept yet
    const { token: edge } = await newSession(at(24 * 60 * MINUTE));
    await newSession(at(36 * 60 * MINUTE));
    expect(await stored(edge)).not.toBeNull();
  });

  it('ends only the expired session it found, not the others', async () => {
    const { token: expired } = await newSession(T0);
    const { token: fresh } = await newSession(at(2 * 60 * MINUTE));
    expect(await live(expired, at(2 * 60 * MINUTE + 1))).toBe(false);
    expect(await stored(fresh)).not.toBeNull();
    expect(await live(fresh, at(2 * 60 * MINUTE + 1))).toBe(true);
  });

  it('counts wrong second-factor codes per session', async () => {
    const { token } = await newSession(T0, true);
    const { token: other } = await newSession(T0, true);
    const id = hashSessionToken(token);
    expect(await recordTotpFailure(database.db, id)).toBe(1);
    expect(await recordTotpFailure(database.db, id)).toBe(2);
    expect(await recordTotpFailure(database.db, hashSessionToken(other))).toBe(1);
    expect((await stored(token))?.totpFailures).toBe(2);
  });

  it('stores a session without a user agent or an address', async () => {
    const { token } = await createSession(database.db, {
      officerId,
      pendingTotp: false,
      ip: null,
      userAgent: null,
      now: T0,
    });
    expect(await stored(token)).toMatchObject({ ip: null, userAgent: null });
  });

  it('finds the officer whatever the case and the spaces around the name, and says why a sign-in failed', async () => {
    const guard = createPasswordGuard(
      createThrottle({ db: database.db, clock: { now: () => T0 }, subjectKey: randomBytes(32) }),
    );
    const outcome = await checkPassword(
      database.db,
      guard,
      '  Session.Officer ',
      'correct horse battery',
      '198.51.100.9',
    );
    expect(outcome).toMatchObject({ ok: true, officer: { id: officerId, username: 'session.officer' } });
    expect(loginError('throttled')).toMatchObject({ kind: 'rate_limited', code: 'auth.throttled' });
    expect(loginError('bad_credentials')).toMatchObject({ kind: 'unauthenticated', code: 'auth.bad_credentials' });
  });

  it('keeps the user agent to 300 characters', async () => {
    const { token } = await createSession(database.db, {
      officerId,
      pendingTotp: false,
      ip: null,
      userAgent: 'x'.repeat(500),
      now: T0,
    });
    expect((await stored(token))?.userAgent).toHaveLength(300);
  });

  it('ends every other session of the officer, or all of them', async () => {
    const { token: kept } = await newSession(T0);
    const { token: ended } = await newSession(T0);
    const keptId = hashSessionToken(kept);
    await deleteOtherSessions(database.db, officerId, keptId);
    expect(await stored(kept)).not.toBeNull();
    expect(await stored(ended)).toBeNull();
    await deleteOtherSessions(database.db, officerId, null);
    expect(await stored(kept)).toBeNull();
  });

  async function call(method: string, path: string, token: string | null, csrf?: string) {
    const headers: Record<string, string> = {};
    if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
    if (csrf !== undefined) headers['x-csrf-token'] = csrf;
    const response = await fetch(`${url}${path}`, { method, headers });
    const body = (await response.json()) as { error?: string };
    return { status: response.status, error: body.error };
  }

  it('wants the CSRF token on every mutating method, and not on GET', async () => {
    now = T0;
    const { token, csrfToken } = await newSession(T0);
    expect(await call('GET', '/any', token)).toEqual({ status: 200, error: undefined });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await call(method, '/any', token)).toEqual({ status: 403, error: 'auth.csrf' });
      expect(await call(method, '/any', token, `${csrfToken.slice(0, -1)}x`)).toEqual({
        status: 403,
        error: 'auth.csrf',
      });
      expect(await call(method, '/any', token, csrfToken)).toEqual({ status: 200, error: undefined });
    }
  });

  it('turns away no cookie, an unknown one, an inactive officer, and an unfinished sign-in', async () => {
    now = T0;
    expect(await call('GET', '/ungated-officer', null)).toEqual({ status: 401, error: 'auth.required' });
    expect(await call('GET', '/ungated-session', null)).toEqual({ status: 401, error: 'auth.required' });
    expect(await call('GET', '/any', null)).toEqual({ status: 401, error: 'auth.required' });
    expect(await call('GET', '/any', 'not-a-session')).toEqual({ status: 401, error: 'auth.required' });
    const { token: pending } = await newSession(T0, true);
    expect(await call('GET', '/any', pending)).toEqual({ status: 403, error: 'auth.totp_enrol_required' });
    expect(await call('GET', '/pending-ok', pending)).toEqual({ status: 200, error: undefined });
    const { token } = await newSession(T0);
    expect(await call('GET', '/approvers', token)).toEqual({ status: 403, error: 'auth.role' });
    await database.db.officer.update({ where: { id: officerId }, data: { active: false } });
    try {
      expect(await call('GET', '/any', token)).toEqual({ status: 401, error: 'auth.required' });
    } finally {
      await database.db.officer.update({ where: { id: officerId }, data: { active: true } });
    }
    await database.db.officer.update({ where: { id: officerId }, data: { role: 'root' } });
    try {
      expect(await call('GET', '/any', token)).toEqual({ status: 401, error: 'auth.required' });
    } finally {
      await database.db.officer.update({ where: { id: officerId }, data: { role: 'officer' } });
    }
  });

  it('asks for the second factor before a forced password change, then the change, then enrolment', () => {
    const officer = (mustChangePassword: boolean, totpEnabled: boolean) => ({ mustChangePassword, totpEnabled });
    expect(pendingStep(officer(true, true), { pendingTotp: true })).toBe('totp');
    expect(pendingStep(officer(true, true), { pendingTotp: false })).toBe('password_change');
    expect(pendingStep(officer(true, false), { pendingTotp: true })).toBe('password_change');
    expect(pendingStep(officer(false, false), { pendingTotp: true })).toBe('totp_enrol');
    expect(pendingStep(officer(false, true), { pendingTotp: false })).toBeNull();
    expect(pendingStep(officer(false, false), { pendingTotp: false })).toBeNull();
  });
});
