// The service as a user starts it: real port, real database, /healthz.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startTestApp } from '../support/app.js';
import { startAppOn } from '../ops/app-on.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('the service on %s', (provider) => {
  it('answers /healthz 200 with a request id, creates the first admin once, and 503 once the database is gone', async () => {
    const test = await startTestApp(provider);
    let running = test.app;
    try {
      const first = test.app.firstAdmin;
      expect(first?.username).toBe('admin');
      if (!first) throw new Error('no first admin');
      expect(test.logs.join('')).not.toContain(first.password);

      // a restart on the same database creates no second admin and has nothing to hand over
      await test.app.stop();
      const restarted = await startAppOn(test.database.target, test.dataDir);
      running = restarted.app;
      expect(restarted.app.firstAdmin).toBeNull();
      expect(await restarted.app.context.db.officer.count()).toBe(1);
      // the one-time password handed over at the first start still opens the account
      const login = await fetch(new URL('/api/console/login', restarted.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: first.username, password: first.password }),
      });
      expect(login.status).toBe(200);
      expect(await login.json()).toMatchObject({ next: 'password_change' });

      const ok = await fetch(new URL('/healthz', restarted.url));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-request-id')).toMatch(/.+/);
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff');

      const target = test.database.target;
      if (target.provider === 'sqlite') {
        rmSync(path.dirname(target.file), { recursive: true, force: true });
      } else {
        const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
        await admin.connect();
        await admin.query(`DROP DATABASE "${new URL(test.database.target.url).pathname.slice(1)}" WITH (FORCE)`);
        await admin.end();
      }
      const gone = await fetch(new URL('/healthz', restarted.url));
      expect(gone.status).toBe(503);
    } finally {
      await running.server.close();
      await test.database.drop();
    }
  });

  it('answers an unknown path with 404 JSON', async () => {
    const test = await startTestApp(provider);
    try {
      const missing = await fetch(new URL('/nope', test.url));
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ statusCode: 404 });
    } finally {
      await test.stop();
    }
  });
});
