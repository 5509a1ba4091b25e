// The chat widget in a real browser on a phone-sized screen, under the server's strict CSP.
import type { Browser } from 'playwright-core';
import { launchChromium, runBrowserTests } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app.js';

describe.skipIf(!runBrowserTests)('the web chat widget', () => {
  let test: TestApp;
  let browser: Browser | undefined;
  beforeAll(async () => {
    test = await startTestApp('sqlite');

    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('greets in Vietnamese on a 360 px screen, and works through buttons and typed questions', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(new URL('/chat', test.url).href);
    await page.getByRole('button', { name: 'Tôi đồng ý' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: 'Hỏi về bầu cử' }).first().waitFor();
    await page.getByPlaceholder('Nhập câu hỏi…').fill('<b>bầu cử</b> ngày nào?');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('ngày 23/05/2021', { exact: false }).first().waitFor();
    // a vague question is asked back with the likely entries as buttons
    await page.getByPlaceholder('Nhập câu hỏi…').fill('thẻ cử tri');
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Bạn muốn hỏi về điều nào dưới đây?', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Thẻ cử tri là gì, có bắt buộc mang khi đi bầu không?' }).click();
    await page.getByText('xuất trình thẻ cử tri', { exact: false }).first().waitFor();
    // what the citizen typed is shown as text, never interpreted as HTML
    expect(await page.locator('.cutri-me b').count()).toBe(0);
    await expect.poll(() => page.getByText('<b>bầu cử</b> ngày nào?').count()).toBe(1);
    const width = z.number().parse(await page.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
  });
});
