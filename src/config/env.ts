// The only reader of process.env. Every variable is validated once at start; a wrong value
// stops the start with a message that names the variable and the fix.
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

export type DatabaseTarget =
  { provider: 'sqlite'; url: string; file: string } | { provider: 'postgresql'; url: string };

export interface AppConfig {
  database: DatabaseTarget;
  dataDir: string;
  host: string;
  port: number;
  publicUrl: URL | null;
  logLevel: string;
  electionConfigPath: string;
  /** 32-byte key for identity encryption; null: generated once into the data folder */
  dataEncryptionKey: Buffer | null;
  telegram: { token: string; apiRoot: string; webhookSecret: string | null; officerChatId: string | null } | null;
  zalo: { token: string; apiRoot: string; webhookSecret: string | null } | null;
  /** bearer token that /metrics requires; null: /metrics is open (keep it off the public network) */
  metricsToken: string | null;
  /** the operator said /metrics may stay open although PUBLIC_URL is set (it is not reachable from outside) */
  metricsPublic: boolean;
  /** proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses, CIDR ranges or loopback/linklocal/uniquelocal); empty: none */
  trustedProxies: string[];
  /** the user name of the administrator created on the first start */
  firstAdminUsername: string;
  /** days after a ticket is closed before its reporter's identity is erased */
  retentionIdentityDays: number;
  /** web chat API requests per minute from one address (0: no limit, for load tests) */
  webChatRequestsPerMinute: number;
  /** origins allowed to call the web chat API from a page (CORS), or '*' */
  webChatOrigins: '*' | string[];
  /** names this instance among several; kept across restarts, so a restart takes up its own unsent replies at once */
  instanceId: string;
  /** how long an instance that stopped renewing keeps its unsent replies before another takes them */
  outboxLeaseMs: number;
}

type Env = Record<string, string | undefined>;

const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;
const ZALO_SECRET = /^[A-Za-z0-9_-]{8,256}$/;
const METRICS_TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function parseDatabase(raw: string | undefined, dataDir: string): DatabaseTarget {
  if (raw === undefined) {
    const file = path.join(dataDir, 'cutri.db');
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (raw.startsWith('file:')) {
    const file = path.resolve(raw.slice('file:'.length));
    if (raw.length === 'file:'.length)
      throw new ConfigError('DATABASE_URL', 'file: needs a path, e.g. file:./data/cutri.db');
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (raw.startsWith('postgresql://') || raw.startsWith('postgres://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(
        'DATABASE_URL',
        'is not a valid URL; expected postgresql://USER:PASSWORD@HOST:5432/DATABASE',
      );
    }
    return { provider: 'postgresql', url: raw };
  }
  throw new ConfigError('DATABASE_URL', 'must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT', `"${raw}" is not a port number; use an integer from 1 to 65535 (0 picks a free one)`);
  return port;
}

function parsePublicUrl(raw: string | undefined): URL | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'PUBLIC_URL',
      'is not a URL; give the address the platforms reach this server at, e.g. https://cutri.example.gov.vn',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('PUBLIC_URL', 'must be an https:// address');
  return url;
}

