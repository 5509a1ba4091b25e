// The chat widget in a real browser when the server refuses a message: the citizen always sees
// why, never an empty chat. A database outage (private PostgreSQL cluster, stopped) gives the
// "try again in a few minutes" text; the per-address limit gives its own explanation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, runBrowserTests } from '../support/browser.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { spawnApp, type ChildApp } from './child-app.js';
import { PrivatePostgres, privatePostgresUnavailable } from './private-postgres.js';
import { inCi } from '../support/ci.js';

const unavailable = privatePostgresUnavailable();
if (unavailable && inCi())
  throw new Error(`this test needs a private PostgreSQL cluster, which cannot be started here: ${unavailable}`);
if (unavailable) process.stderr.write(`\n[tests] SKIPPED the widget outage test: ${unavailable}\n\n`);

describe.skipIf(!runBrowserTests)('the web chat widget when a message is refused', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openChat(url: URL): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await page.goto(new URL('/chat', url).href);
    return page;
  }

  it.skipIf(unavailable !== null)(
    'says the service is briefly down, in Vietnamese, while the database is down',
    { timeout: 120_000 },
    async () => {
      const cluster = await PrivatePostgres.start();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-widget-'));
      let app: ChildApp | undefined;
      try {
        app = await spawnApp({ DATABASE_URL: cluster.url, DATA_DIR: dataDir, WEB_CHAT_REQUESTS_PER_MINUTE: '0' });
        const page = await openChat(app.url);
        await page.getByRole('button', { name: 'Tôi đồng ý' }).click();
        await page.getByRole('button', { name: 'Tiếng Việt' }).waitFor();
        cluster.stop();
        await page.getByRole('button', { name: 'Tiếng Việt' }).click();
        await page.getByText('Hệ thống đang tạm gián đoạn. Bạn vui lòng thử lại sau ít phút.').waitFor();
      } finally {
        await app?.stop();
        cluster.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('explains the per-address limit instead of showing nothing', async () => {
    // the widget's first requests (texts, greeting; no poll before it has a session) and one click fit in the limit
    const test: TestApp = await startTestApp('sqlite', { WEB_CHAT_REQUESTS_PER_MINUTE: '3' });
    try {
      const page = await openChat(test.url);
      await page.getByRole('button', { name: 'Tôi đồng ý' }).click();
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await page.getByText('Bạn gửi quá nhiều tin trong một phút', { exact: false }).waitFor();
    } finally {
      await test.stop();
    }
  });
});
