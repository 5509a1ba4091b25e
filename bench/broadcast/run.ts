// npm run bench:broadcast -- [--provider sqlite|postgresql] [--subscribers N] [--limit 30] [--quick]
// Seeds N subscribers, then sends broadcasts through the delivery engine (in a child process)
// to a local fake Bot API and prints: the unlimited rate, the rate achieved against a limit,
// the engine's peak RSS, and a crash run (SIGKILL halfway, restart, compare the fake's log).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import type { DatabaseTarget } from '../../src/config/env.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import { createBroadcastScheduler } from '../../src/broadcasts/scheduler.js';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'postgresql' },
    subscribers: { type: 'string', default: '100000' },
    limit: { type: 'string', default: '30' },
    quick: { type: 'boolean', default: false },
  },
});
const provider: DatabaseTarget['provider'] = values.provider === 'sqlite' ? 'sqlite' : 'postgresql';
const subscribers = Number(values.subscribers);
const limit = Number(values.limit);
const limitedSeconds = values.quick ? 20 : 90;
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const workDir = mkdtempSync(path.join(tmpdir(), 'cutri-bench-'));
const childResult = z.object({ elapsedMs: z.number(), maxRssMb: z.number() });

async function createDatabase(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (provider === 'sqlite') {
    const file = path.join(workDir, 'bench.db');
    return { target: { provider, url: `file:${file}`, file }, drop: async () => undefined };
  }
  const name = `cutri_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { target: { provider, url: url.href }, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function seedSubscribers(db: Db): Promise<void> {
  for (let offset = 0; offset < subscribers; offset += 1000) {
    const count = Math.min(1000, subscribers - offset);
    await db.citizen.createMany({
      data: Array.from({ length: count }, (_, index) => {
        const chatId = String(100_000_000 + offset + index);
        return {
          channel: 'telegram',
          platformUserId: chatId,
          chatId,
          locale: (offset + index) % 5 === 0 ? 'en' : 'vi',
          subscribed: true,
          subscribedAt: new Date(),
        };
      }),
    });
  }
}

/** An approved broadcast to everyone, materialised now; returns its id and the time it took. */
async function materialisedBroadcast(
  db: Db,
  approverId: string,
  authorId: string,
): Promise<{ id: string; ms: number }> {
  const id = randomUUID();
  await db.broadcast.create({
    data: {
      id,
      title: 'bench',
      textVi: 'Ngày mai là ngày bầu cử. Nhớ mang theo thẻ cử tri.',
      textEn: 'Tomorrow is election day.',
      status: 'approved',
      urgent: true,
      createdById: authorId,
      approvedById: approverId,
      approvedAt: new Date(),
    },
  });
  const started = Date.now();
  await createBroadcastScheduler({ db, clock: systemClock, logger: createLogger('warn'), timeZone: 'UTC' }).tick(
    new Date(),
  );
  return { id, ms: Date.now() - started };
}

function runChild(args: string[]): { child: ChildProcess; result: Promise<z.infer<typeof childResult> | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'engine-child.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const result = new Promise<z.infer<typeof childResult> | null>((resolve) => {
    child.on('exit', () => {
      const parsed = childResult.safeParse(safeJson(output.trim().split('\n').at(-1) ?? ''));
      resolve(parsed.success ? parsed.data : null);
    });
  });
  return { child, result };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function childArgs(target: DatabaseTarget, api: FakeBotApi, broadcastId: string, extra: string[] = []): string[] {
  return ['--provider', provider, '--url', target.url, '--api', api.url, '--broadcast', broadcastId, ...extra];
}

const database = await createDatabase();
await migrateDatabase(database.target);
const { db, close } = openDatabase(database.target);
const officers = await Promise.all(
  ['bench-author', 'bench-approver'].map((username, index) =>
    db.officer.create({ data: { username, passwordHash: 'unused', role: index === 0 ? 'officer' : 'supervisor' } }),
  ),
);
const [author, approver] = officers.map((officer) => officer.id);
const report: string[] = [];
const line = (text: string) => {
  report.push(text);
  process.stdout.write(`${text}\n`);
};

try {
  line(`broadcast benchmark: provider=${provider} subscribers=${subscribers}${values.quick ? ' (quick)' : ''}`);
  let started = Date.now();
  await seedSubscribers(db);
  line(`seeded ${subscribers} subscribers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // 1. No platform limit.
  const unlimitedLog = path.join(workDir, 'unlimited.log');
  const unlimitedApi = await startFakeBotApi({ logFile: unlimitedLog });
  const unlimited = await materialisedBroadcast(db, approver ?? '', author ?? '');
  line(`materialised ${subscribers} deliveries in ${(unlimited.ms / 1000).toFixed(1)} s`);
  const fast = await runChild(childArgs(database.target, unlimitedApi, unlimited.id)).result;
  await unlimitedApi.close();
  if (!fast) throw new Error('the unlimited run failed');
  const sustained =
    unlimitedApi.accepted / Math.max(0.001, (unlimitedApi.lastAcceptedAt - unlimitedApi.firstAcceptedAt) / 1000);
  line(
    `unlimited: ${unlimitedApi.accepted} messages, sustained ${Math.round(sustained)} messages/s (first to last message); ${Math.round(unlimitedApi.accepted / (fast.elapsedMs / 1000))} messages/s counting the engine's start-up; engine peak RSS ${fast.maxRssMb} MB`,
  );

  // 2. Against a set limit, for a fixed time.
  const limitedApi = await startFakeBotApi({ logFile: path.join(workDir, 'limited.log') });
  const limited = await materialisedBroadcast(db, approver ?? '', author ?? '');
  const slow = await runChild(
    childArgs(database.target, limitedApi, limited.id, ['--rate', String(limit), '--seconds', String(limitedSeconds)]),
  ).result;
  await limitedApi.close();
  if (!slow) throw new Error('the limited run failed');
  // From the first to the last message: the engine's start-up is not the limiter's doing.
  const window = (limitedApi.lastAcceptedAt - limitedApi.firstAcceptedAt) / 1000;
  const achieved = (limitedApi.accepted - 1) / Math.max(0.001, window);
  line(
    `limited to ${limit}/s: ${limitedApi.accepted} messages over ${window.toFixed(1)} s = ${achieved.toFixed(2)} messages/s (${(((achieved - limit) / limit) * 100).toFixed(1)} % from the setting); engine peak RSS ${slow.maxRssMb} MB`,
  );
  await db.broadcast.update({ where: { id: limited.id }, data: { status: 'cancelled' } });
  await db.delivery.updateMany({
    where: { broadcastId: limited.id, status: { in: ['pending', 'in_flight'] } },
    data: { status: 'skipped', lastError: 'cancelled' },
  });

  // 3. Crash run: SIGKILL halfway, restart, compare the fake's log with the subscribers.
  const crashLog = path.join(workDir, 'crash.log');
  const crashApi = await startFakeBotApi({ logFile: crashLog });
  const crash = await materialisedBroadcast(db, approver ?? '', author ?? '');
  started = Date.now();
  const first = runChild(childArgs(database.target, crashApi, crash.id));
  while (crashApi.accepted < subscribers / 2) await new Promise((resolve) => setTimeout(resolve, 5));
  first.child.kill('SIGKILL');
  await first.result;
  const atKill = crashApi.accepted;
  const inFlightAtKill = await db.delivery.count({ where: { broadcastId: crash.id, status: 'in_flight' } });
  const second = await runChild(childArgs(database.target, crashApi, crash.id)).result;
  await crashApi.close();
  if (!second) throw new Error('the restarted engine failed');
  const received = new Map<string, number>();
  for (const chatId of readFileSync(crashLog, 'utf8').split('\n'))
    if (chatId) received.set(chatId, (received.get(chatId) ?? 0) + 1);
  let missed = 0;
  let twice = 0;
  for (let index = 0; index < subscribers; index += 1) {
    const count = received.get(String(100_000_000 + index)) ?? 0;
    if (count === 0) missed += 1;
    if (count > 1) twice += count - 1;
  }
  line(
    `crash run: killed with SIGKILL after ${atKill} messages (${inFlightAtKill} rows in flight), restarted; ${received.size} of ${subscribers} subscribers received it, missed ${missed}, received twice ${twice} (in-flight bound: 4 workers × batch 50 = 200 on PostgreSQL, 50 on SQLite); total ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  line(`benchmark process peak RSS (seeding + materialising): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await close();
  await database.drop();
  rmSync(workDir, { recursive: true, force: true });
}
