// The liveness rule the outbox and the broadcast engine take work over by: an instance is alive
// while its heartbeat is at most the lease old, to the millisecond; one silent for twice the
// lease is forgotten; a clean stop hands its work over at once; and it beats often enough
// (a sixth of the lease, at most every 5 s) that a few late beats are no death. Real database,
// the clock moved by hand.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { createLogger } from '../../src/logger.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const logger = createLogger('silent', new Writable({ write: (_chunk, _encoding, callback) => callback() }));
const LEASE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(providers)('instance leases on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  function instance(id: string, clock: { now(): Date }, livenessMs = LEASE_MS, heartbeatMs?: number) {
    return new InstanceRegistry({
      database,
      clock,
      logger,
      instanceId: id,
      livenessMs,
      ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    });
  }
  const heartbeatOf = async (id: string) =>
    (await database.db.instance.findUnique({ where: { id } }))?.heartbeatAt.getTime() ?? null;

  it('counts an instance alive up to exactly the lease after its last beat, and gone one millisecond later', async () => {
    let now = new Date('2026-03-01T08:00:00.000Z');
    const clock = { now: () => now };
    const a = instance('lease-a', clock);
    const b = instance('lease-b', clock);
    await a.beat();
    await b.beat();
    expect((await b.alive()).sort()).toEqual(['lease-a', 'lease-b']);

    now = new Date(now.getTime() + LEASE_MS);
    await b.beat();
    expect(b.aliveSince().toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect((await b.alive()).sort()).toEqual(['lease-a', 'lease-b']);

    now = new Date(now.getTime() + 1);
    await b.beat();
    expect(await b.alive()).toEqual(['lease-b']);
    // gone, but still on record: not yet twice the lease silent
    expect(await heartbeatOf('lease-a')).not.toBeNull();
    await database.db.instance.deleteMany({});
  });

  it('forgets an instance silent for more than twice the lease, and keeps one silent for exactly that long', async () => {
    let now = new Date('2026-03-02T08:00:00.000Z');
    const clock = { now: () => now };
    const old = instance('lease-old', clock);
    const survivor = instance('lease-survivor', clock);
    await old.beat();

    now = new Date(now.getTime() + 2 * LEASE_MS);
    await survivor.beat();
    expect(await survivor.alive()).toEqual(['lease-survivor']);
    expect(await heartbeatOf('lease-old')).not.toBeNull();

    now = new Date(now.getTime() + 1);
    await survivor.beat();
    expect(await survivor.alive()).toEqual(['lease-survivor']);
    expect(await heartbeatOf('lease-old')).toBeNull();
    await database.db.instance.deleteMany({});
  });

  it('keeps its first start time and moves only the heartbeat when it beats again', async () => {
    let now = new Date('2026-03-03T08:00:00.000Z');
    const clock = { now: () => now };
    const a = instance('lease-restart', clock);
    await a.beat();
    now = new Date('2026-03-03T08:00:30.000Z');
    await a.beat();
    const row = await database.db.instance.findUniqueOrThrow({ where: { id: 'lease-restart' } });
    expect(row.startedAt.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(row.heartbeatAt.toISOString()).toBe('2026-03-03T08:00:30.000Z');
    await database.db.instance.deleteMany({});
  });

  it('says it lives at start, beats a sixth of the lease apart, and leaves the table at a clean stop', async () => {
    let now = new Date('2026-03-04T08:00:00.000Z');
    const clock = { now: () => now };
    // a 1.2 s lease: one beat every 200 ms
    const a = instance('lease-beating', clock, 1_200);
    const other = instance('lease-other', clock, 1_200);
    await a.start();
    try {
      expect(await heartbeatOf('lease-beating')).toBe(now.getTime());
      now = new Date(now.getTime() + 1_000);
      await sleep(700);
      expect(await heartbeatOf('lease-beating')).toBe(now.getTime());
      expect(await other.alive()).toEqual(['lease-beating']);
    } finally {
      await a.stop();
    }
    expect(await heartbeatOf('lease-beating')).toBeNull();
    expect(await other.alive()).toEqual([]);
    // another instance's stop takes only its own row
    await a.beat();
    await other.beat();
    await other.stop();
    expect(await heartbeatOf('lease-beating')).not.toBeNull();
    expect(await heartbeatOf('lease-other')).toBeNull();
    await database.db.instance.deleteMany({});
    // stopped: no more beats
    now = new Date(now.getTime() + 1_000);
    await sleep(500);
    expect(await heartbeatOf('lease-beating')).toBeNull();
  });

  it('beats at least every 5 seconds, however long the lease', async () => {
    let now = new Date('2026-03-05T08:00:00.000Z');
    const clock = { now: () => now };
    const a = instance('lease-long', clock, 3_600_000);
    await a.start();
    try {
      now = new Date(now.getTime() + 10_000);
      await sleep(5_600);
      expect(await heartbeatOf('lease-long')).toBe(now.getTime());
    } finally {
      await a.stop();
    }
  }, 15_000);

  it('beats on the heartbeat it is given', async () => {
    let now = new Date('2026-03-06T08:00:00.000Z');
    const clock = { now: () => now };
    const a = instance('lease-given', clock, 3_600_000, 50);
    await a.start();
    try {
      now = new Date(now.getTime() + 1_000);
      await sleep(400);
      expect(await heartbeatOf('lease-given')).toBe(now.getTime());
    } finally {
      await a.stop();
    }
  });
});
