// npm run polling:import -- --file path/to/polling-areas.csv
//   columns: commune_code,number,name,address,map_url,hours (map_url and hours may be empty)
import { readFileSync } from 'node:fs';
import { runCli, UsageError } from './run-cli.js';
import { importPollingAreas, parsePollingAreasCsv } from '../polling/import.js';

await runCli(
  { usage: 'npm run polling:import -- --file polling-areas.csv', options: { file: { type: 'string' } } },
  async ({ args, database }) => {
    if (!args.file) throw new UsageError('--file is required');
    const count = await importPollingAreas(
      (await database()).db,
      parsePollingAreasCsv(readFileSync(args.file, 'utf8')),
    );
    return `${count} polling areas imported.`;
  },
);
