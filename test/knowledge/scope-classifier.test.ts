// The scope gate: whether a question is about the election at all must not hinge on the order
// the classifier happens to learn its examples in, or adding one phrasing to an entry (which
// reorders them all) would flip the decision for questions it has nothing to do with.
import { describe, expect, it } from 'vitest';
import { readRealQuestions } from '../../eval/real-questions.js';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { readQuestion, wordTerms } from '../../src/knowledge/locale-index.js';
import { outOfScopeQuestions, scopeClassifierSteps } from '../../src/knowledge/scope-classifier.js';
import { runSteps } from '../../src/lib/steps.js';
import { seedElection, seedTranslator } from './support.js';

const termsOf = (text: string) => wordTerms(readQuestion(text));
const phrasings = loadFaqEntries(seedTranslator, seedElection).flatMap((entry) =>
  [entry.text.vi.question, ...entry.text.vi.variants].map(termsOf),
);
const others = outOfScopeQuestions('vi').map(termsOf);
// the tuning part's Vietnamese questions, election questions and others alike
const questions = readRealQuestions()
  .questions.filter((question) => question.split === 'tune' && question.lang === 'vi')
  .map((question) => question.q);

describe('the scope classifier', () => {
  it('gives a question the same probability whatever order it learned its examples in', () => {
    const inFileOrder = runSteps(scopeClassifierSteps(phrasings, others));
    const reversed = runSteps(scopeClassifierSteps([...phrasings].reverse(), [...others].reverse()));
    const moved = questions.filter(
      (question) => Math.abs(inFileOrder.inScope(termsOf(question)) - reversed.inScope(termsOf(question))) > 0.1,
    );
    expect(moved, `${moved.length} of ${questions.length}`).toEqual([]);
  });

  it('tells the election from another topic that uses its words', () => {
    const classifier = runSteps(scopeClassifierSteps(phrasings, others));
    expect(classifier.inScope(termsOf('Mất thẻ cử tri thì có được đi bầu không?'))).toBeGreaterThan(0.5);
    expect(classifier.inScope(termsOf('Bầu trưởng thôn thì mỗi hộ được mấy phiếu?'))).toBeLessThan(0.5);
  });
});