function parseApiRoot(name: string, raw: string | undefined, fallback: string): string {
  const value = raw ?? fallback;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
  } catch {
    throw new ConfigError(name, `"${value}" is not an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

function parseSecret(name: string, raw: string | undefined, pattern: RegExp, rule: string): string | null {
  if (raw === undefined) return null;
  if (!pattern.test(raw)) throw new ConfigError(name, `must be ${rule}`);
  return raw;
}

function parseEncryptionKey(raw: string | undefined): Buffer | null {
  if (raw === undefined) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32)
    throw new ConfigError(
      'DATA_ENCRYPTION_KEY',
      'must be 32 bytes as 64 hex characters or base64; generate one with: openssl rand -hex 32',
    );
  return key;
}

function parseRequestsPerMinute(raw: string | undefined): number {
  if (raw === undefined) return 600;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0)
    throw new ConfigError(
      'WEB_CHAT_REQUESTS_PER_MINUTE',
      `"${raw}" is not a whole number; give the requests allowed per minute from one address (default 600, 0 for no limit)`,
    );
  return limit;
}

function parseRetentionDays(raw: string | undefined): number {
  if (raw === undefined) return 365;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new ConfigError(
      'RETENTION_IDENTITY_DAYS',
      `"${raw}" is not a number of days; use a whole number from 1 to 36500 (default 365)`,
    );
  return days;
}

function parseInstanceId(raw: string | undefined, port: number): string {
  // a free port picked at start (PORT=0) names nothing stable: the process id does for this run
  if (raw === undefined) return port === 0 ? `${hostname()}:pid${process.pid}` : `${hostname()}:${port}`;
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(raw))
    throw new ConfigError(
      'INSTANCE_ID',
      'use 1 to 100 characters of A-Z, a-z, 0-9, _ . : and -, different for each instance (default: host name and port)',
    );
  return raw;
}

function parseOutboxLease(raw: string | undefined): number {
  if (raw === undefined) return 60_000;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 3 || seconds > 3600)
    throw new ConfigError(
      'OUTBOX_LEASE_SECONDS',
      `"${raw}" is not a number of seconds; use a whole number from 3 to 3600 (default 60)`,
    );
  return seconds * 1000;
}

function parseOfficerChatId(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!/^-?\d{1,20}$/.test(raw))
    throw new ConfigError(
      'OFFICER_CHAT_ID',
      "must be the numeric id of the officers' Telegram group, e.g. -1001234567890 (not its @name)",
    );
  return raw;
}

function parseOrigins(raw: string | undefined): '*' | string[] {
  if (raw === undefined || raw === '*') return '*';
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      throw new ConfigError(
        'WEB_CHAT_ORIGINS',
        `"${value}" is not an origin; list the portal's addresses separated by commas, e.g. https://langson.gov.vn,https://www.langson.gov.vn`,
      );
    }
    if (origin !== value.replace(/\/+$/, ''))
      throw new ConfigError('WEB_CHAT_ORIGINS', `"${value}" must be an origin only (scheme, host and port, no path)`);
    return origin;
  });
}

