// A console server for tests: the console on its own (real database, real HTTP on a free
// loopback port) with its explicit dependencies, including the real ticket service so that
// actions can be exercised. The citizen's channel is a recording notifier (the CitizenNotifier
// port): what the citizen would receive is kept in `sent`. The server runs on a clock the test
// can move (throttles, TOTP steps) without waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { TOTP } from 'otpauth';
import { loadEnv } from '../../src/config/env.js';
import { loadElectionConfig } from '../../src/config/election.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { buildHttpServer } from '../../src/http/server.js';
import { createTranslator } from '../../src/i18n.js';
import { seedLocalitiesIfEmpty } from '../../src/localities/import.js';
import { localityChain } from '../../src/localities/scope.js';
import { createLogger } from '../../src/logger.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { createAuditServices } from '../../src/audit/audit-setup.js';
import { createThrottle } from '../../src/security/throttle.js';
import { deriveKey } from '../../src/security/derived-keys.js';
import { createOfficer } from '../../src/console/officers.js';
import { registerConsole } from '../../src/console/register-console.js';
import type { ConsoleContext } from '../../src/console/console-context.js';
import { readApprovedFaqChanges, readFaqContentVersion } from '../../src/knowledge/approved-faq-changes.js';
import { createLiveKnowledgeBase, knowledgeBuilder } from '../../src/knowledge/live-knowledge-base.js';
import { readElectionCalendar } from '../../src/settings/effective-election.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { createTicketService } from '../../src/tickets/ticket-service.js';
import { encryptIdentity } from '../../src/tickets/identity-crypto.js';
import type { Reply } from '../../src/conversation/messages.js';
import type { CitizenNotifier } from '../../src/outbox/notifier.js';
import type { ReporterIdentity } from '../../src/tickets/types.js';
import { createTestDatabase, type Provider } from '../support/databases.js';

export const PASSWORD = 'correct horse battery';
/** Two communes of Lạng Sơn city (district 178) and one of Tràng Định (district 180). */
export const COMMUNE_A = '05971';
export const COMMUNE_B = '05974';
export const COMMUNE_OTHER_DISTRICT = '05995';
export const DISTRICT_CITY = '178';

/** Real time plus an offset the test moves forward. */
export class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ConsoleServer {
  url: URL;
  clock: MovableClock;
  /** the server's data folder (audit anchor file) */
  dataDir: string;
  db: Db;
  /** what the console was built from (audit chain, anchors, throttle…) */
  context: ConsoleContext;
  /** the metrics the audit anchors publish to */
  metrics: Metrics;
  /** the data key identities are sealed with */
  encryptionKey: Buffer;
  sent: { citizenId: string; replies: Reply[] }[];
  /** the platform's files, by platform file id, as the attachment fetcher serves them */
  platformFiles: Map<string, Buffer>;
  logs: string[];
  stop(): Promise<void>;
}

