// The entry classifier learns from the entries' phrasings which words tell close entries apart:
// two entries on the campaign share most of their words, and only the telling ones decide.
import { describe, expect, it } from 'vitest';
import { entryClassifierSteps } from '../../src/knowledge/entry-classifier.js';
import { runSteps } from '../../src/lib/steps.js';

const words = (text: string) => text.split(' ');
const phrasings = [
  { entry: 0, terms: words('van dong bau cu thoi gian bat dau') },
  { entry: 0, terms: words('thoi gian van dong bau cu ket thuc khi nao') },
  { entry: 0, terms: words('van dong bau cu thoi gian bao lau') },
  { entry: 1, terms: words('hinh thuc van dong bau cu') },
  { entry: 1, terms: words('van dong bau cu bang hinh thuc nao') },
  { entry: 1, terms: words('cac hinh thuc van dong bau cu gom') },
  { entry: 2, terms: words('the cu tri bi mat') },
  { entry: 2, terms: words('lam mat the cu tri') },
];

describe('the entry classifier', () => {
  const classifier = runSteps(entryClassifierSteps(phrasings, 3));

  it('points a new question to the entry whose telling words it uses, however many words the others share', () => {
    const period = classifier.shares(words('ung vien van dong bau cu trong thoi gian nao'));
    expect(period[0]).toBeGreaterThan(0.5);
    expect(period[0]).toBeGreaterThan(period[1]! * 2);
    const methods = classifier.shares(words('ung vien van dong bau cu theo hinh thuc gi'));
    expect(methods[1]).toBeGreaterThan(0.5);
    expect([...methods].reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
  });

  it('says little of a question in words it never saw', () => {
    const unknown = classifier.shares(words('gia vang hom nay bao nhieu'));
    expect(Math.max(...unknown)).toBeLessThan(0.6);
  });

  it('trains the same model on every build, so answers do not change from one start to the next', () => {
    const again = runSteps(entryClassifierSteps(phrasings, 3));
    const question = words('van dong bau cu the nao');
    expect([...again.shares(question)]).toEqual([...classifier.shares(question)]);
  });
});
