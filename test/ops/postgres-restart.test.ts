// PostgreSQL restarted in the middle of web chat traffic, on a private cluster (never the
// machine's shared one). Requests fail cleanly (503 JSON, or the chat's "try again" notice),
// the process lives on, recovers by itself once the server is back, and a complaint confirmed
// during the outage is not half-filed: confirming again files it exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../src/db/database.js';
import { spawnApp, type ChildApp } from './child-app.js';
import { PrivatePostgres, privatePostgresUnavailable } from './private-postgres.js';
import { newChatSession, postChat, say, walkPetitionToSummary } from './web-chat-client.js';

const unavailable = privatePostgresUnavailable();
if (unavailable && process.env.CI === 'true')
  throw new Error(`the PostgreSQL restart test cannot run in CI: ${unavailable}`);
if (unavailable) process.stderr.write(`\n[tests] SKIPPED the PostgreSQL restart test: ${unavailable}\n\n`);

const WORKERS = 4;
const CONVERSATION = [
  { text: 'xin chào' },
  { choice: 'consent:yes' },
  { choice: 'lang:vi' },
  { choice: 'ask' },
  { text: 'Ngày bầu cử là ngày nào?' },
];
const unavailableBody = z.object({ error: z.literal('unavailable'), message: z.string() });
const repliesBody = z.object({ replies: z.array(z.object({ kind: z.string(), text: z.string() })) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = 'ok' | 'error notice' | 'unavailable 503' | 'other';

describe.skipIf(unavailable !== null)('PostgreSQL restarted during traffic', () => {
  let cluster: PrivatePostgres;
  let app: ChildApp;
  let dataDir: string;
  let reader: Database;

  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-pgrestart-'));
    // all traffic comes from 127.0.0.1: the per-address web chat limit is not what is tested here
    app = await spawnApp({ DATABASE_URL: cluster.url, DATA_DIR: dataDir, WEB_CHAT_REQUESTS_PER_MINUTE: '0' });
    reader = openDatabase({ provider: 'postgresql', url: cluster.url }, { poolSize: 1 });
  });
  afterAll(async () => {
    await app.stop();
    await reader.close();
    cluster.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'fails cleanly during the outage, never crashes, recovers alone and files the interrupted complaint once',
    { timeout: 180_000 },
    async () => {
      const outcomes = new Map<Outcome, number>();
      const unexpected: string[] = [];
      let running = true;
      const worker = async () => {
        while (running) {
          const session = newChatSession();
          for (const message of CONVERSATION) {
            if (!running) return;
            let outcome: Outcome = 'other';
            try {
              const { status, body } = await postChat(app.url, session, message);
              if (status === 200 && repliesBody.safeParse(body).success) {
                outcome = repliesBody.parse(body).replies.some((reply) => reply.text.includes('thử lại sau'))
                  ? 'error notice'
                  : 'ok';
              } else if (status === 503 && unavailableBody.safeParse(body).success) outcome = 'unavailable 503';
              else unexpected.push(`${status} ${JSON.stringify(body).slice(0, 200)}`);
            } catch (error) {
              unexpected.push(`no answer: ${String(error)}`);
            }
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            if (outcome !== 'ok') await sleep(50);
          }
        }
      };
      const filer = newChatSession();
      const filerStartedAt = Date.now();
      await walkPetitionToSummary(app.url, filer);
      const traffic = Array.from({ length: WORKERS }, () => worker());
      await sleep(1000);

      cluster.stop();
      const duringOutage = await postChat(app.url, filer, { choice: 'confirm' });
      expect(duringOutage.status).toBe(503);
      expect((await fetch(new URL('/healthz', app.url))).status).toBe(503);
      await sleep(2000);
      const restartedAt = Date.now();
      cluster.start();

      // the service comes back by itself: no restart of the app, no operator
      let healthy = false;
      for (let attempt = 0; attempt < 120 && !healthy; attempt++) {
        healthy = (await fetch(new URL('/healthz', app.url))).status === 200;
        if (!healthy) await sleep(250);
      }
      const recoveredMs = Date.now() - restartedAt;
      expect(healthy).toBe(true);
      await sleep(1000);
      running = false;
      await Promise.all(traffic);

      expect(app.child.exitCode).toBeNull();
      expect(unexpected).toEqual([]);
      expect(outcomes.get('unavailable 503') ?? 0).toBeGreaterThan(0);

      // nothing was half-written: no ticket yet, and confirming again files exactly one, whole
      const citizen = await reader.db.citizen.findFirstOrThrow({
        where: { channel: 'web', platformUserId: filer.id ?? '' },
      });
      expect(await reader.db.ticket.count({ where: { citizenId: citizen.id } })).toBe(0);
      // the filer's 12 messages fill the flood window (12 in 20 s): wait for it like a person would
      await sleep(Math.max(0, 21_000 - (Date.now() - filerStartedAt)));
      const filed = (await say(app.url, filer, { choice: 'confirm' })).map((reply) => reply.text).join('\n');
      expect(filed).toMatch(/PA-\d{4}-\d{5}/);
      const tickets = await reader.db.ticket.findMany({ where: { citizenId: citizen.id }, include: { events: true } });
      expect(tickets).toHaveLength(1);
      expect(tickets[0]?.events.map((event) => event.toStatus)).toContain('received');
      // and a new citizen can be served from start to summary
      expect(
        (await walkPetitionToSummary(app.url, newChatSession())).at(-1)?.options?.map((option) => option.id),
      ).toContain('confirm');

      const summary = [...outcomes].map(([outcome, count]) => `${outcome}: ${count}`).join(', ');
      process.stdout.write(
        `[chaos] PostgreSQL restart: ${summary}; healthy again ${recoveredMs} ms after the server was started\n`,
      );
    },
  );
});
