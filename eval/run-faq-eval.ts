// npm run eval:faq [-- --verbose]
// Answer quality on real voter questions (eval/real/questions.json), the held-out part first,
// then the tuning part, then the team's self-written smoke set; and the search latency.
// Columns: right at once; right after picking the first question offered, when asked back or
// with "no sure answer yet" (the targets' reading; the second kind is counted under the table);
// confident wrong answers; asked back; right at once or among the questions offered. The
// tuning part's questions are phrasings of the shipped entries (npm run faq:learn), so it is
// answered out of fold: each fifth of its sources by entries and a ranker that never saw them.
// --verbose lists the TUNING part's misses only: the held-out part is never looked into.
// --through-chat asks every question through the real app's web chat API instead (slower: a
// fresh session per question), which is how citizens and outside evaluators get the answers.
import type { FaqEntry } from '../src/knowledge/content.js';
import { createKnowledgeBase, type KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { readRankerModel } from '../src/knowledge/ranker.js';
import {
  ANSWER_TARGETS,
  reportAssessed,
  reportPart,
  summarize,
  type KnowledgeBaseFor,
  type PartReport,
} from './answer-report.js';
import { askThroughChat } from './ask-through-chat.js';
import { ELECTION_FILES, entriesByLaw } from './law-elections.js';
import {
  measureLatency,
  noAnswers,
  intervalText,
  percent,
  tallyDeclines,
  type AnswerTally,
  type DeclineTally,
} from './measure-answers.js';
import { outOfFoldAssessments } from './ranker-training.js';
import { readOtherDomainQuestions, readRealQuestions, type RealQuestion } from './real-questions.js';
import { askCitizenQuestion } from './simulate-citizen.js';
import { readSelfWrittenQuestions } from './self-written-questions.js';

const { '2015': entries2015, '2025': entries2025 } = entriesByLaw();
// no memory of questions asked before: every figure, latency included, is a real search
const knowledgeBaseOf = (entries: readonly FaqEntry[]): KnowledgeBase =>
  createKnowledgeBase(entries, { recentQuestions: 0 });
const kb2015 = knowledgeBaseOf(entries2015);
const kb2025 = entries2025 === entries2015 ? kb2015 : knowledgeBaseOf(entries2025);
const kbFor: KnowledgeBaseFor = (law) => (law === '2025' ? kb2025 : kb2015);

const real = readRealQuestions();
const selfWritten = readSelfWrittenQuestions();
// timed first, on a heap like a serving instance's: the evaluations below build a knowledge base
// per fold, and collecting those during the timing would measure this script, not a search
const latency = measureLatency(
  kb2015,
  [...real.questions, ...selfWritten].map((question) => question.q),
);
const verbose = process.argv.includes('--verbose');
const lines: string[] = [];
const out = (line = '') => lines.push(line);

const answerRow = (label: string, t: AnswerTally) =>
  `  ${label.padEnd(34)} ${String(t.n).padStart(4)}  ${percent(t.atOnce, t.n)}  ${percent(t.afterPick, t.n)}  ${percent(t.confidentWrong, t.n)}  ${percent(t.askedBack, t.n)}  ${percent(t.offered, t.n)}`;
const twoAnswersRow = (t: AnswerTally) =>
  `    answered with two entries: ${t.twoAnswers} (right only in the second: ${t.rightSecond}); right after picking from "no sure answer yet": ${t.pickedAfterNoAnswer}`;
// the range each figure's truth likely lies in, given how few questions it counts
const intervalRow = (t: AnswerTally) =>
  `    95 % interval: at once ${intervalText(t.atOnce, t.n)}, ≤ 1 pick ${intervalText(t.afterPick, t.n)}, wrong ${intervalText(t.confidentWrong, t.n)}`;
const declineRow = (label: string, t: DeclineTally) =>
  `  ${label.padEnd(34)} ${String(t.n).padStart(4)}  ${percent(t.handled, t.n)}   (answered with an entry: ${percent(t.confidentWrong, t.n).trim()})`;

function printPart(title: string, report: PartReport): void {
  out(title);
  out(
    `  ${''.padEnd(34)} ${'n'.padStart(4)}  ${'at once'.padStart(7)}  ${'≤1 pick'.padStart(7)}  ${'wrong'.padStart(7)}  ${'asks'.padStart(7)}  ${'offered'.padStart(7)}`,
  );
  out(answerRow('Vietnamese, as published', report.vietnamese));
  out(intervalRow(report.vietnamese));
  out(twoAnswersRow(report.vietnamese));
  out(answerRow('English', report.english));
  out(intervalRow(report.english));
  out(twoAnswersRow(report.english));
  out(answerRow('unaccented copies', report.unaccented));
  out(answerRow('  their originals', report.unaccentedOriginals));
  out(answerRow('typo and teen-code copies', report.typed));
  out(answerRow('Vietnamese, 2015 law (2021)', report.byLaw['2015']));
  out(answerRow('Vietnamese, 2025 law (2026)', report.byLaw['2025']));
  out(declineRow('out of scope: declined', report.outOfScope));
  out(`    95 % interval: ${intervalText(report.outOfScope.handled, report.outOfScope.n)}`);
  out(declineRow('complaint wish: intake offered', report.complaint));
  out(`    95 % interval: ${intervalText(report.complaint.handled, report.complaint.n)}`);
  out();
}

const originals = real.questions.filter((question) => question.form === 'published');
const count = (split: RealQuestion['split']) => real.questions.filter((question) => question.split === split).length;
out(
  `Real voter questions (eval/real/questions.json): ${originals.length} published questions from ${real.sources.length} sources, ${real.questions.length} with copies and translations`,
);
out(
  `Targets on the held-out part: at once ≥ ${ANSWER_TARGETS.atOnce * 100} %, after ≤ 1 pick ≥ ${ANSWER_TARGETS.afterPick * 100} %, confident-wrong ≤ ${ANSWER_TARGETS.confidentWrongMax * 100} %, declined ≥ ${ANSWER_TARGETS.declined * 100} %, intake ≥ ${ANSWER_TARGETS.intake * 100} %`,
);
out();
const throughChat = process.argv.includes('--through-chat');
const partOf = async (split: RealQuestion['split']): Promise<PartReport> => {
  const questions = real.questions.filter((question) => question.split === split);
  if (!throughChat) return reportPart(kbFor, questions);
  const byLaw = await Promise.all(
    (['2015', '2025'] as const).map((law) =>
      askThroughChat(
        questions.filter((question) =>
          law === '2025' ? question.lawVersion === '2025' : question.lawVersion !== '2025',
        ),
        ELECTION_FILES[law],
      ),
    ),
  );
  return summarize(byLaw.flat());
};
if (throughChat)
  out(
    'Asked through the web chat API of the real app (a fresh session per question; the first suggestion picked when asked back or offered with "no sure answer yet")',
  );
const holdout = await partOf('holdout');
const { thresholds } = readRankerModel();
const tune = reportAssessed(
  outOfFoldAssessments(
    entries2015,
    selfWritten,
    real.questions.filter((question) => question.split === 'tune'),
    entries2025,
  ),
  thresholds,
);
printPart(`HELD-OUT part (${count('holdout')} questions, never tuned on)`, holdout);
printPart(
  `Tuning part (${count('tune')} questions; out of fold, in process: each fifth of its sources answered by entries and a ranker that never saw them)`,
  tune,
);
const self = reportPart(kbFor, selfWritten);
out(
  `Self-written set (eval/faq-questions.json, ${selfWritten.length} questions written next to the content and tuned on: a smoke test, not a result)`,
);
out(
  answerRow('all election questions', { ...self.vietnamese, ...sum(self.vietnamese, self.english, self.unaccented) }),
);
out(declineRow('out of scope: declined', self.outOfScope));
out(declineRow('complaint wish: intake offered', self.complaint));
out();
const otherDomains = readOtherDomainQuestions();
out(
  `Other-domain questions published on public Q&A pages (eval/real/other-domains.json, ${otherDomains.length}, never trained on; in process)`,
);
for (const lang of ['vi', 'en'] as const)
  out(
    declineRow(
      `${lang === 'vi' ? 'Vietnamese' : 'English'}: declined`,
      tallyDeclines(
        otherDomains
          .filter((question) => question.lang === lang)
          .map((question) => ({ view: askCitizenQuestion(kb2015, question.q) })),
        'declined',
      ),
    ),
  );
out();
out(
  `Search latency in process: p50 ${latency.p50Ms.toFixed(3)} ms, p99 ${latency.p99Ms.toFixed(3)} ms (target p99 < ${ANSWER_TARGETS.p99Ms} ms)`,
);
if (verbose) {
  out();
  out('Tuning-part misses (expected → got at once / after one pick):');
  for (const { question, view } of tune.asked) {
    const accepted = new Set([
      question.expect,
      ...question.alsoAccept,
      ...(question.expect === 'out_of_scope' ? ['declined'] : []),
    ]);
    if (accepted.has(view.atOnce) || (view.also !== undefined && accepted.has(view.also))) continue;
    out(
      `  ${question.id.padEnd(10)} ${question.expect.padEnd(26)} → ${view.atOnce.padEnd(26)} / ${view.afterPick.padEnd(26)} ${question.q}`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

function sum(...tallies: AnswerTally[]): AnswerTally {
  const total = noAnswers();
  for (const tally of tallies) for (const key of Object.keys(total) as (keyof AnswerTally)[]) total[key] += tally[key];
  return total;
}
