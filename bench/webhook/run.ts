// npm run bench:webhook -- [--provider postgresql|sqlite] [--citizens 5000] [--duration 20]
//                          [--connections 40] [--rate 300] [--warmup 5] [--instances 1] [--only telegram|web]
//                          [--profile DIR]
// Starts the real app (`src/main.ts`, in a child process) in Telegram webhook mode against a
// lean local fake Bot API, on a fresh database, then posts realistic updates with autocannon:
// many citizens, each following the script in script.ts (first contacts, questions with and
// without diacritics, menu presses, complaint steps), one update at a time per citizen. Then
// the same for POST /api/chat/messages. Prints updates/s, p50/p95/p99 latency, errors, and
// checks that no update was lost: every answered update got exactly its replies at the fake
// (Telegram: counted per chat) or in the response (web chat: the same replies, in the same order,
// as a calibration session got for that step, and nothing pushed later to the session's
// mailbox). Returning citizens of both channels are stored as having agreed. --rate N sends a steady N updates/s (paced-load.ts);
// --rate 0 sends as fast as the connections allow (autocannon). --instances N starts N app
// processes on the same database and spreads the requests over them in turn, as a load
// balancer in front of several instances does (PostgreSQL only). Each run is preceded by
// --warmup seconds of the same load, not measured (a fresh process compiles its code first).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/database.js';
import { createWebChatSessionIds } from '../../src/channels/web/web-chat-session.js';
import { deriveKey } from '../../src/security/derived-keys.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { startFakeBotApi, type FakeBotApi } from './fake-bot-api.js';
import { pacedLoad, type PlannedRequest } from './paced-load.js';
import {
  IDLE_ENTRY_STEPS,
  nextStep,
  RETURNING_STEP,
  SCRIPT,
  telegramUpdate,
  webChatBody,
  type Step,
} from './script.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'postgresql' },
    citizens: { type: 'string', default: '5000' },
    returning: { type: 'string', default: '0.8' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '40' },
    rate: { type: 'string', default: '300' },
    instances: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '5' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const provider = values.provider === 'sqlite' ? 'sqlite' : 'postgresql';
const citizenCount = Number(values.citizens);
const returningShare = Number(values.returning);
const duration = Number(values.duration);
const connections = Number(values.connections);
const rate = Number(values.rate);
const instanceCount = Number(values.instances);
const warmup = Number(values.warmup);
if (!Number.isInteger(instanceCount) || instanceCount < 1 || (instanceCount > 1 && provider !== 'postgresql'))
  throw new Error('--instances: a whole number, above 1 only with PostgreSQL');
const SECRET = 'bench-webhook-secret';
const print = (line: string) => process.stdout.write(`${line}\n`);
const ROOT = path.resolve(import.meta.dirname, '../..');
const workDir = mkdtempSync(path.join(tmpdir(), 'cutri-bench-webhook-'));
// the app's data key: the benchmark issues web chat session ids as the server would
const dataKey = randomBytes(32);
const sessionIds = createWebChatSessionIds(deriveKey(dataKey, 'web-chat-session'));

interface Citizen {
  userId: number;
  sessionId: string;
  step: number;
}

/** Citizens 0..returning-1 have agreed before (returning); the others write for the first time. */
function makeCitizens(): Citizen[] {
  const returning = Math.round(citizenCount * returningShare);
  return Array.from({ length: citizenCount }, (_, index) => ({
    userId: 700_000_000 + index,
    sessionId: sessionIds.issue(),
    // returning citizens start at different points of the part any idle citizen can do
    // (a question, a menu press, opening the complaint form), so even a short run is a mix
    step: index < returning ? RETURNING_STEP + (index % IDLE_ENTRY_STEPS) : 0,
  }));
}

/**
 * Stores the returning citizens of each channel as having agreed before: the Telegram run's by
 * user id, the web run's by their own session ids (each run has its own citizens). A returning
 * citizen who was not stored would be a first contact stuck at the consent question.
 */
