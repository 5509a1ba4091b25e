// The two trained classifiers retrain whenever an entry changes (a variant approved in the
// console, say). What they say of a question must not hinge on where the other examples happen
// to sit, or one new phrasing would flip the answers to questions it has nothing to do with.
import { describe, expect, it } from 'vitest';
import { readRealQuestions } from '../../eval/real-questions.js';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { entryClassifierSteps } from '../../src/knowledge/entry-classifier.js';
import { readQuestion, wordTerms } from '../../src/knowledge/locale-index.js';
import { outOfScopeQuestions, scopeClassifierSteps } from '../../src/knowledge/scope-classifier.js';
import { runSteps } from '../../src/lib/steps.js';
import { seedElection, seedTranslator } from './support.js';

const termsOf = (text: string) => wordTerms(readQuestion(text));
const entries = loadFaqEntries(seedTranslator, seedElection);
const phrasings = entries.flatMap((entry, index) =>
  [entry.text.vi.question, ...entry.text.vi.variants].map((text) => ({ entry: index, terms: termsOf(text) })),
);
// a phrasing approved for election day, learned first: every other example moves one place on
const approved = {
  entry: entries.findIndex((entry) => entry.id === 'election-day'),
  terms: termsOf('Đi bầu có phải xin nghỉ làm không?'),
};
const others = outOfScopeQuestions('vi').map(termsOf);
// the tuning part's Vietnamese questions, election questions and others alike
const questions = readRealQuestions()
  .questions.filter((question) => question.split === 'tune' && question.lang === 'vi')
  .map((question) => termsOf(question.q));

describe('retraining after one phrasing is added', () => {
  it('moves no question to another entry: no entry gains or loses 0.1 of any question', () => {
    const before = runSteps(entryClassifierSteps(phrasings, entries.length));
    const after = runSteps(entryClassifierSteps([approved, ...phrasings], entries.length));
    const moved = questions.filter((question) => {
      const [was, is] = [before.shares(question), after.shares(question)];
      return was.some((share, entry) => Math.abs(share - is[entry]!) > 0.1);
    });
    // learned by position, 9 of the 367 moved
    expect(moved.length, `${moved.length} of ${questions.length}`).toBe(0);
  });

  it('moves no question across the scope gate: its probability of being about the election stays within 0.1', () => {
    const terms = phrasings.map((phrasing) => phrasing.terms);
    const before = runSteps(scopeClassifierSteps(terms, others));
    const after = runSteps(scopeClassifierSteps([approved.terms, ...terms], others));
    const moved = questions.filter((question) => Math.abs(before.inScope(question) - after.inScope(question)) > 0.1);
    expect(moved.length, `${moved.length} of ${questions.length}`).toBe(0);
  });
});
