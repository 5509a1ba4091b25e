// kill -9 between the commit of an officer's reply and its send: the reply is committed (the
// console has answered), its Bot API call is on the wire and held unanswered, and the process
// dies. After the restart the citizen gets the reply exactly once, and its ticket event says
// "sent". Real processes (src/main.ts), on every provider.
//
// A known bug until the outbox carried officer replies: the reply was sent inline after the
// commit, so a crash there (or an outage) left an event "queued" that nothing ever sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localityChain } from '../../src/localities/scope.js';
import { addOfficer, signedIn } from '../console/console-harness.js';
import { testProviders } from '../support/databases.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { createTelegramProcessWorld, type TelegramProcessWorld } from './telegram-process-world.js';

const providers = await testProviders();
const REPLY = 'Ban bầu cử phường đã nhận khiếu nại và đang xác minh danh sách cử tri.';
const COMMUNE = '05971';

describe.each(providers)("kill -9 between an officer reply's commit and its send on %s", (provider) => {
  let world: TelegramProcessWorld;
  beforeEach(async () => {
    world = await createTelegramProcessWorld(provider, { proxy: true });
  });
  afterEach(async () => world.stop());

  it('sends the reply once after the restart', { timeout: 180_000 }, async () => {
    const { fake, reader, proxy } = world;
    if (!proxy) throw new Error('the world has no proxy');
    const instance = { INSTANCE_ID: 'reply-crash-1' };
    const first = await world.start(instance);
    const user: FakeUser = { id: 8901, language_code: 'vi' };
    for (const [update, count] of [
      [fake.textUpdate(user, '/start'), 2],
      [fake.callbackUpdate(user, 'consent:yes'), 3],
    ] as const) {
      fake.injectUpdate(update);
      await fake.waitFor(() => fake.sentMessages(user.id).length >= count, 30_000);
    }
    const citizen = await reader.db.citizen.findFirstOrThrow({
      where: { channel: 'telegram', platformUserId: String(user.id) },
    });
    const chain = await localityChain(reader.db, COMMUNE);
    if (!chain) throw new Error('unknown commune');
    const code = 'KN-2021-00901';
    await reader.db.ticket.create({
      data: {
        code,
        kind: 'complaint',
        category: 'voter_list',
        description: 'Tên tôi không có trong danh sách cử tri.',
        channel: 'telegram',
        citizenId: citizen.id,
        localityCode: COMMUNE,
        ...chain,
        dueAt: new Date(Date.now() + 86_400_000),
        deadlineRule: 'test',
      },
    });
    await addOfficer(reader.db, 'crash.officer', 'officer', null);
    const officer = await signedIn(first.url, 'crash.officer');
    const before = fake.sentMessages(user.id).length;

    // the reply's call reaches the platform and gets no answer
    proxy.hangNext('sendMessage', 1);
    const reply = await officer.post(`/api/console/tickets/${code}/replies`, { text: REPLY });
    expect(reply.status).toBe(200);
    expect(reply.body.delivery).toBe('queued');
    await fake.waitFor(() => proxy.held.some((call) => call.method === 'sendMessage'), 30_000);
    await world.kill(first);
    const event = await reader.db.ticketEvent.findFirstOrThrow({ where: { ticket: { code }, type: 'officer_reply' } });
    expect(event.deliveryStatus).toBe('queued');
    expect(await reader.db.outboundMessage.count({ where: { channel: 'telegram', citizenId: citizen.id } })).toBe(1);

    await world.start(instance);
    await fake.waitFor(() => fake.sentMessages(user.id).some((message) => message.text.includes(REPLY)), 60_000);
    await expect
      .poll(async () => (await reader.db.ticketEvent.findUniqueOrThrow({ where: { id: event.id } })).deliveryStatus, {
        timeout: 30_000,
      })
      .toBe('sent');
    await expect
      .poll(() => reader.db.outboundMessage.count({ where: { channel: 'telegram' } }), { timeout: 10_000 })
      .toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      fake
        .sentMessages(user.id)
        .slice(before)
        .filter((message) => message.text.includes(REPLY)),
    ).toHaveLength(1);
  });
});
