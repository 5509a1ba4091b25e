// Quality gate: the labelled set in eval/faq-questions.json must keep meeting the targets of
// `npm run eval:faq`, so a content or ranking change that makes answers worse fails CI.
// Latency is printed, not asserted (timing belongs to benchmarks, not tests).
import { describe, expect, it } from 'vitest';
import { EVAL_TARGETS, evaluateFaq, readLabelledQuestions, share } from '../../eval/evaluate-faq.js';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { seedElection, seedTranslator } from './support.js';

describe('FAQ evaluation targets', () => {
  const questions = readLabelledQuestions();
  const report = evaluateFaq(loadKnowledgeBase(seedTranslator, seedElection), questions, 1);

  it('uses a labelled set of at least 150 varied questions', () => {
    expect(questions.length).toBeGreaterThanOrEqual(150);
    const expects = new Set(questions.map((question) => question.expect));
    expect(expects.has('out_of_scope') && expects.has('complaint')).toBe(true);
    expect(report.unaccented.total).toBeGreaterThanOrEqual(30);
  });

  it('meets the accuracy, rejection and intent-detection targets', () => {
    process.stdout.write(`faq eval: top-1 ${share(report.top1)}, unaccented ${share(report.unaccented)}, out-of-scope ${share(report.outOfScope)}, complaint ${share(report.complaint)}, p99 ${report.latency.p99Ms.toFixed(3)} ms\n`);
    expect(share(report.top1)).toBeGreaterThanOrEqual(EVAL_TARGETS.top1);
    expect(share(report.unaccented)).toBeGreaterThanOrEqual(EVAL_TARGETS.unaccented);
    expect(share(report.outOfScope)).toBeGreaterThanOrEqual(EVAL_TARGETS.outOfScope);
    expect(share(report.complaint)).toBeGreaterThanOrEqual(EVAL_TARGETS.complaint);
  });
});
