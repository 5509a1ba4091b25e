// npm run polling:import -- --file path/to/polling-areas.csv
//   columns: commune_code,number,name,address,map_url,hours (map_url and hours may be empty)
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';
import { importPollingAreas, parsePollingAreasCsv } from '../polling/import.js';

await runCli('npm run polling:import -- --file polling-areas.csv', { file: { type: 'string' } }, async (args, db) => {
  if (!args.file) throw new Error('--file is required');
  const count = await importPollingAreas(db, parsePollingAreasCsv(readFileSync(args.file, 'utf8')));
  return `${count} polling areas imported.`;
});
