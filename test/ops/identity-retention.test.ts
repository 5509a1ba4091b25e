// Data retention: a closed ticket's reporter identity is erased after RETENTION_IDENTITY_DAYS,
// with an audit entry; open or recently active tickets keep theirs. On every provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptIdentity } from '../../src/tickets/identity-crypto.js';
import { purgeExpiredIdentities } from '../../src/ops/identity-retention.js';
import { createActor, createCitizen, createTicketWorld, TAM_THANH, type TicketWorld } from '../tickets/support.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();
const DAY_MS = 24 * 60 * 60_000;
const IDENTITY = { fullName: 'Hoàng Văn Tùng', address: 'Thôn Nà Tâm, xã Yên Trạch', phone: '0912 000 111' };

describe.each(providers)('identity retention on %s', (provider) => {
  let world: TicketWorld;
  beforeAll(async () => {
    world = await createTicketWorld(provider);
  });
  afterAll(async () => {
    await world.close();
  });

  async function fileDenunciation(): Promise<string> {
    const citizen = await createCitizen(world);
    const filed = await world.tickets.file({
      intakeKey: `retention-${citizen.id}`,
      citizenId: citizen.id,
      channel: 'telegram',
      locale: 'vi',
      kind: 'denunciation',
      category: 'campaigning',
      localityCode: TAM_THANH,
      description: 'Có người phát quà cho cử tri trước ngày bầu cử.',
      identity: IDENTITY,
      attachments: [],
    });
    return filed.code;
  }
  const identityOf = (code: string) =>
    world.database.db.ticket.findUniqueOrThrow({ where: { code }, select: { id: true, identityEnc: true } });
  const purgeAt = (now: Date) =>
    purgeExpiredIdentities({
      db: world.database.db,
      audit: world.audit,
      clock: { now: () => now },
      retentionDays: 365,
    });

  it('erases the identity of a ticket closed more than a year ago, keeps the ticket, and audits the purge once', async () => {
    const admin = await createActor(world, 'admin', null);
    const closedLongAgo = await fileDenunciation();
    const stillOpen = await fileDenunciation();
    await world.tickets.changeStatus(admin, closedLongAgo, 'closed', 'Đã xác minh và trả lời người tố cáo.');
    const closedAt = world.clock.now().getTime();

    // 364 days after closing: nothing is due yet
    expect(await purgeAt(new Date(closedAt + 364 * DAY_MS))).toEqual([]);
    const kept = await identityOf(closedLongAgo);
    expect(decryptIdentity(world.encryptionKey, kept.identityEnc ?? '', kept.id)).toEqual(IDENTITY);

    // 366 days after: the closed ticket's identity goes, the open one's stays
    expect(await purgeAt(new Date(closedAt + 366 * DAY_MS))).toEqual([closedLongAgo]);
    expect((await identityOf(closedLongAgo)).identityEnc).toBeNull();
    expect((await identityOf(stillOpen)).identityEnc).not.toBeNull();
    const ticket = await world.database.db.ticket.findUniqueOrThrow({
      where: { code: closedLongAgo },
      include: { events: true },
    });
    expect(ticket.status).toBe('closed');
    expect(ticket.description).toContain('phát quà');
    expect(ticket.events.length).toBeGreaterThanOrEqual(2);

    const audits = await world.database.db.auditLog.findMany({
      where: { action: 'ticket.identity_purge', targetId: closedLongAgo },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).not.toContain(IDENTITY.fullName);
    // running again purges nothing and writes no second entry
    expect(await purgeAt(new Date(closedAt + 400 * DAY_MS))).toEqual([]);
    expect(
      await world.database.db.auditLog.count({ where: { action: 'ticket.identity_purge', targetId: closedLongAgo } }),
    ).toBe(1);
    expect((await world.audit.walk()).brokenAt).toBeNull();
  });

  it('keeps the identity while a closed ticket still had activity within the period', async () => {
    const admin = await createActor(world, 'admin', null);
    const code = await fileDenunciation();
    await world.tickets.changeStatus(admin, code, 'closed', 'Đã trả lời.');
    const closedAt = world.clock.now().getTime();
    // an officer note 300 days after closing restarts the count
    world.clock.current = new Date(closedAt + 300 * DAY_MS);
    await world.tickets.addNote(admin, code, 'Người tố cáo gọi điện hỏi lại; đã giải thích.');
    world.clock.current = new Date(closedAt);
    expect(await purgeAt(new Date(closedAt + 366 * DAY_MS))).not.toContain(code);
    expect((await identityOf(code)).identityEnc).not.toBeNull();
  });
});
