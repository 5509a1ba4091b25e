// The real-question evaluation set is what the answer-quality figures rest on: it must stay big,
// varied, correctly labelled and split by source (no republished copy of a held-out question in
// the tuning part); and the knowledge base must keep meeting the targets on the part it is tuned
// on. The held-out figures are printed by `npm run eval:faq`, never used to tune.
import { describe, expect, it } from 'vitest';
import { reportAssessed } from '../../eval/answer-report.js';
import { wilsonInterval } from '../../eval/measure-answers.js';
import { learnedPhrasings, outOfFoldAssessments, withoutTopicLists } from '../../eval/ranker-training.js';
import { isEntryLabel, readOtherDomainQuestions, readRealQuestions } from '../../eval/real-questions.js';
import { readSelfWrittenQuestions } from '../../eval/self-written-questions.js';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { wordingKey } from '../../src/knowledge/faq-changes.js';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { readRankerModel } from '../../src/knowledge/ranker.js';
import { outOfScopeQuestions } from '../../src/knowledge/scope-classifier.js';
import { analyzeText } from '../../src/knowledge/normalize.js';
import { seedElection, seedTranslator } from './support.js';

const real = readRealQuestions();
const originals = real.questions.filter((question) => question.form === 'published');
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const wordsOf = (text: string) => new Set(analyzeText(text).allFolded);
/** How much of its words a text shares with the closest of `others` (word sets, Jaccard). */
const closestOverlap = (text: string, others: readonly Set<string>[]) => {
  const own = wordsOf(text);
  return Math.max(
    ...others.map((other) => [...own].filter((word) => other.has(word)).length / new Set([...own, ...other]).size),
  );
};

describe('the real-question evaluation set', () => {
  it('holds at least 300 published questions from at least 15 sources, with out-of-scope, complaint and English questions', () => {
    expect(originals.length).toBeGreaterThanOrEqual(300);
    expect(new Set(originals.map((question) => question.source)).size).toBeGreaterThanOrEqual(15);
    expect(real.questions.filter((question) => question.expect === 'out_of_scope').length).toBeGreaterThanOrEqual(40);
    expect(real.questions.filter((question) => question.expect === 'complaint').length).toBeGreaterThanOrEqual(25);
    expect(real.questions.filter((question) => question.lang === 'en').length).toBeGreaterThanOrEqual(40);
  });

  it('holds out at least 30 % of the published questions, whole sources at a time', () => {
    const heldOut = originals.filter((question) => question.split === 'holdout');
    expect(heldOut.length / originals.length).toBeGreaterThanOrEqual(0.3);
    const splitOfSource = new Map(real.sources.map((source) => [source.id, source.split]));
    for (const question of real.questions) expect(splitOfSource.get(question.source), question.id).toBe(question.split);
  });

  it('labels every question with an entry of the knowledge base or a special label, and ties each copy to its original', () => {
    const kb = loadKnowledgeBase(seedTranslator, seedElection);
    const ids = new Set(real.questions.map((question) => question.id));
    expect(ids.size).toBe(real.questions.length);
    for (const question of real.questions) {
      for (const label of [
        question.expect,
        ...question.alsoAccept,
        ...(question.secondPart ? [question.secondPart] : []),
      ]) {
        if (isEntryLabel(label)) expect(kb.entries.has(label), `${question.id}: ${label}`).toBe(true);
      }
      if (question.form !== 'published' && question.form !== 'written')
        expect(question.of && ids.has(question.of), question.id).toBe(true);
    }
  });

  it("holds every learned tuning question as its entry's phrasing, and no held-out question as anyone's", () => {
    const entries = loadFaqEntries(seedTranslator, seedElection);
    const phrasings = (locale: 'vi' | 'en', faqId?: string) =>
      new Set(
        entries
          .filter((entry) => faqId === undefined || entry.id === faqId)
          .flatMap((entry) => [entry.text[locale].question, ...entry.text[locale].variants].map(wordingKey)),
      );
    for (const change of learnedPhrasings(real.questions))
      expect(phrasings(change.locale, change.faqId).has(wordingKey(change.text)), change.text).toBe(true);
    const all = { vi: phrasings('vi'), en: phrasings('en') };
    for (const question of real.questions.filter((candidate) => candidate.split === 'holdout'))
      expect(all[question.lang].has(wordingKey(question.q)), question.id).toBe(false);
  });

  it('shares no question with the messages the scope classifier learns other topics from', () => {
    // written apart from the evaluation; a copy would let the classifier see evaluation questions
    const asked = [...real.questions, ...readSelfWrittenQuestions()].map((question) => wordsOf(question.q));
    for (const message of [...outOfScopeQuestions('vi'), ...outOfScopeQuestions('en')])
      expect(closestOverlap(message, asked), message).toBeLessThan(0.5);
  });

  it('keeps the other-domain check set apart from every question the knowledge base learns from', () => {
    // measured only: a copy among the scope classifier's messages or the labelled questions would be learned
    const learned = [
      ...outOfScopeQuestions('vi'),
      ...outOfScopeQuestions('en'),
      ...[...real.questions, ...readSelfWrittenQuestions()].map((question) => question.q),
    ].map(wordsOf);
    const checks = readOtherDomainQuestions();
    expect(checks.length).toBeGreaterThanOrEqual(200);
    expect(checks.filter((question) => question.lang === 'en').length).toBeGreaterThanOrEqual(40);
    for (const { q } of checks) expect(closestOverlap(q, learned), q).toBeLessThan(0.6);
  });
});

