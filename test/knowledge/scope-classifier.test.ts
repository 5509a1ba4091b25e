// The scope gate: whether a question is about the election at all, learned from the entries'
// phrasings and other topics' questions (its steadiness under edits: classifier-stability.test.ts).
import { describe, expect, it } from 'vitest';
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

describe('the scope classifier', () => {
  it('tells the election from another topic that uses its words', () => {
    const classifier = runSteps(scopeClassifierSteps(phrasings, others));
    expect(classifier.inScope(termsOf('Mất thẻ cử tri thì có được đi bầu không?'))).toBeGreaterThan(0.5);
    expect(classifier.inScope(termsOf('Bầu trưởng thôn thì mỗi hộ được mấy phiếu?'))).toBeLessThan(0.5);
  });

  it('reads the words as written, not the concepts they name', () => {
    // "ở Nhật" is being abroad to the ranker (concepts.ts), but a country named in a question
    // about something else must not make it look like the election's
    const classifier = runSteps(scopeClassifierSteps(phrasings, others));
    const visa = termsOf('Thủ tục xin thị thực sang Nhật Bản gồm những gì?');
    expect(visa).toContain('c:abroad');
    expect(classifier.inScope(visa)).toBe(classifier.inScope(visa.filter((term) => term !== 'c:abroad')));
  });

  it('reads a word no election phrasing uses as a sign of another topic', () => {
    // both sides ask with the same words; only the other topics each bring a word of their own
    const pool = ['list', 'card', 'ballot', 'polling', 'candidate', 'age', 'deputy', 'count'];
    const asked = (index: number) => ['u:vote', `u:${pool[index % 8]}`, `u:${pool[(index * 3 + 1) % 8]}`];
    const election = Array.from({ length: 160 }, (_, index) => asked(index));
    const otherTopics = Array.from({ length: 160 }, (_, index) => [...asked(index), `u:topic${index}`]);
    const classifier = runSteps(scopeClassifierSteps(election, otherTopics));
    expect(classifier.inScope(['u:vote', 'u:card', 'u:list'])).toBeGreaterThan(0.5);
    // "absentee", "condo": a word it never met, which a term's weight alone cannot tell
    expect(classifier.inScope(['u:vote', 'u:card', 'u:list', 'u:absentee'])).toBeLessThan(0.5);
    // …but not an abbreviation the asker writes ("trường ĐH BR-VT", "KCN"): their own shorthand
    expect(classifier.inScope(['u:vote', 'u:card', 'u:list', 'u:kcn'], new Set(['u:kcn']))).toBeGreaterThan(0.5);
  });
});
