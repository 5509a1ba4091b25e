// Backups while the service runs, and restores into a stopped one (docs/operations.md).
// SQLite: VACUUM INTO writes a consistent, compact copy without stopping writers.
// PostgreSQL: pg_dump's custom format (one consistent snapshot), restored with pg_restore.
// The identity encryption key is NOT in the database: back it up separately, or the restored
// identities cannot be read.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import type { DatabaseTarget } from '../config/env.js';
import { ensurePrivateFile } from '../security/private-files.js';

/** The URL without its password, and the password for PGPASSWORD: never on a command line. */
function postgresArguments(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.href, env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) =>
      reject(new Error(`${command} could not start (${error.message}); install the PostgreSQL client tools`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

/** Writes a backup of the live database to `destination` (a new file). */
export async function backupDatabase(target: DatabaseTarget, destination: string): Promise<void> {
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file name`);
  // an empty owner-only file first: VACUUM INTO and pg_dump write into it and keep its mode
  ensurePrivateFile(path.resolve(destination));
  if (target.provider === 'sqlite') {
    if (!existsSync(target.file))
      throw new Error(`there is no database at ${target.file}; check DATABASE_URL and DATA_DIR`);
    const client = createClient({ url: target.url });
    try {
      await client.execute({ sql: 'VACUUM INTO ?', args: [path.resolve(destination)] });
    } finally {
      client.close();
    }
    return;
  }
  const { dbname, env } = postgresArguments(target.url);
  await run(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${destination}`, `--dbname=${dbname}`],
    env,
  );
}

/** Replaces the database's content with the backup. Stop every instance first. */
export async function restoreDatabase(target: DatabaseTarget, source: string): Promise<void> {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    // a stale write-ahead log of the old database must not be replayed onto the restored one
    for (const suffix of ['-wal', '-shm']) rmSync(`${target.file}${suffix}`, { force: true });
    copyFileSync(source, target.file);
    ensurePrivateFile(target.file);
    return;
  }
  const { dbname, env } = postgresArguments(target.url);
  await run(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${dbname}`,
      source,
    ],
    env,
  );
}