/**
 * Floors a change must not fall below on the tuning part, answered out of fold (a few points
 * under the figures of 1 December 2026). They guard against regressions; they are not the
 * targets, which the README compares with the held-out figures (ANSWER_TARGETS).
 */
const TUNING_FLOORS = {
  atOnce: 0.48,
  afterPick: 0.72,
  confidentWrongMax: 0.05,
  declined: 0.88,
  declinedUnlisted: 0.85,
  intake: 0.9,
  englishAfterPick: 0.55,
};

describe('answer quality on the tuning part, out of fold (a regression gate; the held-out figures are the result)', () => {
  // its questions are phrasings of the shipped entries: each fifth of its sources is answered by
  // entries and a ranker that never saw them, as `npm run eval:faq` reports it
  const { thresholds } = readRankerModel();
  const tuning = real.questions.filter((question) => question.split === 'tune' && question.lawVersion !== '2025');
  const entries = loadFaqEntries(seedTranslator, seedElection);
  const assessed = outOfFoldAssessments(entries, readSelfWrittenQuestions(), tuning);
  const report = reportAssessed(assessed, thresholds);

  it('answers real Vietnamese questions, rarely wrongly, declines other topics and offers the intake, no worse than before', () => {
    const vi = report.vietnamese;
    expect(share(vi.atOnce, vi.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.atOnce);
    expect(share(vi.afterPick, vi.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.afterPick);
    expect(share(vi.confidentWrong, vi.n)).toBeLessThanOrEqual(TUNING_FLOORS.confidentWrongMax);
    expect(share(report.outOfScope.handled, report.outOfScope.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.declined);
    expect(share(report.complaint.handled, report.complaint.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.intake);
  });

  it('declines other topics that no list of intents.ts names (the lists were written from these questions)', () => {
    const unlisted = reportAssessed(withoutTopicLists(assessed), thresholds).outOfScope;
    expect(share(unlisted.handled, unlisted.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.declinedUnlisted);
  });

  it('answers English questions, and questions typed without diacritics as well as with them', () => {
    expect(share(report.english.afterPick, report.english.n)).toBeGreaterThanOrEqual(TUNING_FLOORS.englishAfterPick);
    // the same questions without diacritics: at most one more missed than with them (one of
    // about thirty is already more than the 3-point target's resolution on this sample)
    expect(report.unaccentedOriginals.atOnce - report.unaccented.atOnce).toBeLessThanOrEqual(1);
  });
});

describe('the 95 % interval printed beside each held-out figure', () => {
  it('gives the Wilson score interval of a share, inside 0…1 however few the questions', () => {
    // 5 of 10: 0.2366–0.7634 in the published tables (Newcombe 1998, Table I)
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    // none of 10 right still leaves up to 27.8 % possible; all of 10 down to 72.2 %
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) as number });
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
    // more questions, a narrower range around the same share
    const wide = wilsonInterval(49, 81);
    const narrow = wilsonInterval(490, 810);
    expect(narrow.high - narrow.low).toBeLessThan((wide.high - wide.low) / 2);
    expect(wide.low).toBeLessThan(49 / 81);
    expect(wide.high).toBeGreaterThan(49 / 81);
  });
});
