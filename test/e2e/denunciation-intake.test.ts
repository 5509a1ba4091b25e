// Issue 5 end to end: a citizen files a denunciation with a photo through the chat on the fake
// Telegram server, the fake Zalo server (by long polling and by webhook) and the web chat API,
// against the whole app on both databases. The reporter's identity is stored encrypted only, and a status change made through
// the ticket service reaches the citizen on their channel, in their language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/i18n.js';
import type { Actor, ReporterIdentity } from '../../src/tickets/types.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders, type Provider } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { TelegramCitizen, webhookDelivery, WebCitizen, ZaloCitizen, type ChatDriver } from './chat-drivers.js';
import { confirm, draftDenunciation, onboard, textsIn, TOWN } from './citizen-steps.js';
import { createPacedClock, TYPING_PAUSE_MS, type PacedClock } from './paced-clock.js';
import { placesHoldingPlaintext } from './stored-plaintext.js';

const providers = await testProviders();
// a week before election day (23 May 2021), before every cut-off
const FILING_DAY = new Date('2021-05-10T02:00:00Z');
const WEBHOOK_SECRETS = { telegram: 'e2e-telegram-secret_0123456789', zalo: 'e2e-zalo-secret_0123456789' };
type Mode = 'polling' | 'webhook';
const RUNS = providers.flatMap((provider): [Provider, Mode][] => [
  [provider, 'polling'],
  [provider, 'webhook'],
]);

interface Case {
  channel: 'telegram' | 'zalo' | 'web';
  locale: Locale;
  reporter: ReporterIdentity;
}

const CASES: Case[] = [
  {
    channel: 'telegram',
    locale: 'en',
    reporter: { fullName: 'Hoàng Thị Mận', address: 'Số 12 ngõ Bạch Đằng, khối 3', phone: '0912 345 678' },
  },
  {
    channel: 'zalo',
    locale: 'vi',
    reporter: { fullName: 'Lường Văn Khuê', address: 'Thôn Pò Mã, bản Lũng Vài', phone: '0987654321' },
  },
  {
    channel: 'web',
    locale: 'en',
    reporter: { fullName: 'Nông Thị Duyên', address: 'Tổ 7, khu Ba Toa, Lạng Sơn', phone: '+84 203 876 5432' },
  },
];

describe.each(RUNS)('a denunciation filed through the chat on %s, platform updates by %s', (provider, mode) => {
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  let test: TestApp;
  let clock: PacedClock;
  let admin: Actor;
  let nextUser = 7001;

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    clock = createPacedClock(FILING_DAY);
    const webhooks = {
      PUBLIC_URL: 'https://cutri.example.gov.vn',
      METRICS_PUBLIC: 'true',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRETS.telegram,
      ZALO_WEBHOOK_SECRET: WEBHOOK_SECRETS.zalo,
    };
    const env = {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      ...(mode === 'webhook' ? webhooks : {}),
    };
    test = await startTestApp(provider, env, { clock });
    const officer = await test.app.context.db.officer.findFirstOrThrow({ where: { role: 'admin' } });
    admin = { officerId: officer.id, role: 'admin', localityCode: null };
  });
  afterAll(async () => {
    await test?.stop();
    await telegram?.stop();
    await zalo?.stop();
  });

  function citizenOn(channel: Case['channel']): ChatDriver {
    const pause = () => clock.advance(TYPING_PAUSE_MS);
    const id = nextUser++;
    const webhook = (name: 'telegram' | 'zalo', header: string) =>
      mode === 'webhook'
        ? webhookDelivery(new URL(`/webhooks/${name}`, test.url), header, WEBHOOK_SECRETS[name])
        : undefined;
    if (channel === 'telegram')
      return new TelegramCitizen(
        telegram,
        { id, first_name: 'Mận', language_code: 'vi' },
        pause,
        webhook('telegram', 'x-telegram-bot-api-secret-token'),
      );
    if (channel === 'zalo')
      return new ZaloCitizen(zalo, `zalo-user-${id}`, pause, webhook('zalo', 'x-bot-api-secret-token'));
    return new WebCitizen(test.url, pause);
  }

  // the web chat has no webhook: it runs once, with the polling apps
  it.each(CASES.filter((entry) => mode === 'polling' || entry.channel !== 'web'))(
    'on $channel ($locale): files it with a code, keeps the identity encrypted and tells the citizen of a status change',
    async ({ channel, locale, reporter }) => {
      const citizen = citizenOn(channel);
      const t = textsIn(test.app.context.i18n, locale);
      const description = `Sáng 8/5, tại nhà văn hóa khối 2, một người phát tiền cho cử tri và dặn bầu cho ông X (${channel}).`;
      const photo = channel !== 'web';

      await onboard(citizen, test.app.context.i18n, locale);
      const summary = await draftDenunciation(citizen, t, { description, reporter, photo });
      expect(summary.at(-1)?.text).toContain(TOWN.name);
      expect(summary.at(-1)?.text).toContain(t('tickets:intake.summary.evidence', { files: photo ? 1 : 0 }));
      const code = await confirm(citizen, t);
      expect(code).toMatch(/^TC-2021-\d{5}$/);

      const { db } = test.app.context;
      const ticket = await db.ticket.findUniqueOrThrow({ where: { code }, include: { attachments: true } });
      expect(ticket).toMatchObject({
        kind: 'denunciation',
        category: 'campaigning',
        localityCode: TOWN.code,
        description,
        channel,
        locale,
        status: 'received',
        afterCutoff: false,
      });
      if (channel === 'telegram')
        expect(ticket.attachments.map((file) => file.platformFileId)).toEqual([`photo-of-${citizen.platformUserId}`]);
      if (channel === 'zalo')
        expect(ticket.attachments.map((file) => file.platformFileId)).toEqual([
          `https://photo.zalo.example/${citizen.platformUserId}/evidence.jpg`,
        ]);
      if (channel === 'web') expect(ticket.attachments).toEqual([]);

      // the identity is there, encrypted: stored in clear nowhere, logged nowhere
      expect(ticket.identityEnc).toBeTruthy();
      const secrets = [reporter.fullName, reporter.address, reporter.phone];
      expect(await placesHoldingPlaintext(test.database.target, secrets)).toEqual([]);
      const logs = test.logs.join('');
      for (const secret of secrets) expect(logs).not.toContain(secret);
      // …and a supervisor can still read it back
      expect(await test.app.tickets.revealIdentity(admin, code, 'Xác minh người tố cáo')).toEqual(reporter);

      await test.app.tickets.changeStatus(admin, code, 'in_progress');
      const statusLine = t('tickets:notify.status', { code, status: t('tickets:status.in_progress') });
      const notice = await citizen.waitForMessage(statusLine);
      // Zalo lists the options under the text
      expect(notice.text.split('\n')[0]).toBe(statusLine);
      expect(notice.options.map((option) => option.label)).toContain(t('tickets:notify.myTickets'));
    },
  );
});
