// How the evaluation counts what a citizen gets: the nearest entries offered with "no sure answer
// yet" are picked from as when the bot asks back; and the threshold chooser (npm run faq:train)
// weighs a published question once, however many copies of it the set holds (copies counted one
// by one had outweighed questions nobody copied), and answers a question that names nothing of
// the election only where the tuning part shows that it serves.
import { describe, expect, it } from 'vitest';
import { decideOutcome, type Assessment } from '../../src/knowledge/knowledge-base.js';
import { readReplies } from '../../eval/ask-through-chat.js';
import { tallyAnswers } from '../../eval/measure-answers.js';
import { chooseThresholds, weighOriginalsOnce } from '../../eval/ranker-training.js';
import type { RealQuestion } from '../../eval/real-questions.js';
import { viewOf, type CitizenView } from '../../eval/simulate-citizen.js';

const question = (id: string, form: RealQuestion['form'], of?: string): RealQuestion => ({
  id,
  source: 'S1',
  q: `question ${id}`,
  expect: 'who-can-vote',
  alsoAccept: [],
  lang: 'vi',
  form,
  ...(of ? { of } : {}),
  lawVersion: '2015',
  split: 'tune',
});
const answered = (faqId: string): CitizenView => ({ atOnce: faqId, afterPick: faqId, shown: [faqId] });

describe('weighing the tuning questions when choosing thresholds', () => {
  const copied = question('q1', 'published');
  const unaccented = question('q1-u', 'unaccented', 'q1');
  const typo = question('q1-t', 'typo', 'q1');
  const alone = question('q2', 'published');
  const weightOf = weighOriginalsOnce([copied, unaccented, typo, alone]);

  it('shares one weight between a question and its copies, and gives an uncopied question a whole one', () => {
    expect([copied, unaccented, typo].map(weightOf)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(weightOf(alone)).toBe(1);
  });

  it('lets one question answered wrongly in three forms count as one against one answered rightly', () => {
    const asked = [
      ...[copied, unaccented, typo].map((q) => ({ question: q, view: answered('cannot-stand'), weight: weightOf(q) })),
      { question: alone, view: answered('who-can-vote'), weight: weightOf(alone) },
    ];
    const tally = tallyAnswers(asked);
    expect(tally.n).toBeCloseTo(2);
    expect(tally.atOnce).toBeCloseTo(1);
    expect(tally.confidentWrong).toBeCloseTo(1);
    // unweighted, as the evaluation's figures count: three wrong of four
    expect(tallyAnswers(asked.map(({ question: q, view }) => ({ question: q, view }))).confidentWrong).toBe(3);
  });
});

describe('a question the bot has no sure answer to', () => {
  const asked = question('q3', 'published');
  const offered = viewOf({
    kind: 'fallback',
    reason: 'unknown',
    candidates: [
      { faqId: 'who-can-vote', confidence: 0.22 },
      { faqId: 'age-cutoff', confidence: 0.17 },
    ],
  });

  it('is right after one pick when the first entry offered with it holds the answer, never right at once or wrong', () => {
    expect(offered).toEqual({ atOnce: 'declined', afterPick: 'who-can-vote', shown: ['who-can-vote', 'age-cutoff'] });
    const tally = tallyAnswers([{ question: asked, view: offered }]);
    expect(tally).toMatchObject({ atOnce: 0, afterPick: 1, confidentWrong: 0, offered: 1, pickedAfterNoAnswer: 1 });
  });

  it('stays declined when nothing is offered with it', () => {
    const declined = viewOf({ kind: 'fallback', reason: 'out_of_scope', candidates: [] });
    expect(declined).toEqual({ atOnce: 'declined', afterPick: 'declined', shown: [] });
    expect(tallyAnswers([{ question: asked, view: declined }])).toMatchObject({ afterPick: 0, offered: 0 });
  });

  it('is read the same from the web chat replies: declined, with the offered entries to pick from', () => {
    const replies = [
      {
        kind: 'fallback',
        text: 'Xin lỗi, tôi chưa có câu trả lời chắc chắn…',
        options: [
          { id: 'faq:who-can-vote', label: 'Ai được bầu cử?' },
          { id: 'faq:age-cutoff', label: 'Tính tuổi thế nào?' },
        ],
      },
    ];
    expect(readReplies(replies)).toEqual({
      atOnce: 'declined',
      shown: ['who-can-vote', 'age-cutoff'],
      firstSuggestion: 'who-can-vote',
    });
    expect(readReplies([{ kind: 'fallback', text: 'Xin lỗi…' }])).toEqual({ atOnce: 'declined', shown: [] });
  });
});

describe('choosing the bar for questions that name nothing of the election', () => {
  const assessment = (faqId: string, confidence: number, namesElection: boolean): Assessment => ({
    text: faqId,
    locale: 'vi',
    complaint: false,
    polling: false,
    otherTopic: false,
    otherBody: false,
    aboutElection: namesElection,
    otherSense: false,
    namesElection,
    namesTheVote: namesElection,
    namesTheCountrysVote: false,
    asksTheRight: false,
    aboutService: false,
    inScope: namesElection ? 0.99 : 0.4,
    vague: false,
    ranked: [
      { faqId, confidence },
      { faqId: 'age-cutoff', confidence: 1 - confidence },
    ],
    partCount: 0,
    partRanking: () => [],
  });
  const electionQuestions = Array.from({ length: 8 }, (_, index) => ({
    question: question(`e${index}`, 'published'),
    assessment: assessment('who-can-vote', 0.97, true),
  }));
  const otherTopic = {
    question: { ...question('o1', 'published'), expect: 'out_of_scope' },
    assessment: assessment('prisoner-vote', 0.9, false),
  };

  // the other-topic question is declined at every bar of the grid: answering unnamed questions serves nothing here
  it('never answers them when no tuning question shows that answering serves', () => {
    expect(chooseThresholds([...electionQuestions, otherTopic]).vi.answerDoubtful).toBeGreaterThan(1);
  });

  it('answers an all but certain one when a tuning question of the election is asked that way', () => {
    const unnamed = { question: question('u1', 'published'), assessment: assessment('who-can-vote', 0.995, false) };
    const chosen = chooseThresholds([...electionQuestions, unnamed]).vi;
    expect(decideOutcome(unnamed.assessment, chosen)).toMatchObject({ kind: 'answer', faqId: 'who-can-vote' });
  });
});
