// npm run db:backup -- <file>    writes a backup of DATABASE_URL while the service runs
// npm run db:restore -- <file>   restores it (stop every instance first)
// The database is not opened (nor migrated) here: a restore goes into a stopped one.
import { backupDatabase, restoreDatabase } from '../ops/backup.js';
import { runCli, UsageError } from './run-cli.js';

await runCli(
  { usage: 'npm run db:backup -- <file>   |   npm run db:restore -- <file>', positionals: 2 },
  async ({ positionals, config }) => {
    const [action, file] = positionals;
    if ((action !== 'backup' && action !== 'restore') || !file)
      throw new UsageError('say backup or restore, and the file');
    if (action === 'backup') await backupDatabase(config.database, file);
    else await restoreDatabase(config.database, file);
    return `${action === 'backup' ? 'backed up to' : 'restored from'} ${file}\nRemember: the identity key (DATA_ENCRYPTION_KEY or ${config.dataDir}/encryption.key) is not in the backup; keep it safe separately.`;
  },
);
