import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { candidateComplaintsCutoff, loadElectionConfig } from '../../src/config/election.js';
import { ConfigError } from '../../src/config/config-error.js';
import { configErrorOf } from '../support/config-error.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('configuration from the environment', () => {
  it('with nothing set, runs on an SQLite file under ./data on 127.0.0.1:3000 with no channel', () => {
    const config = loadEnv({}, '/srv/cutri');
    expect(config.database).toEqual({
      provider: 'sqlite',
      url: 'file:/srv/cutri/data/cutri.db',
      file: '/srv/cutri/data/cutri.db',
    });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.telegram).toBeNull();
    expect(config.zalo).toBeNull();
    expect(config.publicUrl).toBeNull();
    // stable across restarts, different per instance: the host and the port
    expect(config.instanceId).toMatch(/:3000$/);
    expect(config.outboxLeaseMs).toBe(60_000);
  });

  it('reads a PostgreSQL URL and channel tokens', () => {
    const config = loadEnv(
      {
        DATABASE_URL: 'postgresql://u:p@db:5432/cutri',
        TELEGRAM_BOT_TOKEN: '123:abc',
        ZALO_BOT_TOKEN: '1:xyz',
        ZALO_API_ROOT: 'http://127.0.0.1:9/',
      },
      '/srv',
    );
    expect(config.database.provider).toBe('postgresql');
    expect(config.telegram?.apiRoot).toBe('https://api.telegram.org');
    expect(config.zalo?.apiRoot).toBe('http://127.0.0.1:9');
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'must start with file: (SQLite) or postgresql://'],
    [{ PORT: 'eighty' }, 'PORT', 'is not a port number'],
    [{ PORT: '70000' }, 'PORT', 'is not a port number'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL', 'is not a URL'],
    [{ DATA_ENCRYPTION_KEY: 'short' }, 'DATA_ENCRYPTION_KEY', 'openssl rand -hex 32'],
    [{ TELEGRAM_BOT_TOKEN: 'abc' }, 'TELEGRAM_BOT_TOKEN', '@BotFather'],
    [
      { TELEGRAM_BOT_TOKEN: '1:a', PUBLIC_URL: 'https://x.example' },
      'TELEGRAM_WEBHOOK_SECRET',
      'is required when PUBLIC_URL is set',
    ],
    [
      { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_SECRET: 'has spaces in it' },
      'TELEGRAM_WEBHOOK_SECRET',
      'A-Z, a-z, 0-9',
    ],
    [
      { ZALO_BOT_TOKEN: '1:a', PUBLIC_URL: 'https://x.example' },
      'ZALO_WEBHOOK_SECRET',
      'is required when PUBLIC_URL is set',
    ],
    [{ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_API_ROOT: 'ftp://x' }, 'TELEGRAM_API_ROOT', 'is not an http(s) URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    [{ WEB_CHAT_ORIGINS: 'https://langson.gov.vn/chat' }, 'WEB_CHAT_ORIGINS', 'must be an origin only'],
    [{ WEB_CHAT_ORIGINS: 'portal' }, 'WEB_CHAT_ORIGINS', 'is not an origin'],
    [{ TELEGRAM_BOT_TOKEN: '1:a', OFFICER_CHAT_ID: '@officers' }, 'OFFICER_CHAT_ID', 'numeric id'],
    [{ INSTANCE_ID: 'node 1' }, 'INSTANCE_ID', 'different for each instance'],
    [{ OUTBOX_LEASE_SECONDS: '1' }, 'OUTBOX_LEASE_SECONDS', 'from 3 to 3600'],
  ])('refuses %o naming %s and the fix', (env, variable, fix) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(fix);
  });

  it('accepts a 32-byte key as hex or base64', () => {
    expect(loadEnv({ DATA_ENCRYPTION_KEY: 'ab'.repeat(32) }).dataEncryptionKey?.length).toBe(32);
    expect(loadEnv({ DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).dataEncryptionKey?.length).toBe(32);
  });
});

describe('election configuration', () => {
  it('loads the Lạng Sơn 2021 election', () => {
    const election = loadElectionConfig('config/elections/lang-son-2021.json');
    expect(election.electionDay).toBe('2021-05-23');
    expect(election.province).toEqual({ code: '20', name: 'Lạng Sơn' });
    expect(election.timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('names the broken field of a wrong election file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-election-'));
    const file = path.join(dir, 'bad.json');
    const election = JSON.parse(JSON.stringify(loadElectionConfig('config/elections/lang-son-2021.json')));
    election.electionDay = '23/05/2021';
    election.timeZone = 'Mars/Olympus';
    writeFileSync(file, JSON.stringify(election));
    expect(() => loadElectionConfig(file)).toThrow(
      /electionDay: expected YYYY-MM-DD.*timeZone: unknown IANA time zone/,
    );
    writeFileSync(file, '{ not json');
    expect(() => loadElectionConfig(file)).toThrow(/ELECTION_CONFIG: cannot read .* as JSON/);
  });

  it('derives the cut-off for complaints about candidates from election day, and stops on a file that sets another date', () => {
    expect(candidateComplaintsCutoff(loadElectionConfig('config/elections/lang-son-2021.json'))).toBe('2021-05-13');
    expect(candidateComplaintsCutoff(loadElectionConfig('config/elections/lang-son-2026.json'))).toBe('2026-03-05');
    // across a month's start: 10 days before 5 June is 26 May
    expect(candidateComplaintsCutoff({ electionDay: '2016-06-05' })).toBe('2016-05-26');
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-election-'));
    const file = path.join(dir, 'older.json');
    const raw = JSON.parse(readFileSync('config/elections/lang-son-2021.json', 'utf8'));
    delete raw.localities; // its paths are relative to config/elections/
    // an election file written before the cut-off was derived, with the law's date: accepted
    raw.milestones.candidateComplaintsCutoff = '2021-05-13';
    writeFileSync(file, JSON.stringify(raw));
    expect(candidateComplaintsCutoff(loadElectionConfig(file))).toBe('2021-05-13');
    // another date: the start stops, naming the field, the law's date and the fix
    raw.milestones.candidateComplaintsCutoff = '2021-05-16';
    writeFileSync(file, JSON.stringify(raw));
    expect(() => loadElectionConfig(file)).toThrow(ConfigError);
    expect(() => loadElectionConfig(file)).toThrow(
      /milestones\.candidateComplaintsCutoff to "2021-05-16".*10 days before election day \(2021-05-23\), on 2021-05-13.*remove milestones\.candidateComplaintsCutoff/,
    );
  });
});
