// GET /metrics as Prometheus scrapes it, on a running app and both databases: the bearer token,
// and figures that follow what citizens do (updates, answers, tickets, overdue, deliveries).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { newChatSession, say, walkPetitionToSummary } from './web-chat-client.js';

const providers = await testProviders();
const TOKEN = 'metrics-token-0123456789abcdef';
const DAY_MS = 24 * 60 * 60_000;

/** The value of one sample line, e.g. sample(text, 'cutri_tickets{status="received"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(providers)('/metrics on %s', (provider) => {
  let test: TestApp;
  let now = new Date();
  beforeAll(async () => {
    test = await startTestApp(provider, { METRICS_TOKEN: TOKEN }, { clock: { now: () => now } });
  });
  afterAll(async () => {
    await test.stop();
  });

  const scrape = (authorization?: string) =>
    fetch(new URL('/metrics', test.url), authorization ? { headers: { authorization } } : {});
  async function scrapeText(): Promise<string> {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  }

  it('refuses a scraper without the token or with a wrong one', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
    expect(await scrapeText()).toContain('# TYPE cutri_tickets gauge');
  });

  it('counts web chat updates, answer outcomes and filed tickets, and sees a ticket become overdue', async () => {
    const session = newChatSession();
    await walkPetitionToSummary(test.url, session);
    await say(test.url, session, { choice: 'confirm' });
    const asker = newChatSession();
    await say(test.url, asker, { text: 'xin chào' });
    await say(test.url, asker, { choice: 'consent:yes' });
    await say(test.url, asker, { choice: 'lang:vi' });
    await say(test.url, asker, { choice: 'ask' });
    await say(test.url, asker, { text: 'Ngày bầu cử là ngày nào?' });

    const text = await scrapeText();
    expect(sample(text, 'cutri_updates_last_minute{channel="web"}')).toBe(17);
    const answered = text.split('\n').filter((row) => row.startsWith('cutri_answers_total{'));
    expect(answered.reduce((sum, row) => sum + Number(row.split(' ').at(-1)), 0)).toBe(1);
    expect(sample(text, 'cutri_tickets{status="received"}')).toBe(1);
    expect(sample(text, 'cutri_tickets_overdue')).toBe(0);

    // a minute later the rate window is empty; far past the due date the ticket is overdue
    const ticket = await test.app.context.db.ticket.findFirstOrThrow();
    now = new Date(ticket.dueAt.getTime() + DAY_MS);
    const later = await scrapeText();
    expect(sample(later, 'cutri_updates_last_minute{channel="web"}')).toBeUndefined();
    expect(sample(later, 'cutri_tickets_overdue')).toBe(1);
    now = new Date();
  });

  it('shows the broadcast delivery queue by status and what was sent in the last minute', async () => {
    const { db } = test.app.context;
    const citizens = await db.citizen.findMany({ take: 2 });
    const broadcast = await db.broadcast.create({
      data: { title: 'Nhắc lịch', textVi: 'Ngày mai bầu cử.', textEn: 'Election tomorrow.', status: 'sending' },
    });
    await db.delivery.create({
      data: { broadcastId: broadcast.id, citizenId: citizens[0]?.id ?? '', channel: 'web', status: 'pending' },
    });
    await db.delivery.create({
      data: {
        broadcastId: broadcast.id,
        citizenId: citizens[1]?.id ?? '',
        channel: 'web',
        status: 'sent',
        sentAt: now,
      },
    });
    const text = await scrapeText();
    expect(sample(text, 'cutri_delivery_queue{status="pending"}')).toBe(1);
    expect(sample(text, 'cutri_delivery_queue{status="sent"}')).toBe(1);
    expect(sample(text, 'cutri_deliveries_sent_last_minute{channel="web"}')).toBe(1);
  });
});

describe('/metrics counters of a platform channel', () => {
  let telegram: FakeTelegram;
  let test: TestApp;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    test = await startTestApp('sqlite', {
      METRICS_TOKEN: TOKEN,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
    });
  });
  afterAll(async () => {
    await test.stop();
    await telegram.stop();
  });

  it('counts a Telegram message handled and the replies sent, and a citizen who blocked the bot', async () => {
    const scrape = async () =>
      (await fetch(new URL('/metrics', test.url), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    telegram.injectUpdate(telegram.textUpdate({ id: 9101 }, '/start'));
    await telegram.waitFor(() => telegram.sentMessages(9101).length >= 2);
    await expect
      .poll(async () => sample(await scrape(), 'cutri_platform_sends_total{channel="telegram",result="sent"}'))
      .toBe(2);
    expect(sample(await scrape(), 'cutri_updates_total{channel="telegram"}')).toBe(1);

    telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    telegram.injectUpdate(telegram.textUpdate({ id: 9102 }, '/start'));
    await expect
      .poll(async () => sample(await scrape(), 'cutri_platform_sends_total{channel="telegram",result="unreachable"}'))
      .toBe(1);
    expect(sample(await scrape(), 'cutri_updates_total{channel="telegram"}')).toBe(2);
    // unreachable is final: the second reply is never tried, the citizen is marked as gone
    await expect
      .poll(
        async () =>
          (await test.app.context.db.citizen.findFirst({ where: { channel: 'telegram', platformUserId: '9102' } }))
            ?.blocked,
      )
      .toBe(true);
    expect(telegram.sentMessages(9102)).toEqual([]);
    expect(telegram.callsOf('sendMessage').filter((call) => String(call.body.chat_id) === '9102')).toHaveLength(1);
  });
});
