// The places a citizen names to say where they live ("Tôi ở xã Tân Lập, huyện Văn Lãng…"). Where
// the asker lives is not what they ask, and place names are made of ordinary words that mean
// something else to the search: "Lạng Sơn" names the committee to contact in the entries, "Mỹ"
// (the United States) is learned by the scope classifier from other countries' elections ("TX.
// Phú Mỹ", "xã Mỹ Đức"), "Lập" is "lập danh sách". So they are taken out of a question before it is read.
import { foldDiacritics } from '../lib/text.js';

/** Words that introduce a place's name, folded: "tỉnh", "xã", "TX." ("thị xã"), "TP." ("thành phố")… */
const PLACE_WORDS = new Set([
  'tinh',
  'thanh pho',
  'tp',
  'huyen',
  'quan',
  'thi xa',
  'tx',
  'xa',
  'phuong',
  'thi tran',
  'thon',
  'ban',
  'ap',
]);
/** Words before a place that say the asker lives or is there: "ở", "tại", "thuộc", "sống", "quê" */
const LOCATED = new Set(['o', 'tai', 'thuoc', 'song', 'que']);

/**
 * The text with the names of places blanked out: capitalised words after a word that introduces
 * a place. That word goes too when the asker says they live there ("ở xã Tân Lập", "…, huyện Văn
 * Lãng" after another place), and stays otherwise: "tỉnh" in "HĐND tỉnh Lạng Sơn" is asked about.
 * A country named without such a word ("bầu cử ở Mỹ") stays: it may be what is asked.
 */
export function withoutPlaceNames(text: string): string {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const folded = tokens.map((token) => foldDiacritics(token[0]));
  const blanked = new Set<number>();
  let previousPlaceEnd = -2;
  folded.forEach((word, index) => {
    const width = PLACE_WORDS.has(word) ? 1 : PLACE_WORDS.has(`${folded[index - 1]} ${word}`) ? 2 : 0;
    if (width === 0) return;
    let next = index + 1;
    while (next < tokens.length && /^\p{Lu}/u.test(tokens[next]![0])) blanked.add(next++);
    if (next === index + 1) return;
    const before = index - width;
    if (before === previousPlaceEnd || LOCATED.has(folded[before] ?? ''))
      for (let word = before + 1; word <= index; word++) blanked.add(word);
    previousPlaceEnd = next - 1;
  });
  if (blanked.size === 0) return text;
  let result = '';
  let from = 0;
  for (const index of [...blanked].sort((a, b) => a - b)) {
    const token = tokens[index]!;
    result += `${text.slice(from, token.index)}${' '.repeat(token[0].length)}`;
    from = token.index + token[0].length;
  }
  return result + text.slice(from);
}
