// Real databases for tests: a fresh SQLite file, and a fresh database on the local PostgreSQL
// (127.0.0.1:5432, trust auth), created per call and dropped after. In CI (CI set, see ci.ts)
// PostgreSQL must be there: its absence fails the run instead of skipping.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config/env.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { seedLocalitiesIfEmpty } from '../../src/localities/import.js';
import { inCi } from './ci.js';

export type Provider = DatabaseTarget['provider'];

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The providers to run database tests on: SQLite always; PostgreSQL when reachable, and always in CI. */
export async function testProviders(): Promise<Provider[]> {
  if (inCi() || (await postgresReachable())) return ['sqlite', 'postgresql'];
  process.stderr.write(
    '\n[tests] PostgreSQL is not reachable at 127.0.0.1:5432: its tests are skipped here (in CI they run and fail).\n\n',
  );
  return ['sqlite'];
}

export interface TestDatabase {
  target: DatabaseTarget;
  /** Removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-test-'));
    const file = path.join(dir, 'test.db');
    return {
      target: { provider, url: `file:${file}`, file },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `cutri_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { provider, url: url.href },
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh database of `provider`, migrated, opened, with the seed localities loaded. */
export async function migratedTestDatabase(provider: Provider): Promise<{ testDb: TestDatabase; database: Database }> {
  const testDb = await createTestDatabase(provider);
  await migrateDatabase(testDb.target);
  const database = openDatabase(testDb.target);
  await seedLocalitiesIfEmpty(database.db);
  return { testDb, database };
}
