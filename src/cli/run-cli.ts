// Shared frame of the command-line tools: configuration, migrated database, clear errors.
import { parseArgs } from 'node:util';
import { loadEnv } from '../config/env.js';
import { ConfigError } from '../config/config-error.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { seedLocalitiesIfEmpty } from '../localities/import.js';
import { DomainError, describeError } from '../lib/errors.js';

/** Every option of these tools takes a value. */
type Options = Record<string, { type: 'string' }>;

export async function runCli(usage: string, options: Options, task: (args: Record<string, string | undefined>, db: Db) => Promise<string>): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({ options, allowPositionals: false }).values;
    values = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
  } catch (error) {
    process.stderr.write(`${describeError(error)}\nusage: ${usage}\n`);
    process.exit(2);
  }
  try {
    const config = loadEnv();
    await migrateDatabase(config.database);
    const database = openDatabase(config.database);
    try {
      await seedLocalitiesIfEmpty(database.db);
      process.stdout.write(`${await task(values, database.db)}\n`);
    } finally {
      await database.close();
    }
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof DomainError;
    process.stderr.write(`${known ? '' : 'failed: '}${describeError(error)}\n`);
    process.exit(1);
  }
}
