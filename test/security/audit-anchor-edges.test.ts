// The audit chain and its anchors on their own, against a real database, at the edges the
// console tests do not reach: an empty log, an anchor file that is gone, corrupt or older than
// another instance's, a committee copy whose hash was altered, an edited prevHash alone, the
// last legacy entry, a batch published at shutdown, and a hash pinned to a known value so that
// a chain written today still verifies after an upgrade.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditAnchors, type AuditAnchor } from '../../src/audit/audit-anchor.js';
import { createAuditChain, GENESIS, type AuditChain } from '../../src/audit/audit-log.js';
import { createAuditServices } from '../../src/audit/audit-setup.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { migratedTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const logger = createLogger('silent', new Writable({ write: (_chunk, _encoding, callback) => callback() }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(providers)('audit anchors at their edges on %s', (provider) => {
  let testDb: TestDatabase;
  let database: Database;
  let dir: string;
  let now: Date;
  const clock = { now: () => now };
  const key = Buffer.alloc(32, 7);
  beforeAll(async () => {
    ({ testDb, database } = await migratedTestDatabase(provider));
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await database.db.auditLog.deleteMany({});
    dir = mkdtempSync(path.join(tmpdir(), 'cutri-anchor-'));
    now = new Date('2026-05-01T10:00:00.000Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const chainOf = () => createAuditChain({ db: database.db, provider, key, clock });
  function anchorsOf(chain: AuditChain, options: { file?: string | null; onAnchor?: (a: AuditAnchor) => void } = {}) {
    return createAuditAnchors({
      db: database.db,
      chain,
      clock,
      logger,
      anchorFile: options.file === undefined ? path.join(dir, 'anchor.json') : options.file,
      ...(options.onAnchor ? { onAnchor: options.onAnchor } : {}),
    });
  }
  const entry = (action: string) => ({ officerId: null, action });

  it('publishes nothing for an empty log, and verifies it as intact with no head', async () => {
    const anchors = anchorsOf(chainOf());
    expect(await anchors.anchor()).toBeNull();
    expect(await anchors.verify()).toEqual({
      status: 'intact',
      brokenAt: null,
      legacyUpTo: null,
      headId: null,
      checkedEntries: 0,
      anchor: null,
    });
  });

  it('works without an anchor file and without a metric', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain, { file: null });
    await chain.append(database.db, entry('login'));
    const published = await anchors.anchor();
    expect(published).toMatchObject({ headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await anchors.verify()).anchor).toEqual(published);
  });

  it('stores what it is given, and an empty batch appends nothing and tells nobody', async () => {
    const chain = chainOf();
    let told = 0;
    chain.onAppend(() => (told += 1));
    await chain.append(database.db, []);
    expect(told).toBe(0);
    expect(await database.db.auditLog.count()).toBe(0);
    await chain.append(database.db, {
      officerId: null,
      action: 'ticket.note',
      targetType: 'ticket',
      targetId: 'LS-123456',
      detail: { length: 12 },
    });
    expect(told).toBe(1);
    expect(await database.db.auditLog.findFirstOrThrow()).toMatchObject({
      action: 'ticket.note',
      targetType: 'ticket',
      targetId: 'LS-123456',
      detail: '{"length":12}',
      prevHash: GENESIS,
      keyed: true,
    });
  });

  it('keeps the chain whole when many actions are recorded at once', async () => {
    const chain = chainOf();
    await Promise.all(Array.from({ length: 12 }, (_, index) => chain.append(database.db, entry(`action-${index}`))));
    expect(await chain.walk()).toMatchObject({ brokenAt: null, checkedEntries: 12 });
  });

  it('finds an entry whose prevHash alone was edited', async () => {
    const chain = chainOf();
    await chain.append(database.db, [entry('a'), entry('b'), entry('c')]);
    const second = await database.db.auditLog.findFirstOrThrow({ where: { action: 'b' } });
    await database.db.auditLog.update({ where: { id: second.id }, data: { prevHash: GENESIS } });
    expect((await chain.walk()).brokenAt).toBe(second.id);
  });

  it('names the last entry from before the key in its anchor', async () => {
    let prevHash = GENESIS;
    for (const action of ['old-1', 'old-2']) {
      const at = new Date('2021-05-01T01:00:00.000Z');
      const hash = createHash('sha256')
        .update(JSON.stringify([prevHash, at.toISOString(), null, action, null, null, null]))
        .digest('hex');
      await database.db.auditLog.create({
        data: {
          at,
          officerId: null,
          action,
          targetType: null,
          targetId: null,
          detail: null,
          prevHash,
          hash,
          keyed: false,
        },
      });
      prevHash = hash;
    }
    const chain = chainOf();
    await chain.append(database.db, [entry('new-1'), entry('new-2')]);
    const legacy = await database.db.auditLog.findFirstOrThrow({ where: { action: 'old-2' } });
    const anchor = await anchorsOf(chain).anchor();
    expect(anchor?.legacyUpTo).toBe(legacy.id);
    expect((await anchorsOf(chain).verify()).legacyUpTo).toBe(legacy.id);
  });

  it('still finds a cut tail by the anchor it published when the anchor file is gone', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain);
    await chain.append(database.db, [entry('a'), entry('b'), entry('c')]);
    const published = await anchors.anchor();
    rmSync(path.join(dir, 'anchor.json'));
    expect((await anchors.verify()).anchor).toEqual(published);
    await database.db.auditLog.deleteMany({ where: { action: 'c' } });
    expect(await anchors.verify()).toMatchObject({ status: 'tail_missing', anchor: published });
  });

  it('compares with the newer anchor another instance wrote to the file', async () => {
    const chain = chainOf();
    const one = anchorsOf(chain);
    const other = anchorsOf(chain);
    await chain.append(database.db, entry('a'));
    const older = await one.anchor();
    await chain.append(database.db, entry('b'));
    const newer = await other.anchor();
    expect(newer?.headId).toBeGreaterThan(older?.headId ?? 0);
    expect((await one.verify()).anchor).toEqual(newer);
    await database.db.auditLog.deleteMany({ where: { action: 'b' } });
    expect(await one.verify()).toMatchObject({ status: 'tail_missing', anchor: newer });
  });

  it('trusts the newer anchor it published over an older one put back in the file', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain);
    const file = path.join(dir, 'anchor.json');
    await chain.append(database.db, entry('a'));
    await anchors.anchor();
    const older = readFileSync(file, 'utf8');
    await chain.append(database.db, [entry('b'), entry('c')]);
    const newer = await anchors.anchor();
    // the file is rolled back to the older head, and the entries after it are cut
    writeFileSync(file, older);
    await database.db.auditLog.deleteMany({ where: { action: { in: ['b', 'c'] } } });
    expect(await anchors.verify()).toMatchObject({ status: 'tail_missing', anchor: newer });
  });

  it('keeps its own anchor when the file names the same head with another hash', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain);
    await chain.append(database.db, [entry('a'), entry('b')]);
    const published = await anchors.anchor();
    if (!published) throw new Error('no anchor');
    writeFileSync(path.join(dir, 'anchor.json'), JSON.stringify({ ...published, headHash: 'e'.repeat(64) }));
    expect(await anchors.verify()).toMatchObject({ status: 'intact', anchor: published });
  });

  it('ignores a corrupt anchor file, and publishes over it', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain);
    await chain.append(database.db, entry('a'));
    writeFileSync(path.join(dir, 'anchor.json'), '{ not json');
    expect(await anchors.verify()).toMatchObject({ status: 'intact', anchor: null });
    const published = await anchors.anchor();
    expect(JSON.parse(readFileSync(path.join(dir, 'anchor.json'), 'utf8'))).toEqual(published);
  });

  it('calls a chain broken at the anchored entry when a committee copy’s hash does not match it', async () => {
    const chain = chainOf();
    const anchors = anchorsOf(chain, { file: null });
    await chain.append(database.db, [entry('a'), entry('b')]);
    const real = await anchors.anchor();
    if (!real) throw new Error('no anchor');
    const altered = { ...real, headHash: 'f'.repeat(64) };
    expect(await anchors.verify({ anchor: altered })).toMatchObject({
      status: 'broken',
      brokenAt: real.headId,
      anchor: altered,
    });
  });

  it('publishes a pending batch when closed, nothing when nothing is pending, and nothing after', async () => {
    const chain = chainOf();
    const told: AuditAnchor[] = [];
    const anchors = anchorsOf(chain, { onAnchor: (anchor) => told.push(anchor) });
    await chain.append(database.db, entry('a'));
    await anchors.close();
    expect(told).toHaveLength(1);
    expect(told[0]?.headId).toBe((await database.db.auditLog.findFirstOrThrow({ where: { action: 'a' } })).id);
    await anchors.close();
    expect(told).toHaveLength(1);
    await chain.append(database.db, entry('b'));
    await sleep(800);
    expect(told).toHaveLength(1);
  });

  it('publishes a batch of appends once, half a second after the first', async () => {
    const chain = chainOf();
    const told: AuditAnchor[] = [];
    anchorsOf(chain, { onAnchor: (anchor) => told.push(anchor) });
    await chain.append(database.db, entry('a'));
    await chain.append(database.db, entry('b'));
    await sleep(200);
    expect(told).toHaveLength(0);
    await sleep(700);
    expect(told).toHaveLength(1);
    expect(told[0]?.headId).toBe((await database.db.auditLog.findFirstOrThrow({ where: { action: 'b' } })).id);
  });

  it('hashes an entry exactly as earlier versions did, under the key derived from the data key', async () => {
    const dataKey = Buffer.alloc(32, 1);
    const { audit } = createAuditServices({
      db: database.db,
      provider,
      dataKey,
      clock,
      logger,
      dataDir: dir,
    });
    await audit.append(database.db, { officerId: null, action: 'login', targetType: 'officer', targetId: 'o-1' });
    const row = await database.db.auditLog.findFirstOrThrow();
    const payload = JSON.stringify([GENESIS, '2026-05-01T10:00:00.000Z', null, 'login', 'officer', 'o-1', null]);
    expect(row.hash).toBe(createHmac('sha256', AUDIT_KEY_FOR_ONES).update(payload).digest('hex'));
  });
});

/** HKDF-SHA256 of 32 bytes of 0x01, no salt, info "cu-tri audit-chain v1": the audit key of that data key. */
const AUDIT_KEY_FOR_ONES = Buffer.from('ea54bf08163e1e70a7ef5d510b18892a303d8640c32b7a8ee8e5c9b998a148dd', 'hex');
