// Typing slips: a word nobody in the knowledge base wrote and no Vietnamese syllable is read as
// the known word one slip away; known words, place names and other topics' words stay as typed.
import { describe, expect, it } from 'vitest';
import { analyzeText, isVietnameseSyllable } from '../../src/knowledge/normalize.js';
import { createSpellingCorrector, vocabularyOf } from '../../src/knowledge/spelling.js';

const vocabulary = vocabularyOf(
  [
    'Người chưa được xóa án tích có được bầu cử không?',
    'Tổ bầu cử có nhiệm vụ gì?',
    'Trong trường hợp nào?',
    'chua',
  ].map((text) => analyzeText(text).allFolded),
);
const correct = createSpellingCorrector(vocabulary);
const folded = (text: string) => correct(analyzeText(text)).folded.join(' ');

describe('reading typing slips', () => {
  it('reads swapped, missing, extra and mistyped letters as the known word', () => {
    expect(folded('người hcưa được xóa án itch')).toBe('nguoi chua duoc xoa an tich');
    expect(folded('trogn trường hợp nào')).toBe('trong truong hop nao');
    expect(folded('tổ bầu cử có nhiệmm vụ gì')).toBe('to bau cu co nhiem vu gi');
  });

  it('reads Telex typed without its input method', () => {
    expect(folded('nguwowif chuwa dduwowcj xoas aans tichs')).toBe('nguoi chua duoc xoa an tich');
  });

  it('keeps the accents of the words typed right, and drops those typed on a slip', () => {
    const analyzed = correct(analyzeText('người hcưa'));
    expect(analyzed.accented).toEqual(['người', 'chua']);
  });

  it('leaves known words, well-formed syllables it does not know, numbers and short words as typed', () => {
    // "phần" and "cổ" are Vietnamese syllables the vocabulary lacks: another topic stays another topic
    expect(folded('cổ phần 2021 xy')).toBe('co phan 2021 xy');
    expect(folded('Người chưa được xóa án tích')).toBe('nguoi chua duoc xoa an tich');
  });

  it('tells a well-formed syllable from a slip', () => {
    for (const syllable of ['nguoi', 'nghieng', 'quyen', 'khuyen', 'gioi', 'uong', 'xoong'])
      expect(isVietnameseSyllable(syllable)).toBe(true);
    for (const slip of ['hcua', 'dnog', 'trogn', 'veic', 'itch']) expect(isVietnameseSyllable(slip)).toBe(false);
  });
});
