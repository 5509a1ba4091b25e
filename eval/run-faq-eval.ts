// npm run eval:faq   — prints the knowledge base's figures on eval/faq-questions.json.
import path from 'node:path';
import { loadElectionConfig } from '../src/config/election.js';
import { createTranslator } from '../src/i18n.js';
import { loadFaqEntries } from '../src/knowledge/content.js';
import { createKnowledgeBase, DEFAULT_THRESHOLDS } from '../src/knowledge/knowledge-base.js';
import { EVAL_TARGETS, evaluateFaq, readLabelledQuestions, share } from './evaluate-faq.js';

const electionFile = process.env.ELECTION_CONFIG ?? path.resolve('config/elections/lang-son-2021.json');
const election = loadElectionConfig(electionFile);
// no memory of questions asked before: the latency printed is a real search's
const kb = createKnowledgeBase(loadFaqEntries(createTranslator(election), election), DEFAULT_THRESHOLDS, 0);
const questions = readLabelledQuestions();
const report = evaluateFaq(kb, questions);

const line = (label: string, r: { correct: number; total: number }, target: number) =>
  `${label.padEnd(28)} ${(share(r) * 100).toFixed(1).padStart(5)} %  (${r.correct}/${r.total}, target ≥ ${target * 100} %)`;
const verbose = process.argv.includes('--verbose');
process.stdout.write(
  [
    `FAQ evaluation: ${questions.length} labelled questions, ${kb.entries.size} entries (${path.basename(electionFile)})`,
    line('top-1 accuracy', report.top1, EVAL_TARGETS.top1),
    line('top-1, typed without accents', report.unaccented, EVAL_TARGETS.unaccented),
    line('out-of-scope rejected', report.outOfScope, EVAL_TARGETS.outOfScope),
    line('complaint intent detected', report.complaint, EVAL_TARGETS.complaint),
    `latency per question          p50 ${report.latency.p50Ms.toFixed(3)} ms, p99 ${report.latency.p99Ms.toFixed(3)} ms (target p99 < ${EVAL_TARGETS.p99Ms} ms)`,
    ...(verbose ? ['', 'misses:', ...report.misses.map((miss) => `  ${miss.expect.padEnd(28)} got ${miss.got.padEnd(28)} ${miss.q}`)] : [`misses: ${report.misses.length} (run with -- --verbose to list them)`]),
    '',
  ].join('\n'),
);
