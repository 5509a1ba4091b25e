// The places a citizen names to say where they live ("Tôi ở xã Tân Lập, huyện Văn Lãng…", "Mình ở
// Lạng Sơn…"). Where the asker lives is not what they ask, and place names are made of ordinary
// words that mean something else to the search: "Lạng Sơn" names the committee to contact in the
// entries, "Mỹ" (the United States) is learned by the scope classifier from other countries'
// elections ("TX. Phú Mỹ", "xã Mỹ Đức"), "Lập" is "lập danh sách", "Nội" of "Hà Nội" is "nội quy".
// So they are taken out of everything the search reads, questions and entries alike
// (readQuestion in locale-index.ts): a place is evidence for nothing.
import { foldDiacritics } from '../lib/text.js';

/** Words that introduce a place's name: "tỉnh", "xã", "TX." ("thị xã"), "TP." ("thành phố")… */
const PLACE_WORDS = new Set([
  'tỉnh',
  'thành phố',
  'tp',
  'huyện',
  'quận',
  'thị xã',
  'tx',
  'xã',
  'phường',
  'thị trấn',
  'thôn',
  'bản',
  'ấp',
]);
/**
 * …and the one-letter ones, with a stop: "P.Vĩnh Trại" ("phường"), "ở X. Tân Lập", "Q.", "H.".
 * With a space after the stop only where the asker says they are there: "ông X. Bầu như vậy…"
 * ends a sentence.
 */
const LETTER_PLACE_WORDS = new Set(['p', 'x', 'q', 'h']);
/**
 * The same typed without diacritics, but for those that are then other words followed by a
 * capitalised one: "Ban" ("Ban bầu cử", not "bản"), "quan" ("cơ quan Nhà nước", not "quận"), "áp".
 */
const UNACCENTED_PLACE_WORDS = new Set(
  [...PLACE_WORDS].map((word) => foldDiacritics(word)).filter((word) => !['ban', 'quan', 'ap'].includes(word)),
);
/** Words before a place that say the asker lives or is there: "ở", "tại", "thuộc", "sống", "quê" */
const LOCATED = new Set(['o', 'tai', 'thuoc', 'song', 'que']);

/**
 * The provinces and centrally run cities, named without "tỉnh" or "thành phố" as people do ("ở
 * Hà Nội"): today's 34 and the 63 they were merged from (citizens still say where they live by
 * the old names), and the names a city goes by. No country: "bầu cử ở Mỹ" may be what is asked.
 */
const PROVINCES = `
An Giang, Bà Rịa, Vũng Tàu, Bạc Liêu, Bắc Giang, Bắc Kạn, Bắc Ninh, Bến Tre, Bình Dương,
Bình Định, Bình Phước, Bình Thuận, Cà Mau, Cao Bằng, Cần Thơ, Đà Nẵng, Đắk Lắk, Đắk Nông,
Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương,
Hải Phòng, Hậu Giang, Hòa Bình, Hồ Chí Minh, Sài Gòn, Huế, Thừa Thiên Huế, Hưng Yên, Khánh Hòa,
Kiên Giang, Kon Tum, Lai Châu, Lạng Sơn, Lào Cai, Lâm Đồng, Long An, Nam Định, Nghệ An,
Ninh Bình, Ninh Thuận, Phú Thọ, Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh,
Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Tiền Giang,
Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái`
  .trim()
  .split(/,\s*/);

/** Each province's folded words, by its first word: "ha" → [["ha","giang"], ["ha","nam"], …] */
const PROVINCES_BY_FIRST_WORD = new Map<string, string[][]>();
for (const name of PROVINCES) {
  const words = foldDiacritics(name).split(' ');
  PROVINCES_BY_FIRST_WORD.set(words[0]!, [...(PROVINCES_BY_FIRST_WORD.get(words[0]!) ?? []), words]);
}

/**
 * The text with the names of places blanked out: capitalised words after a word that introduces
 * a place, and a province's name (capitalised, or after "ở", "tại"… however typed). The word that
 * introduces a place goes too when the asker says they live there ("ở xã Tân Lập", "ở Lạng Sơn",
 * "…, huyện Văn Lãng" after another place), and stays otherwise: "tỉnh" in "HĐND tỉnh Lạng Sơn"
 * is asked about.
 */
export function withoutPlaceNames(text: string): string {
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const folded = tokens.map((token) => foldDiacritics(token[0]));
  // with diacritics typed, "Ban" is no "bản" and "quan" no "quận"; without, the words are read folded
  const accented = folded.some((word, index) => word !== tokens[index]![0].toLowerCase());
  const words = accented ? tokens.map((token) => token[0].normalize('NFC').toLowerCase()) : folded;
  const placeWords = accented ? PLACE_WORDS : UNACCENTED_PLACE_WORDS;
  const capitalised = tokens.map((token) => /^\p{Lu}/u.test(token[0]));
  /** what stands between a token and the one before it */
  const gap = (index: number) =>
    text.slice(tokens[index - 1]!.index + tokens[index - 1]![0].length, tokens[index]!.index);
  const blanked = new Set<number>();
  let previousPlaceEnd = -2;
  /** blanks the name at first…end−1, and what introduced it (`from`…first−1) when the asker is there */
  const blankPlace = (from: number, first: number, end: number) => {
    for (let word = first; word < end; word++) blanked.add(word);
    if (from === previousPlaceEnd || LOCATED.has(folded[from] ?? ''))
      for (let word = from + 1; word < first; word++) blanked.add(word);
    previousPlaceEnd = end - 1;
  };
  for (let index = 0; index < tokens.length; index++) {
    const word = words[index]!;
    const lettered =
      LETTER_PLACE_WORDS.has(word) &&
      index + 1 < tokens.length &&
      (gap(index + 1) === '.' || (gap(index + 1).startsWith('.') && LOCATED.has(folded[index - 1] ?? '')));
    const width = placeWords.has(word) || lettered ? 1 : placeWords.has(`${words[index - 1]} ${word}`) ? 2 : 0;
    if (width > 0) {
      let next = index + 1;
      // a name goes on over spaces and dashes ("Bà Rịa - Vũng Tàu"), not over a comma or a stop
      while (next < tokens.length && capitalised[next] && (next === index + 1 || /^[\s\-–]*$/.test(gap(next)))) next++;
      if (next > index + 1) {
        blankPlace(index - width, index + 1, next);
        index = next - 1;
      }
      continue;
    }
    const province = PROVINCES_BY_FIRST_WORD.get(folded[index]!)?.find(
      (name) =>
        name.every((part, offset) => folded[index + offset] === part) &&
        (name.every((_, offset) => capitalised[index + offset]) || LOCATED.has(folded[index - 1] ?? '')),
    );
    if (province) {
      blankPlace(index - 1, index, index + province.length);
      index += province.length - 1;
    }
  }
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
