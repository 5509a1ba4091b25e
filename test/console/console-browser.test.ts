// The console in real headless Chromium: sign in, filter the queue, open a ticket whose text
// carries markup (shown inert), reply with a canned text, change the status; screenshots of
// the queue and of a ticket go to test-results/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, runBrowserTests } from '../support/browser.js';
import { TOTP } from 'otpauth';
import {
  addOfficer,
  COMMUNE_A,
  PASSWORD,
  seedTicket,
  startConsoleServer,
  type ConsoleServer,
} from './console-harness.js';

const SCREENSHOTS = path.resolve('test-results');
const HOSTILE = 'Tôi khiếu nại <script>alert(1)</script> và <img src=x onerror="alert(2)"> cả hai';

describe.skipIf(!runBrowserTests)('the officer console in Chromium', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let hostileCode: string;
  let overdueCode: string;

  beforeAll(async () => {
    server = await startConsoleServer('sqlite');
    await addOfficer(server.db, 'ui.officer', 'officer', COMMUNE_A);
    hostileCode = await seedTicket(server, { localityCode: COMMUNE_A, description: HOSTILE, dueInHours: 30 });
    overdueCode = await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Tổ bầu cử chưa niêm yết danh sách',
      dueInHours: -3,
    });
    await seedTicket(server, {
      localityCode: COMMUNE_A,
      description: 'Kiến nghị thêm điểm bỏ phiếu',
      kind: 'petition',
      dueInHours: 400,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in, filters the queue, shows hostile citizen text as plain text, replies and changes the status on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // a 401 from /api/console/me before signing in is expected; script and CSP errors are not
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(new URL('/console/', server.url).href);
    await page.fill('#f-username', 'ui.officer');
    await page.fill('#f-password', PASSWORD);
    await page.click('#form-login button[type=submit]');
    await page.waitForSelector('#ticket-list li');
    expect(await page.locator('#ticket-list li').count()).toBe(3);
    // sorted by due date: the overdue ticket first, with its badge
    expect(await page.locator('#ticket-list li').first().getAttribute('data-code')).toBe(overdueCode);
    expect(await page.locator('#ticket-list li').first().locator('.badge.overdue').count()).toBe(1);

    await page.check('input[name=overdue]');
    await page.click('#filter-apply');
    await page.locator('#ticket-list li').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('#ticket-list li').count()).toBe(1);
    expect(await page.locator('#ticket-list li').getAttribute('data-code')).toBe(overdueCode);
    await page.uncheck('input[name=overdue]');
    await page.click('#filter-apply');
    await page.locator('#ticket-list li').nth(2).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-queue.png'), fullPage: true });

    await page.click(`#ticket-list li[data-code="${hostileCode}"] a.code`);
    await page.waitForSelector('#ticket-description');
    expect(await page.textContent('#ticket-description')).toBe(HOSTILE);
    expect(await page.locator('#ticket-description img, #ticket-description script').count()).toBe(0);

    await page.selectOption('#canned', { index: 1 });
    expect(await page.inputValue('#reply-text')).not.toBe('');
    await page.click('#reply-form button[type=submit]');
    await page.waitForSelector('#timeline li.officer_reply [data-delivery="sent"]');
    expect(
      server.sent.some((delivery) => JSON.stringify(delivery.replies).includes('Ban bầu cử đã nhận được khiếu nại')),
    ).toBe(true);

    await page.selectOption('#status-select', 'in_progress');
    await page.click('#status-form button[type=submit]');
    await page.locator('#ticket-status', { hasText: 'Đang xử lý' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-ticket.png'), fullPage: true });

    await page.click('#language');
    await page.locator('#ticket-status', { hasText: 'In progress' }).waitFor();
    // nothing overflows the 360-px screen sideways
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('walks a supervisor through TOTP enrolment, reveals an identity after a reason, and draws the dashboard', async () => {
    await addOfficer(server.db, 'ui.supervisor', 'supervisor', null);
    const code = await seedTicket(server, {
      localityCode: COMMUNE_A,
      kind: 'denunciation',
      identity: { fullName: 'Hoàng Thị Cúc', address: 'Thôn 5', phone: '0911222333' },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(new URL('/console/', server.url).href);
    await page.fill('#f-username', 'ui.supervisor');
    await page.fill('#f-password', PASSWORD);
    await page.click('#form-login button[type=submit]');
    await page.click('#totp-enrol');
    const secret = await page.locator('#totp-secret').textContent();
    if (!secret) throw new Error('no secret shown');
    await page.fill('#f-code', new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate());
    await page.click('#form-totp button[type=submit]');
    await page.waitForSelector('#ticket-list li');

    await page.goto(new URL(`/console/#/ticket/${code}`, server.url).href);
    await page.fill('#reveal-reason', 'Cần liên hệ người tố cáo để xác minh');
    await page.click('#reveal-form button[type=submit]');
    await page.locator('#identity', { hasText: 'Hoàng Thị Cúc' }).waitFor();
    expect(await server.db.auditLog.count({ where: { targetId: code } })).toBeGreaterThan(0);

    await page.click('a[href="#/dashboard"]');
    // Chart.js styles the canvas it has drawn on
    await page.locator('#chart-kind[style*="box-sizing"]').waitFor();
    await page.locator('#chart-locality[style*="box-sizing"]').waitFor();
    expect(await page.locator('#median-reply').textContent()).toBeTruthy();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
