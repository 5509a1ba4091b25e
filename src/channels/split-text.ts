// Splits a long text into pieces a platform accepts (Telegram 4096, Zalo 2000 characters):
// on a paragraph break if one is near the end of the window, else after a sentence, else
// between words. Works on NFC text (decomposed Vietnamese takes more code units); only a word
// longer than the limit is cut inside, and never between the halves of a surrogate pair.
// Joining the pieces gives back the NFC text exactly.

const SENTENCE_END = /[.!?…:;][)"'»”’]*\s+/g;

function lastMatchEnd(window: string, pattern: RegExp): number {
  let end = -1;
  for (const match of window.matchAll(pattern)) end = match.index + match[0].length;
  return end;
}

function cutPosition(window: string, limit: number): number {
  const paragraph = lastMatchEnd(window, /\n\s*\n\s*/g);
  if (paragraph > limit * 0.5) return paragraph;
  const sentence = lastMatchEnd(window, SENTENCE_END);
  if (sentence > limit * 0.3) return sentence;
  const space = lastMatchEnd(window, /\s+/g);
  if (space > 0 && space < window.length) return space;
  // one word fills the window: cut it, but not inside a surrogate pair
  const code = window.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  let rest = text.normalize('NFC');
  const pieces: string[] = [];
  while (rest.length > limit) {
    // a window one longer than the limit lets a cut fall just after a space at the limit
    const window = rest.slice(0, limit + 1);
    const cut = Math.min(cutPosition(window, limit), limit);
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
