// Small factories for broadcast tests: a fresh migrated database with the Lạng Sơn localities,
// officers of each role, subscribers, and an approved broadcast.
import { randomUUID } from 'node:crypto';
import { type Database, type Db } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import {
  createBroadcastService,
  type BroadcastActor,
  type BroadcastDraftInput,
  type BroadcastService,
} from '../../src/broadcasts/broadcast-service.js';
import type { Channel } from '../../src/conversation/messages.js';
import { migratedTestDatabase, type Provider, type TestDatabase } from '../support/databases.js';
import { testAuditChain } from '../support/security.js';
import type { AuditChain } from '../../src/audit/audit-log.js';

export const silentLogger = createLogger('silent');

export interface BroadcastFixture {
  provider: Provider;
  testDb: TestDatabase;
  database: Database;
  db: Db;
  audit: AuditChain;
  service: BroadcastService;
  officer: BroadcastActor;
  supervisor: BroadcastActor;
  secondSupervisor: BroadcastActor;
  admin: BroadcastActor;
  viewer: BroadcastActor;
  close(): Promise<void>;
}

export async function setUpBroadcastDb(provider: Provider): Promise<BroadcastFixture> {
  const { testDb, database } = await migratedTestDatabase(provider);
  const { db } = database;
  const actor = async (role: BroadcastActor['role']): Promise<BroadcastActor> => {
    const row = await db.officer.create({
      data: { username: `${role}-${randomUUID().slice(0, 8)}`, passwordHash: 'not-used', role },
    });
    return { officerId: row.id, role };
  };
  const audit = testAuditChain(db, provider);
  return {
    provider,
    testDb,
    database,
    db,
    audit,
    service: createBroadcastService({ db, audit, clock: systemClock }),
    officer: await actor('officer'),
    supervisor: await actor('supervisor'),
    secondSupervisor: await actor('supervisor'),
    admin: await actor('admin'),
    viewer: await actor('viewer'),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

export interface CitizenSeed {
  channel?: Channel;
  localityCode?: string | null;
  locale?: 'vi' | 'en';
  subscribed?: boolean;
}

/** Creates `count` citizens; chat ids are "<prefix>-<n>". Returns their ids in order. */
export async function seedCitizens(db: Db, count: number, prefix: string, seed: CitizenSeed = {}): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    channel: seed.channel ?? 'telegram',
    platformUserId: `${prefix}-${index}`,
    chatId: `${prefix}-${index}`,
    locale: seed.locale ?? 'vi',
    localityCode: seed.localityCode ?? null,
    subscribed: seed.subscribed ?? true,
    subscribedAt: new Date(),
  }));
  await db.citizen.createMany({ data: rows });
  return rows.map((row) => row.id);
}

/** Written by the officer, approved by a supervisor: ready for the scheduler. */
export async function approvedBroadcast(
  fixture: BroadcastFixture,
  draft: Partial<BroadcastDraftInput> = {},
): Promise<string> {
  const created = await fixture.service.createDraft(fixture.officer, {
    title: 'Thông báo',
    textVi: 'Xin chào cử tri',
    textEn: 'Hello voter',
    ...draft,
  });
  await fixture.service.submitForApproval(fixture.officer, created.id);
  await fixture.service.approve(fixture.supervisor, created.id);
  return created.id;
}

/** Polls until `check` holds (no timing is asserted: the limit only stops a hung test). */
export async function waitFor(check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
