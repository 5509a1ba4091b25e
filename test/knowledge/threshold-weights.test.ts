// The threshold chooser (npm run faq:train) weighs a published question once, however many copies
// of it the set holds: copies counted one by one had outweighed questions nobody copied.
import { describe, expect, it } from 'vitest';
import { tallyAnswers } from '../../eval/measure-answers.js';
import { weighOriginalsOnce } from '../../eval/ranker-training.js';
import type { RealQuestion } from '../../eval/real-questions.js';
import type { CitizenView } from '../../eval/simulate-citizen.js';

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
