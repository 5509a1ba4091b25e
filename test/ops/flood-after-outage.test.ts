// A citizen who keeps retrying while the database is down (503 or "try again") is not told
// "you are sending too fast" once it is back: only messages that were handled count for flood
// control. On a private PostgreSQL cluster that is stopped and started (never the shared one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApp, type ChildApp } from './child-app.js';
import { PrivatePostgres, privatePostgresUnavailable } from './private-postgres.js';
import { newChatSession, postChat, say } from './web-chat-client.js';
import { inCi } from '../support/ci.js';

const unavailable = privatePostgresUnavailable();
if (unavailable && inCi())
  throw new Error(`this test needs a private PostgreSQL cluster, which cannot be started here: ${unavailable}`);
if (unavailable) process.stderr.write(`\n[tests] SKIPPED the flood-after-outage test: ${unavailable}\n\n`);
const FLOOD_TEXT = 'Bạn gửi tin nhanh quá';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)('flood control around a database outage', () => {
  let cluster: PrivatePostgres;
  let app: ChildApp;
  let dataDir: string;

  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-flood-'));
    // all traffic comes from 127.0.0.1: the per-address limit is not what is tested here
    app = await spawnApp({ DATABASE_URL: cluster.url, DATA_DIR: dataDir, WEB_CHAT_REQUESTS_PER_MINUTE: '0' });
  }, 120_000);
  afterAll(async () => {
    await app.stop();
    cluster.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not count the messages that failed during the outage', { timeout: 120_000 }, async () => {
    const session = newChatSession();
    await say(app.url, session, { text: 'xin chào' });
    await say(app.url, session, { choice: 'consent:yes' });
    await say(app.url, session, { choice: 'lang:vi' });

    cluster.stop();
    // more retries than the flood limit (12 in 20 s): each one fails, none is "too fast"
    for (let attempt = 0; attempt < 14; attempt++) {
      const { status, body } = await postChat(app.url, session, { text: 'Ngày bầu cử là ngày nào?' });
      expect(status === 503 || JSON.stringify(body).includes('thử lại sau')).toBe(true);
      expect(JSON.stringify(body)).not.toContain(FLOOD_TEXT);
    }
    cluster.start();
    let healthy = false;
    for (let attempt = 0; attempt < 120 && !healthy; attempt++) {
      healthy = (await fetch(new URL('/healthz', app.url))).status === 200;
      if (!healthy) await sleep(250);
    }
    expect(healthy).toBe(true);

    const answer = (await say(app.url, session, { text: 'Ngày bầu cử là ngày nào?' }))
      .map((reply) => reply.text)
      .join('\n');
    expect(answer).not.toContain(FLOOD_TEXT);
    expect(answer).toContain('23/05/2021');
  });
});
