// Shared frame of the command-line tools (npm run officer:create, db:backup, settings:set…):
// arguments, configuration, the migrated database when the tool needs it, clear errors. A usage
// mistake exits 2, a failure 1.
import { parseArgs } from 'node:util';
import { loadEnv, type AppConfig } from '../config/env.js';
import { ConfigError } from '../config/config-error.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { seedLocalitiesIfEmpty } from '../localities/import.js';
import { DomainError, describeError } from '../lib/errors.js';

/** Every option of these tools takes a value. */
type Options = Record<string, { type: 'string' }>;

export interface CliTools {
  args: Record<string, string | undefined>;
  positionals: string[];
  config: AppConfig;
  /** The migrated database (seeded with the localities), opened on first use and closed at the end. */
  database(): Promise<Database>;
}

export interface CliSpec {
  usage: string;
  options?: Options;
  /** how many positional arguments the tool takes (default none) */
  positionals?: number;
}

/** A mistake in how the tool was called: the usage is printed with it. */
export class UsageError extends Error {}

export async function runCli(spec: CliSpec, task: (tools: CliTools) => Promise<string>): Promise<void> {
  let args: Record<string, string | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ options: spec.options ?? {}, allowPositionals: (spec.positionals ?? 0) > 0 });
    args = Object.fromEntries(
      Object.entries(parsed.values).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
    );
    positionals = parsed.positionals;
    if (positionals.length > (spec.positionals ?? 0))
      throw new UsageError(`unexpected argument ${positionals.at(-1) ?? ''}`);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\nusage: ${spec.usage}\n`);
    process.exit(2);
  }
  let opened: Database | null = null;
  try {
    const config = loadEnv();
    const database = async () => {
      if (!opened) {
        await migrateDatabase(config.database);
        opened = openDatabase(config.database);
        await seedLocalitiesIfEmpty(opened.db);
      }
      return opened;
    };
    process.stdout.write(`${await task({ args, positionals, config, database })}\n`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nusage: ${spec.usage}\n`);
      process.exit(2);
    }
    const known = error instanceof ConfigError || error instanceof DomainError;
    process.stderr.write(`${known ? '' : 'failed: '}${describeError(error)}\n`);
    process.exit(1);
  } finally {
    await (opened as Database | null)?.close();
  }
}
