// npm run test:mutation [module…]: one Stryker run per module of stryker/modules.mjs (each with
// only its own test files, so each dry run is short), then a table of the scores per module and
// overall from their JSON reports (reports/mutation/<module>.json; summary in summary.md).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { MODULES } from './modules.mjs';

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(MODULES);
const unknown = names.filter((name) => !(name in MODULES));
if (unknown.length > 0) {
  process.stderr.write(`unknown module(s): ${unknown.join(', ')}; known: ${Object.keys(MODULES).join(', ')}\n`);
  process.exit(2);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

function tally(name) {
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status in counts) counts[mutant.status] += 1;
      else counts.other += 1;
    }
  }
  return counts;
}

const score = (counts) => {
  const valid = [...VALID].reduce((sum, status) => sum + counts[status], 0);
  const detected = [...DETECTED].reduce((sum, status) => sum + counts[status], 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
};

mkdirSync('reports/mutation', { recursive: true });
const rows = [];
let failed = false;
for (const name of names) {
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_MODULE: name },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    failed = true;
    rows.push({ name, seconds, counts: null });
    continue;
  }
  rows.push({ name, seconds, counts: tally(name) });
}

const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
const lines = [
  '| module | score % | killed | timeout | survived | no coverage | ignored | time |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const { name, seconds, counts } of rows) {
  const time = `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  if (!counts) {
    lines.push(`| ${name} | run failed | | | | | | ${time} |`);
    continue;
  }
  for (const key of Object.keys(total)) total[key] += counts[key];
  lines.push(
    `| ${name} | ${score(counts).toFixed(2)} | ${counts.Killed} | ${counts.Timeout} | ${counts.Survived} | ${counts.NoCoverage} | ${counts.Ignored} | ${time} |`,
  );
}
const allSeconds = rows.reduce((sum, row) => sum + row.seconds, 0);
lines.push(
  `| **all** | **${score(total).toFixed(2)}** | ${total.Killed} | ${total.Timeout} | ${total.Survived} | ${total.NoCoverage} | ${total.Ignored} | ${Math.floor(allSeconds / 60)} min ${allSeconds % 60} s |`,
);
const table = `${lines.join('\n')}\n`;
writeFileSync('reports/mutation/summary.md', table);
process.stdout.write(`\n${table}`);
process.exit(failed ? 1 : 0);
