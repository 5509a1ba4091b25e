// The 10-day cut-off for complaints about candidates (Election Law art. 61(2): in the 10 days
// before election day the election bodies stop considering them), through the real app and the
// web chat API on both databases, on the app's own clock. The cut-off is election day − 10
// days from 00:00 in Vietnam (2021: election day 23 May → 13 May); when an admin moves election
// day in the console, the cut-off moves with it, in what the citizen is told and in how the
// ticket is recorded, and the bot's answers give the new election day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { addOfficer, ConsoleClient } from '../console/console-harness.js';
import { newChatSession, say, type ChatReply } from '../ops/web-chat-client.js';
import { createPacedClock, type PacedClock } from './paced-clock.js';

const providers = await testProviders();
/** Lạng Sơn city and Phường Tam Thanh (seeded localities). */
const CITY = '178';
const TAM_THANH = '05974';
const LATE_NOTICE = (cutoff: string) =>
  `Xin lưu ý: từ ngày ${cutoff} (10 ngày trước ngày bầu cử), các tổ chức phụ trách bầu cử ngừng xem xét khiếu nại`;
const ANY_LATE_NOTICE = 'ngừng xem xét khiếu nại, tố cáo, kiến nghị về người ứng cử';

/** A local time in Vietnam (UTC+7), e.g. '2021-05-12T23:58:00'. */
const vietnam = (local: string) => new Date(`${local}+07:00`);

describe.each(providers)('the cut-off for complaints about candidates on %s', (provider) => {
  let test: TestApp;
  let clock: PacedClock;
  beforeAll(async () => {
    clock = createPacedClock(vietnam('2021-05-01T09:00:00'));
    test = await startTestApp(provider, {}, { clock });
  });
  afterAll(async () => {
    await test?.stop();
  });

  /** Moves the app's clock on to `at` (it only goes forward, as time does). */
  function moveTo(at: Date): void {
    const ahead = at.getTime() - clock.now().getTime();
    if (ahead < 0) throw new Error(`the clock is past ${at.toISOString()} already`);
    clock.advance(ahead);
  }

  /**
   * A new citizen, from `at`, files a named complaint about a candidate through the web chat,
   * two seconds of the app's clock between messages (a person reading and typing). Answers what
   * the bot said on the choice of "candidate", its confirmation, and the ticket as recorded.
   */
  async function complainAboutCandidate(at: Date) {
    moveTo(at);
    const session = newChatSession();
    const send = async (message: { text?: string; choice?: string }): Promise<ChatReply[]> => {
      clock.advance(2_000);
      return say(test.url, session, message);
    };
    for (const step of [{ text: 'xin chào' }, { choice: 'consent:yes' }, { choice: 'lang:vi' }]) await send(step);
    await send({ choice: 'flow:intake' });
    await send({ choice: 'complaint' });
    const onCategory = (await send({ choice: 'candidate' })).map((reply) => reply.text).join('\n');
    await send({ choice: `d:${CITY}` });
    await send({ choice: `c:${TAM_THANH}` });
    await send({ text: 'Người ứng cử ở phường tôi khai không đúng trình độ học vấn trong hồ sơ ứng cử.' });
    await send({ choice: 'done' });
    await send({ text: 'Hoàng Văn Nam' });
    await send({ text: 'Số 5 đường Bà Triệu, phường Tam Thanh' });
    const summary = await send({ text: '0912000111' });
    expect(summary.at(-1)?.options?.map((option) => option.id)).toContain('confirm');
    const confirmation = (await send({ choice: 'confirm' })).map((reply) => reply.text).join('\n');
    const code = /KN-2021-\d{5}/.exec(confirmation)?.[0];
    if (!code) throw new Error(`no ticket code in: ${confirmation}`);
    const ticket = await test.app.context.db.ticket.findUniqueOrThrow({ where: { code } });
    return { onCategory, confirmation, afterCutoff: ticket.afterCutoff };
  }

  it('takes a complaint the day before 13 May 2021 as usual, and from 00:00 on 13 May (Vietnam) says it is past the cut-off', async () => {
    const dayBefore = await complainAboutCandidate(vietnam('2021-05-12T23:58:00'));
    expect(dayBefore.onCategory).not.toContain(ANY_LATE_NOTICE);
    expect(dayBefore.confirmation).not.toContain(ANY_LATE_NOTICE);
    expect(dayBefore.afterCutoff).toBe(false);

    // 00:00 local is 17:00 UTC the day before: a cut-off counted in UTC would still let this through
    const cutoffDay = await complainAboutCandidate(vietnam('2021-05-13T00:00:00'));
    expect(cutoffDay.onCategory).toContain(LATE_NOTICE('13/05/2021'));
    expect(cutoffDay.confirmation).toContain(LATE_NOTICE('13/05/2021'));
    // still recorded, marked for the new term's body
    expect(cutoffDay.confirmation).toContain('Mã phiếu của bạn');
    expect(cutoffDay.afterCutoff).toBe(true);
  });

  it('moves the cut-off with election day when an admin moves it in the console (30 May → 20 May)', async () => {
    moveTo(vietnam('2021-05-13T08:00:00'));
    await addOfficer(test.app.context.db, 'calendar.admin', 'admin', null);
    const admin = new ConsoleClient(test.url, clock);
    expect((await admin.login('calendar.admin')).status).toBe(200);
    expect((await admin.request('PUT', '/api/console/broadcasts/calendar', { electionDay: '2021-05-30' })).status).toBe(
      200,
    );
    expect((await admin.get('/api/console/broadcasts/calendar')).body.calendar).toMatchObject({
      electionDay: '2021-05-30',
      candidateComplaintsCutoff: '2021-05-20',
    });

    // the bot tells the new election day too: each instance rebuilds its answers within seconds
    // (npm run bench:rebuild), given room here for a slow machine running other test files beside
    const askElectionDay = async () => {
      const session = newChatSession();
      for (const step of [{ text: 'xin chào' }, { choice: 'consent:yes' }, { choice: 'lang:vi' }])
        await say(test.url, session, step);
      return (await say(test.url, session, { text: 'Ngày bầu cử là ngày nào?' })).map((reply) => reply.text).join('\n');
    };
    await expect.poll(askElectionDay, { timeout: 60_000, interval: 500 }).toContain('ngày 30/05/2021');

    // 13 May was the cut-off for 23 May; for 30 May a complaint is on time until 20 May
    const formerCutoffDay = await complainAboutCandidate(vietnam('2021-05-13T09:00:00'));
    expect(formerCutoffDay.onCategory).not.toContain(ANY_LATE_NOTICE);
    expect(formerCutoffDay.confirmation).not.toContain(ANY_LATE_NOTICE);
    expect(formerCutoffDay.afterCutoff).toBe(false);

    const dayBefore = await complainAboutCandidate(vietnam('2021-05-19T23:58:00'));
    expect(dayBefore.onCategory).not.toContain(ANY_LATE_NOTICE);
    expect(dayBefore.afterCutoff).toBe(false);

    const cutoffDay = await complainAboutCandidate(vietnam('2021-05-20T00:00:00'));
    expect(cutoffDay.onCategory).toContain(LATE_NOTICE('20/05/2021'));
    expect(cutoffDay.confirmation).toContain(LATE_NOTICE('20/05/2021'));
    expect(cutoffDay.afterCutoff).toBe(true);
  }, 120_000);
});
