// npm run bench:rebuild -- [--runs 5]
// How long an instance stops answering while it rebuilds its knowledge base after an approval
// (src/knowledge/live-knowledge-base.ts): the build run at once, as at start-up, blocks the
// event loop for all of it; the rebuild runs in steps and serves waiting requests between them.
// Printed: each way's total time and the longest the event loop was held (a ticker that reschedules
// itself at once records the longest gap between its turns), and how many searches a loop that
// keeps asking got answered during the rebuild.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadElectionConfig } from '../../src/config/election.js';
import { createTranslator } from '../../src/i18n.js';
import { knowledgeBuilder } from '../../src/knowledge/live-knowledge-base.js';
import { runSteps, runStepsYielding } from '../../src/lib/steps.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const election = loadElectionConfig(path.resolve('config/elections/lang-son-2021.json'));
const build = knowledgeBuilder(createTranslator(election));
const changes = [
  { kind: 'variant' as const, faqId: 'watch-count', locale: 'vi' as const, text: 'Bầu cử có livestream không?' },
];
const current = runSteps(build([], election));

/** Runs `work` while a ticker and a citizen asking questions share the event loop with it. */
async function measure(
  work: () => Promise<unknown>,
): Promise<{ totalMs: number; longestHoldMs: number; searches: number }> {
  let running = true;
  let longestHoldMs = 0;
  let searches = 0;
  const ticker = (async () => {
    let last = performance.now();
    while (running) {
      await nextTurn();
      const now = performance.now();
      longestHoldMs = Math.max(longestHoldMs, now - last);
      last = now;
      current.search('Mất thẻ cử tri thì làm sao?');
      searches++;
    }
  })();
  const start = performance.now();
  await work();
  const totalMs = performance.now() - start;
  running = false;
  await ticker;
  return { totalMs, longestHoldMs, searches };
}

const format = ({ totalMs, longestHoldMs, searches }: Awaited<ReturnType<typeof measure>>) =>
  `total ${totalMs.toFixed(0)} ms, event loop held up to ${longestHoldMs.toFixed(0)} ms, ${searches} searches answered meanwhile`;
for (let run = 1; run <= runs; run++) {
  const atOnce = await measure(async () => runSteps(build(changes, election)));
  const inSteps = await measure(() => runStepsYielding(build(changes, election)));
  process.stdout.write(`run ${run}: at once: ${format(atOnce)}; in steps: ${format(inSteps)}\n`);
}
