import { describe, expect, it } from 'vitest';
import { loadFaqEntries } from '../../src/knowledge/content.js';
import { buildLocaleIndex, FEATURE_NAMES, readQuestion } from '../../src/knowledge/locale-index.js';
import { seedElection, seedTranslator } from './support.js';

const index = buildLocaleIndex(loadFaqEntries(seedTranslator, seedElection), 'vi');
const KEYWORD_HIT = FEATURE_NAMES.indexOf('keywordHit');

/** the keyword feature of an entry for a question (undefined: not a candidate) */
function keywordHit(question: string, faqId: string): number | undefined {
  return index.candidates(readQuestion(question)).find((candidate) => candidate.faqId === faqId)?.features[KEYWORD_HIT];
}

describe('keywords in the search', () => {
  it('lets a keyword only its own entry speaks of single that entry out', () => {
    // "kết án tử hình" is a keyword of the voter-list exclusions and no other entry's phrasings say it
    expect(keywordHit('Người bị kết án tử hình có được đi bầu không?', 'not-on-list')).toBe(1);
  });

  it('weighs little a keyword that the phrasings of many other entries name', () => {
    // "ở đâu" is a keyword of the polling place, but dozens of entries are asked "… ở đâu?"
    const hit = keywordHit('Nộp hồ sơ ứng cử ở đâu?', 'polling-place');
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThan(0.3);
  });

  it('finds a keyword as typed: a word typed with diacritics must have the keyword’s', () => {
    // "nhiều tuổi" (the older of two candidates with equal votes) folds to the words of "bao nhiêu tuổi" (how old)
    expect(keywordHit('Hai người bằng phiếu thì người nhiều tuổi hơn trúng cử à?', 'who-wins')).toBeGreaterThan(0);
    expect(keywordHit('Người ứng cử phải bao nhiêu tuổi?', 'who-wins') ?? 0).toBe(0);
    // typed without diacritics, it may be either
    expect(keywordHit('nguoi ung cu phai bao nhieu tuoi', 'who-wins')).toBeGreaterThan(0);
  });

  it('reads a concept in the words typed, not in others that fold to them', () => {
    // "câm" (mute) and "cấm" (forbidden) are both "cam" without diacritics
    expect(readQuestion('Người câm có được đi bầu không?').unigrams).toContain('c:disability');
    expect(readQuestion('Ứng cử viên bị cấm làm những gì?').unigrams).not.toContain('c:disability');
    expect(readQuestion('nguoi cam co duoc di bau khong').unigrams).toContain('c:disability');
  });

  it('reads a tie however it is said', () => {
    for (const question of [
      'What if two candidates get the same number of votes?',
      'Two candidates are tied, who wins?',
      'Hai người bằng số phiếu thì ai trúng cử?',
      'Số phiếu bằng nhau thì sao?',
    ])
      expect(readQuestion(question).unigrams, question).toContain('c:tie');
  });

  it('reads a question’s kind in the words typed: "bị phát tiền" (handed money) asks no penalty', () => {
    expect(readQuestion('Không đi bầu có bị phạt không?').cues.kinds).toContain('penalty');
    expect(readQuestion('Bị phát tiền để bầu cho một người thì phải làm gì?').cues.kinds).not.toContain('penalty');
    expect(readQuestion('khong di bau co bi phat khong').cues.kinds).toContain('penalty');
  });

  it('reads an age told near the bars with a "may" as asking the age rule, and an older one as a preamble', () => {
    for (const question of [
      'e 22 tuổi có ứng cử hđnd xã đc ko ạ',
      'im 20, can i run for commune council',
      "I'm 17, can I vote?",
    ])
      expect(readQuestion(question).cues.kinds, question).toContain('age');
    for (const question of ['Tôi 44 tuổi, có được ứng cử không?', 'Tôi 21 tuổi, sinh viên, bầu ở đâu?'])
      expect(readQuestion(question).cues.kinds, question).not.toContain('age');
  });
});
