// Applies the SQL migrations of prisma/<provider>/migrations in order, once each, at start.
// Prisma's own `migrate deploy` needs a native engine or a PostgreSQL adapter that fails on
// these machines, so the same SQL files are applied here through the plain drivers. Each
// migration runs in one transaction with its checksum recorded; an edited migration that was
// already applied stops the start instead of drifting silently. On PostgreSQL an advisory lock
// lets several instances start at once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import pg from 'pg';
import type { DatabaseTarget } from '../config/env.js';
import { ensurePrivateFile } from '../security/private-files.js';
import { sqliteJournals } from './database.js';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HISTORY_TABLE = '_cutri_migrations';
/** Arbitrary constant shared by every instance: the key of the PostgreSQL advisory lock. */
const MIGRATION_LOCK_KEY = 7_263_001;

export function readMigrations(provider: DatabaseTarget['provider'], root = projectRoot): Migration[] {
  const dir = path.join(root, 'prisma', provider, 'migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationDriftError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied; restore the file and add a new migration instead`);
    this.name = 'MigrationDriftError';
  }
}

function pending(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) throw new MigrationDriftError(migration.name);
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

async function migrateSqlite(file: string, url: string, migrations: Migration[]): Promise<MigrationResult> {
  // created owner-only: SQLite gives its journals the database file's permissions
  ensurePrivateFile(file, sqliteJournals(file));
  const client = createClient({ url });
  try {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(
      `CREATE TABLE IF NOT EXISTS "${HISTORY_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const rows = await client.execute(`SELECT name, checksum FROM "${HISTORY_TABLE}"`);
    const applied = new Map(rows.rows.map((row) => [String(row.name), String(row.checksum)]));
    const todo = pending(migrations, applied);
    for (const migration of todo) {
      const tx = await client.transaction('write');
      try {
        await tx.executeMultiple(migration.sql);
        await tx.execute({
          sql: `INSERT INTO "${HISTORY_TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`,
          args: [migration.name, migration.checksum, new Date().toISOString()],
        });
        await tx.commit();
      } finally {
        tx.close();
      }
    }
    return { applied: todo.map((m) => m.name), alreadyApplied: applied.size };
  } finally {
    client.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${HISTORY_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const rows = await client.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "${HISTORY_TABLE}"`,
    );
    const applied = new Map(rows.rows.map((row) => [row.name, row.checksum]));
    const todo = pending(migrations, applied);
    for (const migration of todo) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "${HISTORY_TABLE}" (name, checksum) VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return { applied: todo.map((m) => m.name), alreadyApplied: applied.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export async function migrateDatabase(
  target: DatabaseTarget,
  migrations = readMigrations(target.provider),
): Promise<MigrationResult> {
  return target.provider === 'postgresql'
    ? migratePostgres(target.url, migrations)
    : migrateSqlite(target.file, target.url, migrations);
}
