// Broadcasts in real headless Chromium against the whole app (scheduler and delivery engine
// running): an officer composes a broadcast to every subscriber on a phone-sized screen, a
// supervisor is refused approving their own broadcast, approves the officer's, and watches the
// progress bar reach 100 %. Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, runBrowserTests } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { writeSetting } from '../../src/settings/settings-store.js';
import { addOfficer, PASSWORD, signedIn } from './console-harness.js';

const SCREENSHOTS = path.resolve('test-results');
const SUBSCRIBERS = 30;
const MARKUP = 'Mời bà con đi bầu <img src=x onerror="alert(1)"> sớm';

function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    // a 401 from /api/console/me before signing in and the refused approval are expected; script and CSP errors are not
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

describe.skipIf(!runBrowserTests)('broadcasts in the officer console in Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    const { db } = app.app.context;
    // whatever the hour of the test run, night-time quiet hours must not hold the broadcast
    await writeSetting(db, 'broadcasts.settings', { quietHours: null });
    await db.citizen.createMany({
      data: Array.from({ length: SUBSCRIBERS }, (_, index) => ({
        channel: 'web',
        platformUserId: `web-${index}`,
        chatId: `web-${index}`,
        subscribed: true,
        locale: index % 2 ? 'en' : 'vi',
      })),
    });
    await addOfficer(db, 'bc.writer', 'officer', null);
    await addOfficer(db, 'bc.approver', 'supervisor', null);
    mkdirSync(SCREENSHOTS, { recursive: true });

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('composes a broadcast to all subscribers, refuses self-approval, and shows a second person’s approval sending it to 100 %', async () => {
    const { db } = app.app.context;
    // The officer writes it on a 360-px phone screen.
    const writer = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const writerProblems = watchForProblems(writer);
    await writer.goto(new URL('/console/', app.url).href);
    await writer.fill('#f-username', 'bc.writer');
    await writer.fill('#f-password', PASSWORD);
    await writer.click('#form-login button[type=submit]');
    await writer.click('a[href="#/broadcasts"]');
    await writer.fill('#bc-title', 'Nhắc ngày bầu cử');
    await writer.fill('#bc-textVi', MARKUP);
    await writer.fill('#bc-textEn', 'Please come and vote early.');
    await writer.locator('#broadcast-estimate', { hasText: `${SUBSCRIBERS} người nhận` }).waitFor();
    await writer.click('#bc-save-submit');
    const item = writer.locator('#broadcast-list li[data-status="pending_approval"]');
    await item.waitFor();
    const broadcastId = await item.getAttribute('data-id');
    if (!broadcastId) throw new Error('the broadcast has no id in the list');
    // an officer cannot approve: the button is not even offered
    expect(await item.locator('[data-action="approve"]').count()).toBe(0);
    await item.locator('summary').first().click();
    expect(await item.locator('.text').first().textContent()).toBe(MARKUP);
    expect(await item.locator('img').count()).toBe(0);
    expect(await writer.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await writer.screenshot({ path: path.join(SCREENSHOTS, 'console-broadcasts-compose.png'), fullPage: true });

    // A supervisor (signed in with the second factor through the API; the session cookie handed to the browser).
    const supervisor = await signedIn(app.url, 'bc.approver');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([
      {
        name: 'cutri_console',
        value: supervisor.cookie.replace(/^cutri_console=/, ''),
        domain: app.url.hostname,
        path: '/api/console',
      },
    ]);
    const approver = await context.newPage();
    const approverProblems = watchForProblems(approver);
    await approver.goto(new URL('/console/#/broadcasts', app.url).href);

    // Their own broadcast: approving it is refused with a clear message, and nothing is sent.
    await approver.fill('#bc-title', 'Thông báo của giám sát viên');
    await approver.fill('#bc-textVi', 'Nội dung tự soạn');
    await approver.fill('#bc-textEn', 'Self-written text');
    await approver.click('#bc-save-submit');
    const own = approver.locator('#broadcast-list li', { hasText: 'Thông báo của giám sát viên' });
    await own.locator('[data-action="approve"]').click();
    await own.locator('.error', { hasText: 'Bạn không thể tự duyệt thông báo do mình soạn' }).waitFor();
    expect(await own.getAttribute('data-status')).toBe('pending_approval');

    // The officer's broadcast: approved by the second person, it goes out and the bar fills up.
    const theirs = approver.locator(`#broadcast-${broadcastId}`);
    await theirs.locator('[data-action="approve"]').click();
    await approver
      .locator(`#broadcast-${broadcastId}[data-status="completed"] progress[value="100"]`)
      .waitFor({ timeout: 30_000 });
    expect(await approver.locator(`#broadcast-${broadcastId} .progress-text`).textContent()).toContain(
      `Đã gửi ${SUBSCRIBERS}`,
    );
    await approver.screenshot({ path: path.join(SCREENSHOTS, 'console-broadcasts-progress.png'), fullPage: true });

    const outbound = await db.outboundMessage.findMany({
      where: { kind: 'notice' },
      include: { citizen: { select: { locale: true, platformUserId: true } } },
    });
    expect(outbound).toHaveLength(SUBSCRIBERS);
    expect(new Set(outbound.map((message) => message.citizenId)).size).toBe(SUBSCRIBERS);
    // sealed at rest; each web subscriber's mailbox reads it in their language
    expect(outbound.some((message) => message.text.includes('vote early'))).toBe(false);
    for (const message of outbound.filter((row) => row.citizen?.locale === 'en')) {
      expect(
        (await app.app.outbox.store.mailbox(message.citizen?.platformUserId ?? '', 0, 5)).map((mail) => mail.text),
      ).toEqual(['Please come and vote early.']);
    }
    expect(await db.delivery.count({ where: { broadcast: { title: 'Thông báo của giám sát viên' } } })).toBe(0);

    expect(writerProblems).toEqual([]);
    expect(approverProblems).toEqual([]);
    await context.close();
    await writer.close();
  });

  it('lets an admin move election day, draft the reminder plan from it, and edit a reminder without losing its timing', async () => {
    const { db } = app.app.context;
    await addOfficer(db, 'bc.admin', 'admin', null);
    const admin = await signedIn(app.url, 'bc.admin');
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addCookies([
      {
        name: 'cutri_console',
        value: admin.cookie.replace(/^cutri_console=/, ''),
        domain: app.url.hostname,
        path: '/api/console',
      },
    ]);
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(new URL('/console/#/broadcasts', app.url).href);

    await page.fill('#cal-electionDay', '2021-05-30');
    await page.click('#calendar-save');
    await page.locator('#flash', { hasText: 'Đã lưu.' }).waitFor();
    expect(await page.inputValue('#cal-electionDay')).toBe('2021-05-30');

    await page.click('#reminder-plan-generate');
    await page.locator('#flash', { hasText: 'Đã tạo 6 thông báo nháp' }).waitFor();
    expect(await page.locator('#broadcast-list li[data-status="draft"]').count()).toBe(6);
    const morning = await db.broadcast.findUniqueOrThrow({ where: { reminderKey: 'electionMorning' } });
    // 06:00 in Lạng Sơn (UTC+7) on the new election day
    expect(morning.scheduledAt?.toISOString()).toBe('2021-05-29T23:00:00.000Z');

    await page.locator(`#broadcast-${morning.id} [data-action="edit"]`).click();
    await page.locator('#broadcast-form h2', { hasText: 'Sửa thông báo' }).waitFor();
    expect(await page.inputValue('#bc-title')).toBe(morning.title);
    expect(await page.isChecked('#bc-when-at')).toBe(true);
    await page.fill('#bc-textEn', 'Today is election day. Bring your voter card.');
    await page.click('#bc-save');
    await page.locator('#flash', { hasText: 'Đã lưu.' }).waitFor();
    const edited = await db.broadcast.findUniqueOrThrow({ where: { id: morning.id } });
    expect(edited).toMatchObject({
      status: 'draft',
      textEn: 'Today is election day. Bring your voter card.',
      scheduledAt: morning.scheduledAt,
      staleAt: morning.staleAt,
      textVi: morning.textVi,
    });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});