async function seedReturningCitizens(
  database: TestDatabase,
  telegramCitizens: Citizen[],
  webCitizens: Citizen[],
): Promise<void> {
  await migrateDatabase(database.target);
  const { db, close } = openDatabase(database.target);
  const isReturning = (citizen: Citizen) => citizen.step >= RETURNING_STEP;
  const allRows = [
    ...telegramCitizens.filter(isReturning).map((citizen) => ({
      id: randomUUID(),
      channel: 'telegram',
      platformUserId: String(citizen.userId),
      chatId: String(citizen.userId),
      // the name their Telegram updates carry: a returning citizen's row is not rewritten
      displayName: `Cử tri ${citizen.userId}` as string | null,
    })),
    ...webCitizens.filter(isReturning).map((citizen) => ({
      id: randomUUID(),
      channel: 'web',
      platformUserId: citizen.sessionId,
      chatId: citizen.sessionId,
      displayName: null,
    })),
  ];
  const now = new Date();
  for (let offset = 0; offset < allRows.length; offset += 1000) {
    const rows = allRows.slice(offset, offset + 1000);
    await db.citizen.createMany({
      data: rows.map((row) => ({ ...row, locale: 'vi', consentAt: now, lastSeenAt: now })),
    });
    await db.conversation.createMany({
      data: rows.map((row) => ({ citizenId: row.id, state: 'idle', data: '{"lastOptions":[]}' })),
    });
  }
  await close();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  errorLines: string[];
  peakRssMb(): number;
  /** CPU time the app process used so far (user + system), in ms */
  cpuMs(): number;
  stop(): Promise<void>;
}

