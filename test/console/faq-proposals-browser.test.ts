// The unanswered-questions page in real headless Chromium: a supervisor finds a question the bot
// could not answer (holding markup, shown as plain text), filters the entries, attaches the
// question to one; another admin approves it; and the bot now answers it. Screenshots go to
// test-results/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { WebCitizen } from '../e2e/chat-drivers.js';
import { onboard } from '../e2e/citizen-steps.js';
import { addOfficer, signedIn } from './console-harness.js';

const SCREENSHOTS = path.resolve('test-results');
const HOSTILE = 'Bầu cử có livestream <img src=x onerror="alert(1)"> tiktok không?';
const WATCH_COUNT = 'watch-count';

describe('the unanswered-questions page in Chromium', () => {
  let test: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    test = await startTestApp('sqlite');
    await addOfficer(test.app.context.db, 'ui.kb.supervisor', 'supervisor', null);
    await addOfficer(test.app.context.db, 'ui.kb.admin', 'admin', null);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  const citizen = async () => {
    const chat = new WebCitizen(test.url);
    await onboard(chat, test.app.context.i18n, 'vi');
    return chat;
  };

  /** A browser signed in as `username` (the sign-in and its second factor go through the API). */
  async function pageOf(username: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const client = await signedIn(test.url, username);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = client.cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: new URL('/api/console/', test.url).href }]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return { context, page, problems };
  }

  it('lets a supervisor attach a question to an entry and another admin approve it; the bot then answers it', async () => {
    const first = await (await citizen()).post({ text: HOSTILE });
    expect(first.replies[0]).toMatchObject({ kind: 'fallback' });

    const supervisor = await pageOf('ui.kb.supervisor');
    await supervisor.page.goto(new URL('/console/#/unanswered', test.url).href);
    const row = supervisor.page.locator('#unanswered-list li', { hasText: 'livestream' });
    await row.waitFor();
    expect(await row.locator('.question').textContent()).toBe(HOSTILE);
    expect(await supervisor.page.locator('#unanswered img, #unanswered script').count()).toBe(0);

    // the draft form starts the question's side with it; closed again without sending
    await row.locator('button[data-action=draft]').click();
    await supervisor.page.locator('#faq-entry-form').waitFor();
    expect(await supervisor.page.inputValue('#fe-vi-question')).toBe(HOSTILE);
    expect(await supervisor.page.inputValue('#fe-en-question')).toBe('');
    await supervisor.page.screenshot({ path: path.join(SCREENSHOTS, 'console-unanswered-draft.png'), fullPage: true });
    await row.locator('button[data-action=attach]').click();
    await supervisor.page.locator('#faq-attach-form').waitFor();
    expect(await supervisor.page.inputValue('#fa-text')).toBe(HOSTILE);
    expect(await supervisor.page.inputValue('#fa-locale')).toBe('vi');
    await supervisor.page.fill('#fa-filter', 'theo doi kiem phieu');
    const visible = await supervisor.page
      .locator('#fa-entry option:not([hidden])')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value')));
    expect(visible).toContain(WATCH_COUNT);
    expect(visible.length).toBeLessThan(10);
    // the citizen's markup is not worth keeping in the variant
    await supervisor.page.fill('#fa-text', 'Bầu cử có livestream tiktok không?');
    await supervisor.page.selectOption('#fa-entry', WATCH_COUNT);
    await supervisor.page.click('#faq-attach-form button[type=submit]');
    await supervisor.page.locator('#faq-pending li[data-status=pending]').waitFor();
    expect(await supervisor.page.textContent('#flash')).toBe(
      test.app.context.i18n.t('vi', 'console:ui.unanswered.done.proposed'),
    );
    // the author sees no approve button on their own proposal
    expect(await supervisor.page.locator('#faq-pending button[data-action=approve]').count()).toBe(0);
    await supervisor.page.screenshot({ path: path.join(SCREENSHOTS, 'console-unanswered.png'), fullPage: true });

    const admin = await pageOf('ui.kb.admin');
    await admin.page.goto(new URL('/console/#/unanswered', test.url).href);
    const proposal = admin.page.locator('#faq-pending li[data-status=pending]');
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('Bầu cử có livestream tiktok không?');
    await proposal.locator('button[data-action=approve]').click();
    await admin.page.locator('#faq-decided li[data-status=approved]').waitFor();
    expect(await admin.page.textContent('#flash')).toBe(
      test.app.context.i18n.t('vi', 'console:ui.unanswered.done.approved'),
    );
    await admin.page.screenshot({ path: path.join(SCREENSHOTS, 'console-unanswered-approved.png'), fullPage: true });

    const again = await (await citizen()).post({ text: 'Bầu cử có livestream tiktok không?' });
    expect(again.replies[0]).toMatchObject({ kind: 'answer', faqId: WATCH_COUNT });
    expect(supervisor.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await supervisor.context.close();
    await admin.context.close();
  });
});
