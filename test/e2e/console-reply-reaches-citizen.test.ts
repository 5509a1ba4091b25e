// Issue 6 end to end in headless Chromium: a citizen files a denunciation on the fake Telegram
// server; an officer of that district signs in to the console, filters the queue, opens the
// ticket and replies — the citizen receives the reply on Telegram — then changes the status, and
// the citizen is told, in English as they chose. Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, runBrowserTests } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficer } from '../../src/console/officers.js';
import { fileVoterListComplaint, startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { TelegramCitizen } from './chat-drivers.js';
import { confirm, draftDenunciation, onboard, textsIn, TOWN } from './citizen-steps.js';
import { createPacedClock, TYPING_PAUSE_MS } from './paced-clock.js';

const providers = await testProviders();
const SCREENSHOTS = path.resolve('test-results');
const PASSWORD = 'correct horse battery';
const CAO_LOC_DISTRICT = '183';

describe.skipIf(!runBrowserTests).each(providers)(
  'an officer answers a Telegram citizen from the console on %s',
  (provider) => {
    let telegram: FakeTelegram;
    let test: TestApp;
    let browser: Browser;
    // real time, so that the console's session cookie is current for the browser
    const clock = createPacedClock(new Date());

    beforeAll(async () => {
      telegram = await FakeTelegram.start();
      test = await startTestApp(
        provider,
        { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url },
        { clock },
      );
      await createOfficer(test.app.context.db, {
        username: 'caoloc.officer',
        password: PASSWORD,
        role: 'officer',
        localityCode: CAO_LOC_DISTRICT,
        displayName: 'Cán bộ Cao Lộc',
      });
      mkdirSync(SCREENSHOTS, { recursive: true });

      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await test?.stop();
      await telegram?.stop();
    });

    it('delivers the reply and the status change to the citizen on Telegram', async () => {
      const en = textsIn(test.app.context.i18n, 'en');
      const citizen = new TelegramCitizen(telegram, { id: 9501, first_name: 'Mai', language_code: 'vi' }, () =>
        clock.advance(TYPING_PAUSE_MS),
      );
      await onboard(citizen, test.app.context.i18n, 'en');
      const description =
        'On 8 May at the village hall in Dong Dang, a man handed out cash and told voters whom to choose.';
      await draftDenunciation(citizen, en, {
        description,
        reporter: { fullName: 'Hoàng Thị Mai', address: 'Khối 4, thị trấn Đồng Đăng', phone: '0912000111' },
        photo: true,
      });
      const code = await confirm(citizen, en);
      // another ticket in the same town, which the filter must hide
      await fileVoterListComplaint(test.app, TOWN.code, null);

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(new URL('/console/', test.url).href);
      await page.fill('#f-username', 'caoloc.officer');
      await page.fill('#f-password', PASSWORD);
      await page.click('#form-login button[type=submit]');
      await page.locator('#ticket-list li').nth(1).waitFor();
      expect(await page.locator('#ticket-list li').count()).toBe(2);

      await page.selectOption('#filter-kind', 'denunciation');
      await page.click('#filter-apply');
      await page.locator('#ticket-list li').nth(1).waitFor({ state: 'detached' });
      expect(await page.locator('#ticket-list li').getAttribute('data-code')).toBe(code);
      await page.screenshot({ path: path.join(SCREENSHOTS, `e2e-console-queue-${provider}.png`), fullPage: true });

      await page.click(`#ticket-list li[data-code="${code}"] a.code`);
      await page.waitForSelector('#ticket-description');
      expect(await page.textContent('#ticket-description')).toBe(description);

      const reply =
        'Thank you. The commune election committee is checking what you reported and will answer within the legal time limit.';
      await page.fill('#reply-text', reply);
      await page.click('#reply-form button[type=submit]');
      // the request answers once the reply is stored in the outbox; the outbox sends it
      await page.waitForSelector('#timeline li.officer_reply [data-delivery]');
      const received = await citizen.waitForMessage(en('tickets:notify.reply', { code, text: reply }));
      expect(received.options.map((option) => option.label)).toContain(en('tickets:notify.myTickets'));
      await expect
        .poll(
          async () => (
            await page.reload(),
            await page.waitForSelector('#timeline li.officer_reply [data-delivery]'),
            await page.getAttribute('#timeline li.officer_reply [data-delivery]', 'data-delivery')
          ),
        )
        .toBe('sent');

      await page.selectOption('#status-select', 'in_progress');
      await page.click('#status-form button[type=submit]');
      await page
        .locator('#ticket-status', { hasText: test.app.context.i18n.t('vi', 'tickets:status.in_progress') })
        .waitFor();
      await citizen.waitForMessage(en('tickets:notify.status', { code, status: en('tickets:status.in_progress') }));
      await page.screenshot({ path: path.join(SCREENSHOTS, `e2e-console-ticket-${provider}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  },
);
