// The service as a user starts it: real port, real database, /healthz.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startTestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';

const providers = await testProviders();

describe.each(providers)('the service on %s', (provider) => {
  it('answers /healthz 200 with a request id, creates the first admin once, and 503 once the database is gone', async () => {
    const test = await startTestApp(provider);
    try {
      expect(test.app.firstAdmin?.username).toBe('admin');
      expect(test.logs.join('')).not.toContain(test.app.firstAdmin?.password);
      const ok = await fetch(new URL('/healthz', test.url));
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
      const gone = await fetch(new URL('/healthz', test.url));
      expect(gone.status).toBe(503);
    } finally {
      await test.app.server.close();
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
