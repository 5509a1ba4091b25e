// Small doors: the files the service writes are readable by its own user only, /metrics is not
// left open on a public server by accident, CORS stays on the web chat's routes, and the new
// settings say how to fix a wrong value.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { backupDatabase } from '../../src/ops/backup.js';
import { sqliteJournals } from '../../src/db/database.js';
import { AUDIT_ANCHOR_FILE } from '../../src/audit/audit-setup.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { configErrorOf } from '../support/config-error.js';

const permissions = (file: string) => statSync(file).mode & 0o777;

describe('files of the service', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('creates the database, its journals, the key, the audit anchor and backups readable by their owner only', async () => {
    const { target } = test.app.context.database;
    if (target.provider !== 'sqlite') throw new Error('an SQLite test');
    await test.app.context.audit.append(test.app.context.db, { officerId: null, action: 'files.probe' });
    await test.app.context.auditAnchors.anchor();
    const files = [
      target.file,
      ...sqliteJournals(target.file),
      path.join(test.dataDir, 'encryption.key'),
      path.join(test.dataDir, AUDIT_ANCHOR_FILE),
    ];
    for (const file of files) {
      expect(existsSync(file), file).toBe(true);
      expect(permissions(file), file).toBe(0o600);
    }
    const backups = mkdtempSync(path.join(tmpdir(), 'cutri-backup-'));
    try {
      const backup = path.join(backups, 'nightly', 'cutri-backup.db');
      await backupDatabase(target, backup);
      expect(permissions(backup)).toBe(0o600);
      expect(permissions(path.dirname(backup))).toBe(0o700);
    } finally {
      rmSync(backups, { recursive: true, force: true });
    }
  });

  it('answers CORS only on the web chat routes, never on the console’s API', async () => {
    const preflight = (route: string) =>
      fetch(new URL(route, test.url), {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-csrf-token',
        },
      });
    for (const route of ['/api/console/login', '/api/console/tickets/KN-2021-00001/reveal', '/api/console/password']) {
      const answer = await preflight(route);
      expect(answer.headers.get('access-control-allow-origin'), route).toBeNull();
      expect(answer.headers.get('access-control-allow-methods'), route).toBeNull();
    }
    const chat = await preflight('/api/chat/messages');
    expect(chat.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('settings for a public server', () => {
  it('refuses to start with PUBLIC_URL and an open /metrics, unless the operator says it is private', () => {
    const open = configErrorOf({ PUBLIC_URL: 'https://cutri.example.gov.vn' });
    expect(open.variable).toBe('METRICS_TOKEN');
    expect(open.message).toContain('METRICS_PUBLIC=true');
    expect(loadEnv({ PUBLIC_URL: 'https://cutri.example.gov.vn', METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe(
      'a'.repeat(32),
    );
    expect(loadEnv({ PUBLIC_URL: 'https://cutri.example.gov.vn', METRICS_PUBLIC: 'true' }).metricsPublic).toBe(true);
    expect(loadEnv({}).metricsPublic).toBe(false);
    expect(configErrorOf({ METRICS_PUBLIC: 'yes please' }).variable).toBe('METRICS_PUBLIC');
  });

  it('reads the trusted proxies and names the fix for a wrong one', () => {
    expect(loadEnv({}).trustedProxies).toEqual([]);
    expect(loadEnv({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const wrong of ['proxy.local', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2']) {
      const error = configErrorOf({ TRUSTED_PROXIES: wrong });
      expect(error.variable, wrong).toBe('TRUSTED_PROXIES');
      expect(error.message, wrong).toContain('e.g. 127.0.0.1,10.0.0.0/8');
    }
  });
});
