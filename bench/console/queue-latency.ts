// npm run bench:console -- [--provider sqlite|postgresql] [--tickets 100000] [--runs 20]
// Seeds a fresh database with many tickets across Lạng Sơn's communes and measures, through
// the real HTTP API after a real login, the latency of the console queue's first page, of a
// filtered page (district scope + status + overdue), of a text search and of a deep page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { createOfficer } from '../../src/console/officers.js';
import type { Db } from '../../src/db/database.js';
import { TICKET_CATEGORIES, TICKET_KINDS } from '../../src/tickets/types.js';
import { createTestDatabase } from '../../test/support/databases.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'sqlite' },
    tickets: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
  },
});
const provider = values.provider === 'postgresql' ? 'postgresql' : 'sqlite';
const ticketCount = Number(values.tickets);
const runs = Number(values.runs);
const PASSWORD = 'benchmark password';
const CHUNK = 1000;
/** Mostly open tickets, as during an election; a share already closed. */
const STATUS_WEIGHTS: [string, number][] = [
  ['received', 30],
  ['acknowledged', 20],
  ['in_progress', 25],
  ['resolved', 15],
  ['rejected', 4],
  ['forwarded', 3],
  ['closed', 3],
];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** Deterministic, so two runs seed the same data. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const COLUMNS = [
  'id',
  'code',
  'kind',
  'category',
  'status',
  'description',
  'channel',
  'localityCode',
  'provinceCode',
  'districtCode',
  'communeCode',
  'filedAt',
  'dueAt',
  'deadlineRule',
  'updatedAt',
] as const;

/** SQLite rows written by Prisma hold dates as "…+00:00" text; PostgreSQL takes ISO timestamps. */
function sqlDate(date: Date, flavour: 'sqlite' | 'postgresql'): string {
  return flavour === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date.toISOString();
}

function sqlText(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`;
}

/** Raw multi-row INSERTs: Prisma's createMany is about ten times slower for this bulk. */
async function seedTickets(db: Db, count: number, flavour: 'sqlite' | 'postgresql'): Promise<void> {
  const communes = await db.locality.findMany({
    where: { level: 'commune' },
    select: { code: true, parentCode: true, parent: { select: { parentCode: true } } },
  });
  const statuses = STATUS_WEIGHTS.flatMap(([status, weight]) => Array<string>(weight).fill(status));
  const random = seededRandom(42);
  const now = Date.now();
  const columns = COLUMNS.map((column) => `"${column}"`).join(', ');
  for (let start = 0; start < count; start += CHUNK) {
    const rows: string[] = [];
    for (let index = start; index < Math.min(count, start + CHUNK); index += 1) {
      const commune = pick(communes, random);
      const filedAt = new Date(now - random() * 30 * 86_400_000);
      const dueAt = new Date(filedAt.getTime() + (10 + random() * 20) * 86_400_000);
      rows.push(
        `(${[
          sqlText(randomUUID()),
          sqlText(`KN-2021-${String(index + 1).padStart(6, '0')}`),
          sqlText(pick(TICKET_KINDS, random)),
          sqlText(pick(TICKET_CATEGORIES, random)),
          sqlText(pick(statuses, random)),
          sqlText(
            `Phản ánh số ${index + 1}: danh sách cử tri thôn ${Math.floor(random() * 20) + 1} thiếu tên người dân.`,
          ),
          sqlText('telegram'),
          sqlText(commune.code),
          sqlText(commune.parent?.parentCode ?? '20'),
          sqlText(commune.parentCode),
          sqlText(commune.code),
          sqlText(sqlDate(filedAt, flavour)),
          sqlText(sqlDate(dueAt, flavour)),
          sqlText('benchmark'),
          sqlText(sqlDate(filedAt, flavour)),
        ].join(', ')})`,
      );
    }
    await db.$executeRawUnsafe(`INSERT INTO "Ticket" (${columns}) VALUES ${rows.join(', ')}`);
  }
}

async function login(base: URL, username: string): Promise<string> {
  const response = await fetch(new URL('/api/console/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = /cutri_console=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (response.status !== 200 || !cookie) throw new Error(`login failed: ${response.status}`);
  return cookie;
}

async function measure(
  base: URL,
  cookie: string,
  pathAndQuery: string,
): Promise<{ median: number; p95: number; rows: number }> {
  const timings: number[] = [];
  let rows = 0;
  for (let run = -3; run < runs; run += 1) {
    const started = performance.now();
    const response = await fetch(new URL(pathAndQuery, base), { headers: { cookie } });
    const body: unknown = await response.json();
    if (response.status !== 200) throw new Error(`${pathAndQuery}: ${response.status} ${JSON.stringify(body)}`);
    if (run >= 0) timings.push(performance.now() - started);
    if (typeof body === 'object' && body !== null && 'tickets' in body && Array.isArray(body.tickets))
      rows = body.tickets.length;
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), rows };
}

const database = await createTestDatabase(provider);
const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-bench-'));
const config = loadEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }, process.cwd());
config.database = database.target;
const app = await createApp(config, { logger: createLogger('warn') });
try {
  const seedStart = performance.now();
  await seedTickets(app.context.db, ticketCount, provider);
  // what autovacuum does soon after a bulk load: statistics, and the visibility map for index-only scans
  if (provider === 'postgresql') await app.context.db.$executeRawUnsafe('VACUUM ANALYZE "Ticket"');
  else await app.context.db.$executeRawUnsafe('ANALYZE');
  process.stdout.write(
    `${provider}: seeded ${ticketCount} tickets in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );
  await createOfficer(app.context.db, {
    username: 'bench.province',
    password: PASSWORD,
    role: 'officer',
    localityCode: null,
  });
  await createOfficer(app.context.db, {
    username: 'bench.district',
    password: PASSWORD,
    role: 'officer',
    localityCode: '178',
  });
  const base = await app.start();
  const province = await login(base, 'bench.province');
  const district = await login(base, 'bench.district');
  // a cursor 50 pages deep, to show that deep pages cost what the first costs
  let cursor = '';
  for (let page = 0; page < 50; page += 1) {
    const response = await fetch(new URL(`/api/console/tickets?limit=100${cursor ? `&cursor=${cursor}` : ''}`, base), {
      headers: { cookie: province },
    });
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'nextCursor' in body && typeof body.nextCursor === 'string')
      cursor = body.nextCursor;
  }
  const cases: [string, string, string][] = [
    ['first page, whole province (25 rows + counts)', province, '/api/console/tickets'],
    ['district scope + status=received + overdue', district, '/api/console/tickets?status=received&overdue=1'],
    ['district scope, kind + category filter', district, '/api/console/tickets?kind=complaint&category=voter_list'],
    ['text search "thôn 7" in province', province, `/api/console/tickets?q=${encodeURIComponent('thôn 7')}`],
    ['page 51 by cursor (100 rows)', province, `/api/console/tickets?limit=100&cursor=${cursor}`],
  ];
  process.stdout.write(`${provider}: ${runs} runs each, after 3 warm-up requests\n`);
  for (const [label, cookie, url] of cases) {
    const result = await measure(base, cookie, url);
    process.stdout.write(
      `  ${label.padEnd(48)} median ${result.median.toFixed(1).padStart(6)} ms   p95 ${result.p95.toFixed(1).padStart(6)} ms   (${result.rows} rows)\n`,
    );
  }
} finally {
  await app.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
