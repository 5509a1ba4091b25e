// An officer answers from the console while the citizen's platform is down (500s, a 429 storm,
// a call that never answers, Zalo's 500s). The console's request answers as soon as the notice is
// stored, without waiting on the platform; the ticket's timeline shows the outbox retrying with
// the reason; once the platform is back the reply and the status notice reach the citizen, in
// order and exactly once, and the events say "sent", with no one pressing "retry".
//
// A known bug until the outbox carried these notices: the reply went out inline in the console's
// request (3.5 s against a Zalo answering 500) and, once that request's retries ran out, never.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addOfficer, signedIn } from '../console/console-harness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders, type Provider } from '../support/databases.js';
import { FakeTelegram, type FakeUser } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { HangingProxy } from './hanging-proxy.js';

const providers = await testProviders();
const REPLY = 'Ban bầu cử xã đã kiểm tra và bổ sung tên ông vào danh sách cử tri.';
const COMMUNE = '05971';

type Outage = 'telegram 500' | 'telegram 429' | 'telegram timeout' | 'zalo 500';

describe.each(providers)("an officer replies while the citizen's platform is down, on %s", (provider: Provider) => {
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  let proxy: HangingProxy;
  let test: TestApp;
  afterEach(async () => {
    await proxy.stop();
    await test.stop();
    await telegram.stop();
    await zalo.stop();
  });

  async function start(): Promise<void> {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    proxy = await HangingProxy.start(telegram.url);
    test = await startTestApp(provider, {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: proxy.url,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
    });
    await telegram.waitFor(() => telegram.callsOf('getUpdates').length > 0);
  }

  /** A citizen who has talked to the bot (greeting, consent, language) and filed a complaint; answers the ticket code. */
  async function citizenWithTicket(channel: 'telegram' | 'zalo', userId: string): Promise<string> {
    if (channel === 'telegram') {
      const user: FakeUser = { id: Number(userId), language_code: 'vi' };
      for (const [update, count] of [
        [telegram.textUpdate(user, '/start'), 2],
        [telegram.callbackUpdate(user, 'consent:yes'), 3],
        [telegram.callbackUpdate(user, 'lang:vi'), 5],
      ] as const) {
        telegram.injectUpdate(update);
        await telegram.waitFor(() => telegram.sentMessages(userId).length >= count);
      }
    } else {
      for (const [text, count] of [
        ['Xin chào', 2],
        ['1', 3],
        ['1', 5],
      ] as const) {
        zalo.injectUpdate(zalo.textUpdate(userId, text));
        await zalo.waitFor(() => zalo.sentMessages(userId).length >= count);
      }
    }
    const citizen = await test.app.context.db.citizen.findFirstOrThrow({ where: { channel, platformUserId: userId } });
    const filed = await test.app.tickets.file({
      intakeKey: randomUUID(),
      citizenId: citizen.id,
      channel,
      locale: 'vi',
      kind: 'complaint',
      category: 'voter_list',
      localityCode: COMMUNE,
      description: 'Tên tôi không có trong danh sách cử tri niêm yết tại nhà văn hoá thôn.',
      identity: { fullName: 'Lò Văn Páo', address: 'Thôn Nà Pàn', phone: '0912345678' },
      attachments: [],
    });
    return filed.code;
  }

  const eventsOf = async (code: string) =>
    test.app.context.db.ticketEvent.findMany({
      where: { ticket: { code }, type: { in: ['officer_reply', 'status_change'] }, authorType: 'officer' },
      orderBy: { id: 'asc' },
    });

  it.each<[Outage, 'telegram' | 'zalo', string]>([
    ['telegram 500', 'telegram', '8801'],
    ['telegram 429', 'telegram', '8802'],
    ['telegram timeout', 'telegram', '8803'],
    ['zalo 500', 'zalo', 'outage-zalo-1'],
  ])(
    '%s: the reply and the status notice arrive once the platform is back, exactly once',
    { timeout: 180_000 },
    async (outage, channel, userId) => {
      await start();
      const code = await citizenWithTicket(channel, userId);
      await addOfficer(test.app.context.db, 'outage.officer', 'officer', null);
      const officer = await signedIn(test.url, 'outage.officer');
      const sent = () =>
        (channel === 'telegram' ? telegram.sentMessages(userId) : zalo.sentMessages(userId)).map(
          (message) => message.text,
        );
      const before = sent().length;

      if (outage === 'telegram 500')
        telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error', times: 10_000 });
      if (outage === 'telegram 429')
        telegram.failNext('sendMessage', {
          status: 429,
          description: 'Too Many Requests: retry after 1',
          retry_after: 1,
          times: 10_000,
        });
      if (outage === 'telegram timeout') proxy.hangNext('sendMessage', 1);
      if (outage === 'zalo 500')
        zalo.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error', times: 10_000 });

      const reply = await officer.post(`/api/console/tickets/${code}/replies`, { text: REPLY });
      expect(reply.status).toBe(200);
      expect(reply.body.delivery).toBe('queued');
      const status = await officer.post(`/api/console/tickets/${code}/status`, { status: 'in_progress' });
      expect(status.status).toBe(200);

      if (outage === 'telegram timeout') {
        // the console has answered while the platform holds the call
        await telegram.waitFor(() => proxy.held.some((call) => call.method === 'sendMessage'));
        expect((await eventsOf(code)).map((event) => event.deliveryStatus)).toEqual(['queued', 'queued']);
      } else {
        // the timeline shows the outbox waiting out the outage, with the platform's reason
        await expect.poll(async () => (await eventsOf(code))[0]?.deliveryStatus, { timeout: 60_000 }).toBe('retrying');
        expect((await eventsOf(code))[0]?.deliveryError).toMatch(/500|429/);
        expect(sent()).toHaveLength(before);
        telegram.recover();
        zalo.recover();
      }

      await expect
        .poll(async () => (await eventsOf(code)).map((event) => event.deliveryStatus), { timeout: 90_000 })
        .toEqual(['sent', 'sent']);
      const delivered = sent().slice(before);
      expect(delivered.filter((text) => text.includes(REPLY))).toHaveLength(1);
      expect(delivered.filter((text) => text.includes(code) && !text.includes(REPLY))).toHaveLength(1);
      expect(delivered.findIndex((text) => text.includes(REPLY))).toBeLessThan(
        delivered.findIndex((text) => !text.includes(REPLY)),
      );
      // nothing left in the outbox, and nothing more arrives
      await expect.poll(() => test.app.context.db.outboundMessage.count({ where: { channel } })).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(sent().slice(before)).toEqual(delivered);
    },
  );
});
