// npm run localities:import -- --file path/to/localities.csv   (code,name,type,level,parent_code)
import { readFileSync } from 'node:fs';
import { runCli, UsageError } from './run-cli.js';
import { importLocalities, parseLocalitiesCsv } from '../localities/import.js';

await runCli(
  { usage: 'npm run localities:import -- --file localities.csv', options: { file: { type: 'string' } } },
  async ({ args, database }) => {
    if (!args.file) throw new UsageError('--file is required');
    const count = await importLocalities((await database()).db, parseLocalitiesCsv(readFileSync(args.file, 'utf8')));
    return `${count} localities imported.`;
  },
);
