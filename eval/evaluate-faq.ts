// Measures the knowledge base on the labelled set in eval/faq-questions.json: top-1 accuracy,
// accuracy on input typed without diacritics, out-of-scope rejection, complaint-intent and
// polling-intent detection, and in-process latency. Used by `npm run eval:faq` and by a test
// that keeps the targets from regressing.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { KnowledgeBase, SearchOutcome } from '../src/knowledge/knowledge-base.js';
import { hasDiacritics } from '../src/knowledge/normalize.js';

const labelledSet = z.object({
  questions: z.array(z.object({ q: z.string().min(1), expect: z.string().min(1) })).min(1),
});
export type LabelledQuestion = z.infer<typeof labelledSet>['questions'][number];

export const EVAL_TARGETS = { top1: 0.9, unaccented: 0.85, outOfScope: 0.9, complaint: 0.9, p99Ms: 5 };

export function readLabelledQuestions(file = new URL('./faq-questions.json', import.meta.url)): LabelledQuestion[] {
  return labelledSet.parse(JSON.parse(readFileSync(file, 'utf8'))).questions;
}

/** The label an outcome earns: an entry id, "out_of_scope", "complaint", "polling" or "unsure". */
export function labelOf(outcome: SearchOutcome): string {
  switch (outcome.kind) {
    case 'answer':
      return outcome.faqId;
    case 'complaint_intent':
      return 'complaint';
    case 'polling_intent':
      return 'polling';
    case 'fallback':
      return 'out_of_scope';
    case 'ask_back':
      return 'unsure';
  }
}

interface Ratio {
  correct: number;
  total: number;
}
const ratio = (items: boolean[]): Ratio => ({ correct: items.filter(Boolean).length, total: items.length });

export interface EvalReport {
  /** questions expecting an entry (or polling): answered with exactly that */
  top1: Ratio;
  /** the same, limited to questions typed without any diacritics */
  unaccented: Ratio;
  outOfScope: Ratio;
  complaint: Ratio;
  latency: { p50Ms: number; p99Ms: number };
  misses: { q: string; expect: string; got: string }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function evaluateFaq(kb: KnowledgeBase, questions: readonly LabelledQuestion[], rounds = 20): EvalReport {
  const results = questions.map((question) => ({ ...question, got: labelOf(kb.search(question.q)) }));
  const answerable = results.filter((r) => r.expect !== 'out_of_scope' && r.expect !== 'complaint');
  const unaccented = answerable.filter((r) => !r.q.split(/\s+/).some(hasDiacritics));
  const timings: number[] = [];
  for (const question of questions) kb.search(question.q); // warm-up: measure the steady state
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const start = performance.now();
      kb.search(question.q);
      timings.push(performance.now() - start);
    }
  }
  timings.sort((a, b) => a - b);
  return {
    top1: ratio(answerable.map((r) => r.got === r.expect)),
    unaccented: ratio(unaccented.map((r) => r.got === r.expect)),
    outOfScope: ratio(results.filter((r) => r.expect === 'out_of_scope').map((r) => r.got === 'out_of_scope')),
    complaint: ratio(results.filter((r) => r.expect === 'complaint').map((r) => r.got === 'complaint')),
    latency: { p50Ms: percentile(timings, 0.5), p99Ms: percentile(timings, 0.99) },
    misses: results.filter((r) => r.got !== r.expect).map(({ q, expect, got }) => ({ q, expect, got })),
  };
}

export const share = (r: Ratio): number => (r.total === 0 ? 1 : r.correct / r.total);