/** `trustedProxies`: as TRUSTED_PROXIES (['127.0.0.1'] lets a test speak for many addresses with X-Forwarded-For). */
export async function startConsoleServer(
  provider: Provider,
  options: { trustedProxies?: string[] } = {},
): Promise<ConsoleServer> {
  const database = await createTestDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-console-'));
  const config = loadEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }, process.cwd());
  config.database = database.target;
  await migrateDatabase(config.database);
  const opened = openDatabase(config.database);
  await seedLocalitiesIfEmpty(opened.db);
  const logs: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        logs.push(chunk.toString('utf8'));
        callback();
      },
    }),
  );
  const election = loadElectionConfig(config.electionConfigPath);
  const clock = new MovableClock();
  const i18n = createTranslator(election);
  const encryptionKey = randomBytes(32);
  const metrics = createMetrics(opened.db);
  const context: ConsoleContext = {
    db: opened.db,
    provider,
    clock,
    logger,
    i18n,
    election,
    encryptionKey,
    secureCookies: false,
    ...createAuditServices({ db: opened.db, provider, dataKey: encryptionKey, clock, logger, dataDir, metrics }),
    throttle: createThrottle({ db: opened.db, clock, subjectKey: deriveKey(encryptionKey, 'throttle-subject') }),
  };
  const sent: ConsoleServer['sent'] = [];
  // the seeded citizens use the web chat: a notice is delivered once stored in their mailbox
  const notifier: CitizenNotifier = {
    store: async (_tx, citizenId, replies) => (sent.push({ citizenId, replies }), 'sent'),
    send: () => undefined,
  };
  const tickets = createTicketService({
    db: opened.db,
    audit: context.audit,
    throttle: context.throttle,
    election,
    encryptionKey,
    i18n,
    clock,
    logger,
    notifier,
  });
  const knowledge = createLiveKnowledgeBase(
    {
      version: () => readFaqContentVersion(opened.db),
      approvedChanges: () => readApprovedFaqChanges(opened.db),
      election: () => readElectionCalendar(opened.db, election),
    },
    knowledgeBuilder(i18n),
    election,
  );
  const platformFiles = new Map<string, Buffer>();
  const attachments = {
    fetch: async ({ platformFileId }: { platformFileId: string }) => {
      const body = platformFiles.get(platformFileId);
      if (!body) throw new Error(`the platform has no file ${platformFileId}`);
      return { body, mimeType: null };
    },
  };
  const server = await buildHttpServer(logger, opened, options.trustedProxies ?? []);
  // every test client signs in from 127.0.0.1: the per-address throttle is tested on the real app
  await registerConsole(server, { ...context, tickets, attachments, knowledge, loginAttemptsPerMinute: 10_000 });
  const url = new URL(await server.listen({ host: '127.0.0.1', port: 0 }));
  return {
    url,
    clock,
    dataDir,
    db: opened.db,
    context,
    metrics,
    encryptionKey,
    sent,
    platformFiles,
    logs,
    async stop() {
      await server.close();
      await context.auditAnchors.close();
      await opened.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addOfficer(db: Db, username: string, role: string, localityCode: string | null): Promise<string> {
  return (
    await createOfficer(db, { username, password: PASSWORD, role, localityCode, displayName: `Cán bộ ${username}` })
  ).id;
}

let ticketSequence = 0;

/** A ticket straight in the database, as the intake would have filed it. */
export async function seedTicket(
  server: ConsoleServer,
  input: {
    localityCode: string;
    description?: string;
    status?: string;
    dueInHours?: number;
    kind?: string;
    identity?: ReporterIdentity;
    citizenId?: string;
  },
): Promise<string> {
  const chain = await localityChain(server.db, input.localityCode);
  if (!chain) throw new Error(`unknown locality ${input.localityCode}`);
  ticketSequence += 1;
  const kind = input.kind ?? 'complaint';
  const code = `${kind === 'denunciation' ? 'TC' : 'KN'}-2021-${String(ticketSequence).padStart(5, '0')}`;
  const citizen =
    input.citizenId ??
    (
      await server.db.citizen.create({
        data: { channel: 'web', platformUserId: `web-${code}`, chatId: `web-${code}`, locale: 'vi' },
      })
    ).id;
  const ticket = await server.db.ticket.create({
    data: {
      code,
      kind,
      category: 'voter_list',
      status: input.status ?? 'received',
      description: input.description ?? `Tên tôi không có trong danh sách cử tri (${code}).`,
      channel: 'web',
      citizenId: citizen,
      localityCode: input.localityCode,
      ...chain,
      dueAt: new Date(Date.now() + (input.dueInHours ?? 240) * 3_600_000),
      deadlineRule: 'test',
    },
  });
  if (input.identity)
    await server.db.ticket.update({
      where: { id: ticket.id },
      data: { identityEnc: encryptIdentity(server.encryptionKey, input.identity, ticket.id) },
    });
  return code;
}

/** A signed-in console user talking to the API like the UI does. */
// The tests read answers field by field and assert on them; a schema per endpoint would only repeat the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnswerBody = any;

export class ConsoleClient {
  cookie = '';
  csrfToken = '';
  /** sent with every request (e.g. X-Forwarded-For, behind a trusted proxy) */
  headers: Record<string, string> = {};
  /** `clock`: the server's, to make TOTP codes for its time (a MovableClock is moved on when a code's step was used already) */
  constructor(
    readonly base: URL,
    readonly clock: Clock = systemClock,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<{ status: number; body: AnswerBody; headers: Headers; text: string; bytes: Uint8Array }> {
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(new URL(path, this.base), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    const match = setCookie ? /cutri_console=([^;]*)/.exec(setCookie) : null;
    if (match) this.cookie = match[1] ? `cutri_console=${match[1]}` : '';
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, headers: response.headers, text, bytes };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, options?: { csrf?: boolean }) {
    return this.request('POST', path, body, options);
  }

  /** Signs in; for roles that need a second factor, enrols TOTP on first use and passes it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async login(username: string, password = PASSWORD): Promise<{ status: number; body: any }> {
    const answer = await this.post('/api/console/login', { username, password });
    if (answer.status !== 200) return answer;
    this.csrfToken = answer.body.csrfToken;
    if (answer.body.next === 'totp_enrol') {
      const enrol = await this.post('/api/console/totp/enrol');
      totpSecrets.set(username, enrol.body.secret);
    }
    if (answer.body.next === 'totp_enrol' || answer.body.next === 'totp') {
      const secret = totpSecrets.get(username);
      if (!secret) throw new Error(`no TOTP secret for ${username}`);
      return this.post('/api/console/totp/verify', { code: this.freshTotpCode(username, secret) });
    }
    return answer;
  }

  /** A code of a time step not used yet by this officer: the server accepts each step once. */
  freshTotpCode(username: string, secret: string): string {
    const key = `${this.base.origin} ${username}`;
    const used = usedSteps.get(key);
    const stepOf = () => Math.floor(this.clock.now().getTime() / 30_000);
    if (used !== undefined && stepOf() <= used && this.clock instanceof MovableClock)
      this.clock.advance((used - stepOf() + 1) * 30_000);
    usedSteps.set(key, stepOf());
    return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: this.clock.now().getTime(),
    });
  }
}

const totpSecrets = new Map<string, string>();

/** The secret the harness enrolled for `username` (signedIn enrols on first use). */
export function totpSecretOf(username: string): string {
  const secret = totpSecrets.get(username);
  if (!secret) throw new Error(`no TOTP secret for ${username}`);
  return secret;
}
const usedSteps = new Map<string, number>();

/** A client signed in to a harness server (on its clock) or to any server by address (on real time). */
export async function signedIn(target: ConsoleServer | URL, username: string): Promise<ConsoleClient> {
  const client = target instanceof URL ? new ConsoleClient(target) : new ConsoleClient(target.url, target.clock);
  const answer = await client.login(username);
  if (answer.status !== 200)
    throw new Error(`login of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return client;
}
