// npm run db:backup -- <file>    writes a backup of DATABASE_URL while the service runs
// npm run db:restore -- <file>   restores it (stop every instance first)
import { loadEnv } from '../config/env.js';
import { describeError } from '../lib/errors.js';
import { backupDatabase, restoreDatabase } from '../ops/backup.js';

const [action, file] = process.argv.slice(2);
if ((action !== 'backup' && action !== 'restore') || !file) {
  process.stderr.write('usage: npm run db:backup -- <file>   |   npm run db:restore -- <file>\n');
  process.exit(2);
}
try {
  const config = loadEnv();
  if (action === 'backup') await backupDatabase(config.database, file);
  else await restoreDatabase(config.database, file);
  process.stdout.write(`${action === 'backup' ? 'backed up to' : 'restored from'} ${file}\nRemember: the identity key (DATA_ENCRYPTION_KEY or ${config.dataDir}/encryption.key) is not in the backup; keep it safe separately.\n`);
} catch (error) {
  process.stderr.write(`${describeError(error)}\n`);
  process.exit(1);
}
