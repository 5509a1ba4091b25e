// The audit chain against someone who can edit the database: a chain recomputed without the
// key is found, entries from before the key still verify as legacy, a cut tail is found
// against the head published outside the database (log line, metric, the committee's export,
// the anchor file), and each verification walks only what is new.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditAnchors } from '../../src/audit/audit-anchor.js';
import { AUDIT_ANCHOR_FILE } from '../../src/audit/audit-setup.js';
import { GENESIS } from '../../src/audit/audit-log.js';
import { createLogger } from '../../src/logger.js';
import { testProviders } from '../support/databases.js';
import {
  addOfficer,
  seedTicket,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from '../console/console-harness.js';

const providers = await testProviders();

/** How entries were hashed before the chain was keyed (plain SHA-256): what anyone can recompute. */
function plainHash(
  prevHash: string,
  entry: {
    at: Date;
    officerId: string | null;
    action: string;
    targetType: string | null;
    targetId: string | null;
    detail: string | null;
  },
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        prevHash,
        entry.at.toISOString(),
        entry.officerId,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.detail,
      ]),
    )
    .digest('hex');
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited in vain for ${what}`);
}

describe.each(providers)('the audit chain on %s', (provider) => {
  let server: ConsoleServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const table = provider === 'postgresql' ? '"AuditLog"' : 'AuditLog';

  /** Rewrites every entry from `fromId` on with plain SHA-256, as an editor without the key would. */
  async function recomputeFrom(running: ConsoleServer, fromId: number, keyed: boolean): Promise<void> {
    const rows = await running.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    let prevHash = GENESIS;
    for (const row of rows) {
      if (row.id >= fromId) {
        const hash = plainHash(prevHash, row);
        await running.db.auditLog.update({ where: { id: row.id }, data: { prevHash, hash, keyed } });
        prevHash = hash;
      } else prevHash = row.hash;
    }
  }

  it('keys the chain: entries from before the key verify as legacy, a chain recomputed without the key does not', async () => {
    const running = (server = await startConsoleServer(provider));
    // a database from before the upgrade: three unkeyed entries
    let prevHash = GENESIS;
    for (const action of ['login', 'ticket.note', 'logout']) {
      const entry = {
        at: new Date('2021-05-01T01:00:00Z'),
        officerId: null,
        action,
        targetType: null,
        targetId: null,
        detail: null,
      };
      const hash = plainHash(prevHash, entry);
      await running.db.auditLog.create({ data: { ...entry, prevHash, hash, keyed: false } });
      prevHash = hash;
    }
    await addOfficer(running.db, 'chain.admin', 'admin', null);
    const admin = await signedIn(running, 'chain.admin');
    await admin.post('/api/console/officers', {
      username: 'chain.new',
      password: 'ngày mai trời lại sáng',
      role: 'officer',
      localityCode: null,
    });
    const intact = await admin.post('/api/console/audit/verify', {});
    expect(intact.body).toMatchObject({ status: 'intact', brokenAt: null, legacyUpTo: 3 });

    // an editor changes who was created, and recomputes the chain from there with SHA-256
    const victim = await running.db.auditLog.findFirstOrThrow({ where: { action: 'officer_created' } });
    await running.db.$executeRawUnsafe(
      `UPDATE ${table} SET "detail" = '{"username":"someone.else"}' WHERE "id" = ${victim.id}`,
    );
    await recomputeFrom(running, victim.id, true);
    expect((await admin.post('/api/console/audit/verify', {})).body).toMatchObject({
      status: 'broken',
      brokenAt: victim.id,
    });
    // passing the rewritten entries off as legacy ones does not help: legacy comes only before keyed
    await recomputeFrom(running, victim.id, false);
    expect((await admin.post('/api/console/audit/verify', {})).body).toMatchObject({
      status: 'broken',
      brokenAt: victim.id,
    });
  });

  it('publishes the head outside the database after appends, and finds a cut tail against it', async () => {
    const running = (server = await startConsoleServer(provider));
    await addOfficer(running.db, 'anchor.admin', 'admin', null);
    const admin = await signedIn(running, 'anchor.admin');
    const head = await running.db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    // the batch of appends is published once it settles: a log line and the metric
    await waitFor(
      () => running.logs.some((line) => line.includes('"audit anchor') && line.includes(head.hash)),
      'the anchor log line',
    );
    const metric = await running.metrics.registry.getSingleMetricAsString('cutri_audit_head');
    expect(metric).toContain(`cutri_audit_head{hash="${head.hash}"} ${head.id}`);

    const exported = await admin.get('/api/console/audit/anchor');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="cutri-audit-anchor-\d+\.json"/);
    expect(exported.body).toMatchObject({ headId: head.id, headHash: head.hash });
    const committeeCopy = exported.body;
    expect(JSON.parse(readFileSync(path.join(running.dataDir, AUDIT_ANCHOR_FILE), 'utf8'))).toMatchObject({
      headId: head.id,
    });

    const code = await seedTicket(running, { localityCode: '05971' });
    expect(
      (await admin.post(`/api/console/tickets/${code}/notes`, { text: 'Ghi chú sẽ bị xóa khỏi nhật ký' })).status,
    ).toBe(200);
    expect((await admin.get('/api/console/audit')).body.verification.status).toBe('intact');
    // the anchor follows the appends once they settle: wait for it, so no late publication races the cut
    const latest = await running.db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const anchorFile = path.join(running.dataDir, AUDIT_ANCHOR_FILE);
    await waitFor(
      () => (JSON.parse(readFileSync(anchorFile, 'utf8')) as { headId: number }).headId === latest.id,
      'the anchor of the latest entry',
    );
    const published: unknown = JSON.parse(readFileSync(anchorFile, 'utf8'));

    // an editor deletes the last entries: what is left is a valid chain, but shorter than the anchor
    await running.db.auditLog.deleteMany({ where: { id: { gte: head.id } } });
    const seen = await admin.get('/api/console/audit');
    expect(seen.body.verification).toMatchObject({ status: 'tail_missing', brokenAt: head.id });
    expect((await admin.post('/api/console/audit/verify', { anchor: committeeCopy })).body).toMatchObject({
      status: 'tail_missing',
      brokenAt: head.id,
    });

    // a restarted instance reads the anchor file: it finds the cut too, and keeps the anchor as evidence
    const logs: string[] = [];
    const restarted = createAuditAnchors({
      db: running.db,
      chain: running.context.audit,
      clock: running.clock,
      anchorFile: path.join(running.dataDir, AUDIT_ANCHOR_FILE),
      logger: createLogger('info', { write: (line: string) => void logs.push(line) }),
    });
    expect((await restarted.verify()).status).toBe('tail_missing');
    expect(await restarted.anchor()).toBeNull();
    expect(logs.join('')).toContain('no longer matches its anchor');
    expect(JSON.parse(readFileSync(anchorFile, 'utf8'))).toEqual(published);
  });

  it('verifies only the entries added since the last verification, and still notices an edit where it stopped', async () => {
    const running = (server = await startConsoleServer(provider));
    await addOfficer(running.db, 'step.admin', 'admin', null);
    const admin = await signedIn(running, 'step.admin');
    const total = await running.db.auditLog.count();
    const first = (await admin.get('/api/console/audit')).body.verification;
    expect(first).toMatchObject({ status: 'intact', checkedEntries: total });
    await admin.post('/api/console/officers', {
      username: 'step.new',
      password: 'ngày mai trời lại sáng',
      role: 'officer',
      localityCode: null,
    });
    expect((await admin.get('/api/console/audit')).body.verification).toMatchObject({
      status: 'intact',
      checkedEntries: 1,
    });
    expect((await admin.get('/api/console/audit')).body.verification).toMatchObject({
      status: 'intact',
      checkedEntries: 0,
    });
    const last = await running.db.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await running.db.$executeRawUnsafe(`UPDATE ${table} SET "hash" = '${'f'.repeat(64)}' WHERE "id" = ${last.id}`);
    expect((await admin.get('/api/console/audit')).body.verification).toMatchObject({
      status: 'broken',
      brokenAt: last.id,
    });
  });
});