/** Names proxy-addr (Fastify's trustProxy) understands, besides addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustedProxies(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address = '', prefix, extra] = value.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!PROXY_RANGE_NAMES.has(value) && (family === 0 || !prefixOk || extra !== undefined)) {
      throw new ConfigError(
        'TRUSTED_PROXIES',
        `"${value}" is not an address or range; list your reverse proxies' addresses separated by commas, e.g. 127.0.0.1,10.0.0.0/8 (or loopback, linklocal, uniquelocal)`,
      );
    }
    return value;
  });
}

function parseFirstAdminUsername(raw: string | undefined): string {
  if (raw === undefined) return 'admin';
  if (!/^[a-z0-9._-]{3,40}$/.test(raw))
    throw new ConfigError(
      'FIRST_ADMIN_USERNAME',
      'use 3 to 40 characters of a-z, 0-9, dot, dash and underscore (default admin); a name that is not "admin" is harder to guess',
    );
  return raw;
}

function parseFlag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(name, `"${raw}" is not true or false`);
}

const logLevels = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadEnv(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const dataDir = path.resolve(cwd, read(env, 'DATA_DIR') ?? 'data');
  const logLevel = logLevels.safeParse(read(env, 'LOG_LEVEL') ?? 'info');
  if (!logLevel.success) throw new ConfigError('LOG_LEVEL', `must be one of ${logLevels.options.join(', ')}`);
  const publicUrl = parsePublicUrl(read(env, 'PUBLIC_URL'));

  const telegramToken = read(env, 'TELEGRAM_BOT_TOKEN');
  const telegramSecret = parseSecret(
    'TELEGRAM_WEBHOOK_SECRET',
    read(env, 'TELEGRAM_WEBHOOK_SECRET'),
    TELEGRAM_SECRET,
    '1 to 256 characters of A-Z, a-z, 0-9, _ and -',
  );
  if (telegramToken && publicUrl && !telegramSecret)
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET',
      'is required when PUBLIC_URL is set (webhook mode); generate one with: openssl rand -hex 32',
    );
  if (telegramToken !== undefined && !/^\d+:[A-Za-z0-9_-]+$/.test(telegramToken))
    throw new ConfigError(
      'TELEGRAM_BOT_TOKEN',
      'does not look like a bot token (123456:ABC-...); copy it from @BotFather',
    );

  const zaloToken = read(env, 'ZALO_BOT_TOKEN');
  const zaloSecret = parseSecret(
    'ZALO_WEBHOOK_SECRET',
    read(env, 'ZALO_WEBHOOK_SECRET'),
    ZALO_SECRET,
    '8 to 256 characters of A-Z, a-z, 0-9, _ and -',
  );
  if (zaloToken && publicUrl && !zaloSecret)
    throw new ConfigError(
      'ZALO_WEBHOOK_SECRET',
      'is required when PUBLIC_URL is set (webhook mode); generate one with: openssl rand -hex 32',
    );

  const metricsToken = parseSecret(
    'METRICS_TOKEN',
    read(env, 'METRICS_TOKEN'),
    METRICS_TOKEN,
    '16 to 256 characters of A-Z, a-z, 0-9, _ and -; generate one with: openssl rand -hex 32',
  );
  const metricsPublic = parseFlag('METRICS_PUBLIC', read(env, 'METRICS_PUBLIC'));
  if (publicUrl && metricsToken === null && !metricsPublic) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'is required when PUBLIC_URL is set, or /metrics is open to the internet; generate one with: openssl rand -hex 32 (or set METRICS_PUBLIC=true if your proxy keeps /metrics unreachable from outside)',
    );
  }

  const port = parsePort(read(env, 'PORT'));
  return {
    database: parseDatabase(read(env, 'DATABASE_URL'), dataDir),
    dataDir,
    host: read(env, 'HOST') ?? '127.0.0.1',
    port,
    publicUrl,
    logLevel: logLevel.data,
    electionConfigPath: path.resolve(cwd, read(env, 'ELECTION_CONFIG') ?? 'config/elections/lang-son-2021.json'),
    dataEncryptionKey: parseEncryptionKey(read(env, 'DATA_ENCRYPTION_KEY')),
    metricsToken,
    metricsPublic,
    trustedProxies: parseTrustedProxies(read(env, 'TRUSTED_PROXIES')),
    firstAdminUsername: parseFirstAdminUsername(read(env, 'FIRST_ADMIN_USERNAME')),
    retentionIdentityDays: parseRetentionDays(read(env, 'RETENTION_IDENTITY_DAYS')),
    webChatRequestsPerMinute: parseRequestsPerMinute(read(env, 'WEB_CHAT_REQUESTS_PER_MINUTE')),
    webChatOrigins: parseOrigins(read(env, 'WEB_CHAT_ORIGINS')),
    instanceId: parseInstanceId(read(env, 'INSTANCE_ID'), port),
    outboxLeaseMs: parseOutboxLease(read(env, 'OUTBOX_LEASE_SECONDS')),
    telegram: telegramToken
      ? {
          token: telegramToken,
          apiRoot: parseApiRoot('TELEGRAM_API_ROOT', read(env, 'TELEGRAM_API_ROOT'), 'https://api.telegram.org'),
          webhookSecret: telegramSecret,
          officerChatId: parseOfficerChatId(read(env, 'OFFICER_CHAT_ID')),
        }
      : null,
    zalo: zaloToken
      ? {
          token: zaloToken,
          apiRoot: parseApiRoot('ZALO_API_ROOT', read(env, 'ZALO_API_ROOT'), 'https://bot-api.zaloplatforms.com'),
          webhookSecret: zaloSecret,
        }
      : null,
  };
}
