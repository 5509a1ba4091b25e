// npm run localities:import -- --file path/to/localities.csv   (code,name,type,level,parent_code)
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';
import { importLocalities, parseLocalitiesCsv } from '../localities/import.js';

await runCli('npm run localities:import -- --file localities.csv', { file: { type: 'string' } }, async (args, db) => {
  if (!args.file) throw new Error('--file is required');
  const count = await importLocalities(db, parseLocalitiesCsv(readFileSync(args.file, 'utf8')));
  return `${count} localities imported.`;
});