async function startApp(database: TestDatabase, fake: FakeBotApi): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile)] : [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: database.target.url,
    DATA_DIR: workDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    METRICS_PUBLIC: 'true',
    DATA_ENCRYPTION_KEY: dataKey.toString('hex'),
    // the benchmark plays the province's load balancer: its X-Forwarded-For is believed
    TRUSTED_PROXIES: '127.0.0.1',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', ...profile, 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const errorLines: string[] = [];
  let pending = '';
  // the app logs JSON lines at info, as in production; errors (level ≥ 50) are kept for the report
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (/"level":(5|6)0/.test(line)) errorLines.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // never leave the app running when the benchmark ends early (an error, Ctrl-C, a timeout)
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the app exited while starting');
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy && fake.webhookSet()) break;
    if (Date.now() > deadline) throw new Error('the app did not become ready within 90 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    baseUrl,
    errorLines,
    peakRssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    cpuMs: () => processCpuMs(child.pid ?? 0),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const webReply = z.object({
  kind: z.string(),
  text: z.string(),
  options: z.array(z.object({ id: z.string() })).optional(),
});
const webReplies = z.object({ replies: z.array(webReply) });
const webMailbox = z.object({ messages: z.array(z.unknown()) });

/** A reply as the citizen sees it (kind, text, buttons), comparable as a string. */
function replyKey(reply: z.infer<typeof webReply>): string {
  return JSON.stringify([reply.kind, reply.text, reply.options?.map((option) => option.id) ?? []]);
}

/** What each script step answers, in order: one key per reply. */
type Calibration = string[][];

/** The replies a web-chat session gets for the given script steps, in order. */
async function webTurns(baseUrl: string, sessionId: string, steps: number[]): Promise<Calibration> {
  const turns: Calibration = [];
  for (const step of steps) {
    const response = await fetch(`${baseUrl}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webChatBody(sessionId, SCRIPT[step] as Step)),
    });
    turns.push(webReplies.parse(await response.json()).replies.map(replyKey));
  }
  return turns;
}

/**
 * The replies each script step gets, measured with a fresh web-chat session going through the
 * whole script, and checked against a returning citizen's session (stored as having agreed, like
 * the load's returning citizens) going through the part after the first contact: the two must
 * agree, or the calibration would be wrong for most of the load.
 */
async function calibrate(baseUrl: string, returningSessionId: string): Promise<Calibration> {
  const calibration = await webTurns(baseUrl, sessionIds.issue(), [...SCRIPT.keys()]);
  const returningSteps = [...SCRIPT.keys()].filter((step) => step >= RETURNING_STEP);
  const returning = await webTurns(baseUrl, returningSessionId, returningSteps);
  returning.forEach((replies, index) => {
    const step = returningSteps[index] ?? 0;
    if (JSON.stringify(replies) !== JSON.stringify(calibration[step]))
      throw new Error(
        `script step ${step} answers a returning citizen differently:\n${JSON.stringify(calibration[step])}\n${JSON.stringify(replies)}`,
      );
  });
  if (calibration.some((replies) => replies.length === 0)) throw new Error('a script step got no reply');
  return calibration;
}

/** How an answer's replies compare with the calibration's, in order. */
type ReplyCheck = 'as expected' | 'missing' | 'doubled' | 'different';

function checkReplies(expected: string[], got: string[]): ReplyCheck {
  if (got.length === expected.length && got.every((key, index) => key === expected[index])) return 'as expected';
  // only expected replies, but fewer (none twice) or one of them twice; anything else (another
  // reply, the same ones in another order) is "different"
  const expectedSet = new Set(expected);
  if (got.every((key) => expectedSet.has(key))) {
    if (got.length < expected.length && new Set(got).size === got.length) return 'missing';
    if (got.length > expected.length || new Set(got).size < got.length) return 'doubled';
  }
  return 'different';
}

interface LoadReport {
  answered: number;
  seconds: number;
  latencies: number[];
  statuses: Map<number, number>;
  socketErrors: number;
  timeouts: number;
  /** updates answered 200 whose replies did not all arrive */
  lost: number;
  callbacks: number;
  /** the app's CPU time during the run, in ms */
  appCpuMs: number;
  /** the local PostgreSQL server's CPU time during the run (0 on SQLite), in ms */
  databaseCpuMs: number;
  /** this process's CPU time (load generator and fake Bot API), in ms */
  benchCpuMs: number;
}

/** utime + stime of a process, in ms (ticks of 10 ms; fields 14 and 15 of /proc/PID/stat). */
function processCpuMs(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the process ended meanwhile
  }
}

/** CPU time of each postgres process on this machine (the benchmark's server is local), by pid. */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  if (provider !== 'postgresql') return byPid;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') byPid.set(pid, processCpuMs(pid));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL CPU used since `before` by the processes alive now (one that ended meanwhile is not counted). */
function postgresCpuSince(before: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpuMs()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Drives one load run. Citizens wait in a queue; each request takes the citizen at its head and
 * sends its next step; the citizen goes back to the tail when the answer comes. So a citizen
 * never has two updates in flight (Telegram's per-chat order) and writes every few seconds.
 */
/** Update ids, unique over every run (a repeated id is a redelivery, rightly ignored by the app). */
let updateId = 1_000_000;

async function runLoad(
  apps: AppProcess[],
  target: 'telegram' | 'web',
  citizens: Citizen[],
  onAnswered: (citizen: Citizen, step: number, body: string) => boolean,
  onPlanned?: (citizen: Citizen, step: number) => void,
  seconds = duration,
): Promise<LoadReport & { inFlight: Map<string, { citizen: Citizen; step: number }> }> {
  const queue = [...citizens];
  let head = 0;
  const inFlight = new Map<string, { citizen: Citizen; step: number; startedAt: number }>();
  const report: LoadReport = {
    answered: 0,
    seconds: 0,
    latencies: [],
    statuses: new Map(),
    socketErrors: 0,
    timeouts: 0,
    lost: 0,
    callbacks: 0,
    appCpuMs: 0,
    databaseCpuMs: 0,
    benchCpuMs: 0,
  };
  const path = target === 'telegram' ? '/webhooks/telegram' : '/api/chat/messages';
  /** The next step of the citizen at the head of the queue; null when every citizen is waiting for an answer. */
  const next = (): PlannedRequest | null => {
    if (head >= queue.length) return null;
    const citizen = queue[head++];
    if (!citizen) throw new Error('empty citizen queue');
    const step = SCRIPT[citizen.step];
    if (!step) throw new Error(`no step ${citizen.step}`);
    const id = `b${++updateId}`;
    inFlight.set(id, { citizen, step: citizen.step, startedAt: performance.now() });
    onPlanned?.(citizen, citizen.step);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': id };
    if (target === 'telegram') {
      headers['x-telegram-bot-api-secret-token'] = SECRET;
      if ('choice' in step) report.callbacks++;
      return { path, headers, body: JSON.stringify(telegramUpdate(updateId, citizen.userId, step)) };
    }
    // each citizen from their own address, as behind the province's load balancer (the
    // server trusts X-Forwarded-For), so the per-address limit applies as in production
    headers['x-forwarded-for'] = citizenAddress(citizen.userId);
    return { path, headers, body: JSON.stringify(webChatBody(citizen.sessionId, step)) };
  };
  const answered = (
    status: number,
    body: string,
    headers: Record<string, string | string[] | undefined>,
    latencyMs?: number,
  ) => {
    const id = headers['x-request-id'];
    const sent = typeof id === 'string' ? inFlight.get(id) : undefined;
    if (!sent || typeof id !== 'string') return;
    inFlight.delete(id);
    report.latencies.push(latencyMs ?? performance.now() - sent.startedAt);
    report.statuses.set(status, (report.statuses.get(status) ?? 0) + 1);
    if (status === 200) {
      report.answered++;
      if (!onAnswered(sent.citizen, sent.step, body)) report.lost++;
      sent.citizen.step = nextStep(sent.step);
    }
    queue.push(sent.citizen);
  };
  const startedAt = performance.now();
  const appsCpuMs = () => apps.reduce((sum, app) => sum + app.cpuMs(), 0);
  const cpuBefore = appsCpuMs();
  const databaseCpuBefore = postgresCpuMs();
  const benchCpuBefore = process.cpuUsage();
  if (rate > 0) {
    const result = await pacedLoad({
      urls: apps.map((app) => app.baseUrl),
      rate,
      durationSeconds: seconds,
      connections,
      timeoutMs: 10_000,
      next,
      onResponse: answered,
    });
    report.socketErrors = result.errors;
    report.timeouts = result.timeouts;
  } else {
    // one autocannon per instance, the connections shared out
    const results = await Promise.all(
      apps.map((app) =>
        autocannon({
          url: app.baseUrl,
          connections: Math.max(1, Math.round(connections / apps.length)),
          duration: seconds,
          timeout: 10,
          requests: [
            {
              method: 'POST',
              path,
              setupRequest: (request) => {
                const planned = next();
                if (!planned)
                  throw new Error('every citizen is waiting for an answer: use more citizens than connections');
                return { ...request, headers: planned.headers, body: planned.body };
              },
              onResponse: (status, body, _context, headers) => answered(status, body, headers),
            },
          ],
        }),
      ),
    );
    report.socketErrors = results.reduce((sum, result) => sum + result.errors, 0);
    report.timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  }
  report.seconds = (performance.now() - startedAt) / 1000;
  report.appCpuMs = appsCpuMs() - cpuBefore;
  report.databaseCpuMs = postgresCpuSince(databaseCpuBefore);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  report.benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
  return { ...report, inFlight };
}

/**
 * The citizens whose last warm-up update got no answer (cut off at the end, or timed out): the
 * app may or may not have handled it, so they sit out the measured run and its checks.
 */
function withoutUnsettled(citizens: Citizen[], inFlight: Map<string, { citizen: Citizen }>): Citizen[] {
  const unsettled = new Set([...inFlight.values()].map(({ citizen }) => citizen));
  if (unsettled.size > 0)
    print(`  (${unsettled.size} citizens whose warm-up update got no answer sit out the measured run)`);
  return citizens.filter((citizen) => !unsettled.has(citizen));
}

function citizenAddress(userId: number): string {
  return `10.${(userId >> 16) & 255}.${(userId >> 8) & 255}.${userId & 255}`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function printReport(title: string, report: LoadReport, extra: string[]): void {
  const sorted = [...report.latencies].sort((a, b) => a - b);
  const statuses = [...report.statuses].map(([status, count]) => `${status}×${count}`).join(' ');
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  print(`\n${title}`);
  print(
    `  answered        ${report.answered} in ${report.seconds.toFixed(1)} s = ${(report.answered / report.seconds).toFixed(0)} updates/s`,
  );
  print(
    `  latency         p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1) ?? Number.NaN)}`,
  );
  print(`  statuses        ${statuses || 'none'}   socket errors ${report.socketErrors}   timeouts ${report.timeouts}`);
  print(`  lost updates    ${report.lost}`);
  const cpuPerUpdate = report.appCpuMs / Math.max(1, report.answered);
  print(
    `  app CPU         ${(report.appCpuMs / 1000).toFixed(1)} s = ${cpuPerUpdate.toFixed(2)} ms per update (one free core: ≤ ${(1000 / cpuPerUpdate).toFixed(0)} updates/s)`,
  );
  const perUpdate = (ms: number) => `${(ms / Math.max(1, report.answered)).toFixed(2)} ms per update`;
  if (provider === 'postgresql')
    print(
      `  PostgreSQL CPU  ${perUpdate(report.databaseCpuMs)};  load generator + fake Bot API CPU ${perUpdate(report.benchCpuMs)} (all on the same ${availableParallelism()} cores)`,
    );
  else
    print(
      `  load generator + fake Bot API CPU ${perUpdate(report.benchCpuMs)} (on the same ${availableParallelism()} cores)`,
    );
  for (const line of extra) print(`  ${line}`);
}

/** How many messages the web citizens' mailboxes (GET /api/chat/messages) hold. */
async function mailboxMessages(baseUrl: string, citizens: Citizen[]): Promise<number> {
  let total = 0;
  for (let offset = 0; offset < citizens.length; offset += 20) {
    const counts = await Promise.all(
      citizens.slice(offset, offset + 20).map(async (citizen) => {
        const response = await fetch(`${baseUrl}/api/chat/messages`, {
          headers: { 'x-chat-session': citizen.sessionId, 'x-forwarded-for': citizenAddress(citizen.userId) },
        });
        if (!response.ok) throw new Error(`mailbox: ${response.status}`);
        return webMailbox.parse(await response.json()).messages.length;
      }),
    );
    total += counts.reduce((sum, count) => sum + count, 0);
  }
  return total;
}

async function settle(fake: FakeBotApi, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = -1;
  while (Date.now() < deadline) {
    const now = fake.totalSent();
    if (now >= expected && now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  print(
    `bench:webhook  provider=${provider} instances=${instanceCount} citizens=${citizenCount} (${Math.round(returningShare * 100)}% returning) duration=${duration}s after ${warmup}s warm-up, connections=${connections} rate=${rate > 0 ? `${rate}/s` : 'max'}`,
  );
  print(
    `load average before: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  const database = await createTestDatabase(provider);
  const fake = await startFakeBotApi();
  const apps: AppProcess[] = [];
  try {
    const telegramCitizens = makeCitizens();
    const webCitizens = makeCitizens();
    // a returning web citizen of the calibration's own, outside the load
    const calibrationCitizen: Citizen = { userId: 699_999_999, sessionId: sessionIds.issue(), step: RETURNING_STEP };
    await seedReturningCitizens(database, telegramCitizens, [...webCitizens, calibrationCitizen]);
    for (let index = 0; index < instanceCount; index++) apps.push(await startApp(database, fake));
    const [app] = apps;
    if (!app) throw new Error('no app started');
    const calibration = await calibrate(app.baseUrl, calibrationCitizen.sessionId);
    const repliesPerStep = calibration.map((replies) => replies.length);
    print(`replies per script step: ${repliesPerStep.join(' ')}`);

    if (values.only !== 'web') {
      const expected = new Map<number, number>();
      let answeredInWebhook = 0;
      // from an update's post to the arrival of its last reply at the Bot API (a chat's replies come in order)
      const deliveries = new Map<string, { plannedAt: number; remaining: number }[]>();
      const deliveryLatencies: number[] = [];
      fake.onSendMessage = (chatId) => {
        const head = deliveries.get(chatId)?.[0];
        if (!head || --head.remaining > 0) return;
        deliveries.get(chatId)?.shift();
        deliveryLatencies.push(performance.now() - head.plannedAt);
      };
      let telegramTakingPart = telegramCitizens;
      const telegramLoad = (seconds: number) =>
        runLoad(
          apps,
          'telegram',
          telegramTakingPart,
          (citizen, step, body) => {
            expected.set(citizen.userId, (expected.get(citizen.userId) ?? 0) + (repliesPerStep[step] ?? 0));
            if (body.includes('"answerCallbackQuery"')) answeredInWebhook++;
            return true;
          },
          (citizen, step) => {
            const chat = String(citizen.userId);
            deliveries.set(chat, [
              ...(deliveries.get(chat) ?? []),
              { plannedAt: performance.now(), remaining: repliesPerStep[step] ?? 0 },
            ]);
          },
          seconds,
        );
      const expectedTotal = () => [...expected.values()].reduce((sum, count) => sum + count, 0);
      if (warmup > 0) {
        const warm = await telegramLoad(warmup);
        telegramTakingPart = withoutUnsettled(telegramCitizens, warm.inFlight);
        await settle(fake, expectedTotal());
        deliveryLatencies.length = 0;
        answeredInWebhook = 0;
      }
      const load = await telegramLoad(duration);
      const total = expectedTotal();
      await settle(fake, total);
      // an update still in flight at the end may or may not have been handled: either count is right
      const pending = new Map(
        [...load.inFlight.values()].map(({ citizen, step }) => [citizen.userId, repliesPerStep[step] ?? 0]),
      );
      let lost = 0;
      let extra = 0;
      for (const citizen of telegramTakingPart) {
        const want = expected.get(citizen.userId) ?? 0;
        const got = fake.sentPerChat.get(String(citizen.userId)) ?? 0;
        if (got < want) lost++;
        else if (got > want + (pending.get(citizen.userId) ?? 0)) extra++;
      }
      const delivered = deliveryLatencies.sort((a, b) => a - b);
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      printReport('Telegram webhook (POST /webhooks/telegram)', { ...load, lost }, [
        `replies out      p50 ${ms(percentile(delivered, 50))}  p95 ${ms(percentile(delivered, 95))}  p99 ${ms(percentile(delivered, 99))} from the post to its last reply at the Bot API`,
        `replies at fake  ${fake.totalSent()} sendMessage (expected ≥ ${total}); citizens with missing replies ${lost}, with duplicate replies ${extra}`,
        `button presses    ${load.callbacks} sent; answered ${answeredInWebhook} in the webhook's answer + ${fake.answeredCallbacks()} by API call`,
      ]);
    }

    if (values.only !== 'telegram') {
      let webTakingPart = webCitizens;
      // each answer's replies against the calibration's for its step, in order
      const checks = new Map<ReplyCheck, number>();
      const samples: string[] = [];
      const webLoad = (seconds: number) =>
        runLoad(
          apps,
          'web',
          webTakingPart,
          (_citizen, step, body) => {
            const parsed = webReplies.safeParse(JSON.parse(body));
            const got = parsed.success ? parsed.data.replies.map(replyKey) : [];
            const check = parsed.success ? checkReplies(calibration[step] ?? [], got) : 'different';
            checks.set(check, (checks.get(check) ?? 0) + 1);
            if (check !== 'as expected' && samples.length < 3)
              samples.push(`step ${step} (${JSON.stringify(SCRIPT[step])}): ${check}; got ${got.join(' ')}`);
            return check === 'as expected';
          },
          undefined,
          seconds,
        );
      if (warmup > 0) webTakingPart = withoutUnsettled(webCitizens, (await webLoad(warmup)).inFlight);
      checks.clear();
      samples.length = 0;
      const load = await webLoad(duration);
      // nothing of these turns may arrive later: the replies are in the answer, the mailbox
      // (messages pushed later: officer replies, notices) stays empty for these citizens
      const pushed = await mailboxMessages(app.baseUrl, webTakingPart);
      printReport('Web chat (POST /api/chat/messages)', load, [
        `replies         ${checks.get('as expected') ?? 0} answers exactly as calibrated (same replies, same order); missing ${checks.get('missing') ?? 0}, doubled ${checks.get('doubled') ?? 0}, different ${checks.get('different') ?? 0}`,
        `mailbox         ${pushed} messages pushed later to the ${webTakingPart.length} sessions (expected 0)`,
        ...samples.map((sample) => `  ${sample.slice(0, 400)}`),
      ]);
    }

    const errorLines = apps.flatMap((instance) => instance.errorLines);
    print(
      `\napp: ${apps.length} instance(s), peak RSS ${apps.map((instance) => `${instance.peakRssMb()} MB`).join(', ')}; error log lines ${errorLines.length}`,
    );
    for (const line of errorLines.slice(0, 5)) print(`  ${line.slice(0, 400)}`);
    print(
      `load average after: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    for (const instance of apps) await instance.stop();
    await fake.close();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
