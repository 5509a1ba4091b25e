// The database throttle behind the sign-in, second-factor and PIN limits, at its edges: counts
// per fixed window (a new window starts at its exact boundary), per bucket and per subject; a
// lock ends at its last millisecond and a later, shorter lock never shortens it; subjects are
// stored only as keyed hashes; expired rows are swept, at most every 10 minutes. Real database,
// the clock moved by hand.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { createThrottle, type Throttle } from '../../src/security/throttle.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const MINUTE = 60_000;

describe.each(providers)('the throttle on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let now: Date;
  let throttle: Throttle;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await database.db.throttle.deleteMany({});
    now = new Date('2026-05-01T10:00:00.000Z');
    throttle = createThrottle({ db: database.db, clock: { now: () => now }, subjectKey: randomBytes(32) });
  });
  const at = (iso: string) => (now = new Date(iso));

  it('counts hits within a fixed window, and starts again at the window’s exact boundary', async () => {
    // 15-minute windows: 10:00–10:15, 10:15–10:30
    at('2026-05-01T10:00:00.000Z');
    expect(await throttle.hit('signin', '198.51.100.7', 15 * MINUTE)).toBe(1);
    at('2026-05-01T10:14:59.999Z');
    expect(await throttle.hit('signin', '198.51.100.7', 15 * MINUTE)).toBe(2);
    expect(await throttle.count('signin', '198.51.100.7', 15 * MINUTE)).toBe(2);
    at('2026-05-01T10:15:00.000Z');
    expect(await throttle.count('signin', '198.51.100.7', 15 * MINUTE)).toBe(0);
    expect(await throttle.hit('signin', '198.51.100.7', 15 * MINUTE)).toBe(1);
  });

  it('counts without counting one, apart per bucket and per subject', async () => {
    expect(await throttle.count('signin', 'a', 15 * MINUTE)).toBe(0);
    await throttle.hit('signin', 'a', 15 * MINUTE);
    await throttle.hit('signin', 'a', 15 * MINUTE);
    expect(await throttle.count('signin', 'a', 15 * MINUTE)).toBe(2);
    expect(await throttle.count('signin', 'a', 15 * MINUTE)).toBe(2);
    expect(await throttle.count('signin', 'b', 15 * MINUTE)).toBe(0);
    expect(await throttle.count('pin', 'a', 15 * MINUTE)).toBe(0);
    expect(await throttle.hit('pin', 'a', 15 * MINUTE)).toBe(1);
  });

  it('keeps a window’s row until the end of that window, and the subject only as a keyed hash', async () => {
    at('2026-05-01T10:07:00.000Z');
    await throttle.hit('signin', 'officer.nguyen\n198.51.100.7', 15 * MINUTE);
    const [row] = await database.db.throttle.findMany();
    expect(row?.expiresAt.toISOString()).toBe('2026-05-01T10:15:00.000Z');
    expect(row?.key).not.toContain('officer.nguyen');
    expect(row?.key).not.toContain('198.51.100.7');
    expect(row?.key.startsWith('signin:')).toBe(true);
    // another key: another hash, so the same subject counts from zero
    const other = createThrottle({ db: database.db, clock: { now: () => now }, subjectKey: randomBytes(32) });
    expect(await other.count('signin', 'officer.nguyen\n198.51.100.7', 15 * MINUTE)).toBe(0);
  });

  it('locks until its last millisecond, and a later shorter lock does not shorten it', async () => {
    expect(await throttle.lockedUntil('totp', 'officer-1')).toBeNull();
    const until = await throttle.lock('totp', 'officer-1', 15 * MINUTE);
    expect(until.toISOString()).toBe('2026-05-01T10:15:00.000Z');
    expect((await throttle.lockedUntil('totp', 'officer-1'))?.toISOString()).toBe('2026-05-01T10:15:00.000Z');
    expect(await throttle.lockedUntil('totp', 'officer-2')).toBeNull();
    expect(await throttle.lockedUntil('pin', 'officer-1')).toBeNull();

    at('2026-05-01T10:10:00.000Z');
    const kept = await throttle.lock('totp', 'officer-1', MINUTE);
    expect(kept.toISOString()).toBe('2026-05-01T10:15:00.000Z');
    expect((await throttle.lockedUntil('totp', 'officer-1'))?.toISOString()).toBe('2026-05-01T10:15:00.000Z');
    // a longer one extends it
    const longer = await throttle.lock('totp', 'officer-1', 10 * MINUTE);
    expect(longer.toISOString()).toBe('2026-05-01T10:20:00.000Z');

    at('2026-05-01T10:19:59.999Z');
    expect((await throttle.lockedUntil('totp', 'officer-1'))?.toISOString()).toBe('2026-05-01T10:20:00.000Z');
    at('2026-05-01T10:20:00.000Z');
    expect(await throttle.lockedUntil('totp', 'officer-1')).toBeNull();
    // after it ended, a new lock starts from now
    expect((await throttle.lock('totp', 'officer-1', MINUTE)).toISOString()).toBe('2026-05-01T10:21:00.000Z');
  });

  it('a lock of the same length as the one running leaves it as it is', async () => {
    const first = await throttle.lock('totp', 'officer-3', 15 * MINUTE);
    expect((await throttle.lock('totp', 'officer-3', 15 * MINUTE)).toISOString()).toBe(first.toISOString());
  });

  it('sweeps expired rows when something is counted, at most every 10 minutes', async () => {
    const rows = () => database.db.throttle.count();
    at('2026-05-01T10:00:00.000Z');
    await throttle.hit('a', 'x', MINUTE); // expires 10:01; the first hit sweeps (nothing to sweep)
    await throttle.hit('b', 'x', MINUTE);
    expect(await rows()).toBe(2);

    // 10:09:59.999: expired, but the last sweep was less than 10 minutes ago
    at('2026-05-01T10:09:59.999Z');
    await throttle.hit('c', 'x', 60 * MINUTE);
    expect(await rows()).toBe(3);

    // 10:10:00.000: a sweep; the rows that expired go, the live one stays
    at('2026-05-01T10:10:00.000Z');
    await throttle.hit('c', 'x', 60 * MINUTE);
    expect(await rows()).toBe(1);
    expect(await throttle.count('c', 'x', 60 * MINUTE)).toBe(2);

    // a row that expires exactly now is not swept yet
    at('2026-05-01T10:20:00.000Z');
    await throttle.hit('d', 'x', 20 * MINUTE); // window 10:20–10:40
    at('2026-05-01T10:40:00.000Z');
    await throttle.hit('e', 'x', 60 * MINUTE);
    expect(await database.db.throttle.count({ where: { key: { startsWith: 'd:' } } })).toBe(1);
  });

  it('counts every hit of many at once on one new row', async () => {
    const counts = await Promise.all(Array.from({ length: 8 }, () => throttle.hit('burst', 'x', MINUTE)));
    expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await throttle.count('burst', 'x', MINUTE)).toBe(8);
  });
});
