// Long answers are split into pieces each platform accepts, without breaking words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/channels/split-text.js';

describe('splitting a long message', () => {
  it.each([
    { name: 'a short text stays whole', text: 'Xin chào.', limit: 20, pieces: ['Xin chào.'] },
    {
      name: 'prefers a paragraph break',
      text: 'Đoạn một dài.\n\nĐoạn hai.',
      limit: 20,
      pieces: ['Đoạn một dài.\n\n', 'Đoạn hai.'],
    },
    {
      name: 'then a sentence end',
      text: 'Câu một. Câu hai dài hơn nữa.',
      limit: 20,
      pieces: ['Câu một. ', 'Câu hai dài hơn nữa.'],
    },
    {
      name: 'then a space between words',
      text: 'một hai ba bốn năm sáu',
      limit: 10,
      pieces: ['một hai ba', ' bốn năm ', 'sáu'],
    },
    {
      name: 'cuts only a word longer than the limit',
      text: 'abcdefghijkl',
      limit: 5,
      pieces: ['abcde', 'fghij', 'kl'],
    },
    {
      name: 'counts composed Vietnamese letters once',
      text: 'Lạng Sơn'.normalize('NFD'),
      limit: 8,
      pieces: ['Lạng Sơn'],
    },
    { name: 'never halves an emoji', text: 'ab😀cd', limit: 3, pieces: ['ab', '😀c', 'd'] },
  ])('$name', ({ text, limit, pieces }) => {
    expect(splitText(text, limit)).toEqual(pieces);
  });

  const word = fc.string({
    unit: fc.constantFrom('a', 'ă', 'đ', 'ơ', 'ư', 'B', 'ệ', '1'),
    minLength: 1,
    maxLength: 12,
  });
  const separator = fc.constantFrom(' ', '. ', '\n', '\n\n', ', ', '! ');
  const text = fc
    .array(fc.tuple(word, separator), { minLength: 1, maxLength: 120 })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));

  it('keeps every piece within the limit, loses nothing, and never splits a word', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 24, max: 300 }), (input, limit) => {
        const pieces = splitText(input, limit);
        expect(pieces.join('')).toBe(input.normalize('NFC'));
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(limit);
        for (let index = 1; index < pieces.length; index++) {
          const before = pieces[index - 1] ?? '';
          const after = pieces[index] ?? '';
          expect(/\s$/.test(before) || /^\s/.test(after)).toBe(true);
        }
      }),
    );
  });
});
