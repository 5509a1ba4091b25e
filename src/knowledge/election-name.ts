// Official texts, and many voters, name the election in full: "bầu cử đại biểu Quốc hội khóa XV
// và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021–2026". Those twenty words say nothing
// about what is asked, yet they outweighed the question and pulled it towards the candidacy
// entries (which repeat "đại biểu Quốc hội", "Hội đồng nhân dân"). The name is cut out before
// searching; what remains says "the election", once.

/** Folded word sequences that name the vote for deputies itself (see namesTheVote). */
const VOTE_NAME_PATTERNS: readonly RegExp[] = [
  // "(bầu cử) đại biểu Quốc hội (khóa XV) và (bầu cử) đại biểu Hội đồng nhân dân các cấp": both
  // bodies at every level, so nothing in particular ("… và đại biểu HĐND cấp tỉnh" is kept)
  / (?:dai bieu )?quoc hoi(?: nuoc cong hoa xa hoi chu nghia viet nam)?(?: khoa [a-z0-9]+)? va (?:cuoc )?(?:bau cu )?(?:dai bieu )?hoi dong nhan dan cac cap /g,
  // "bầu cử đại biểu Quốc hội (khóa XV)" names the vote, not the deputies: "bầu cử" stays
  /(?<=bau cu) (?:dai bieu )?quoc hoi(?: khoa [a-z0-9]+)? /g,
  // English, matched without its stopwords ("of", "and", "for", "at" are gone): "(the) National
  // Assembly election(s)", "the election of (deputies to) the (15th) National Assembly"
  / (?:the )?national assembly (?=elections? )/g,
  /(?<=elections?) (?:deputies (?:to )?)?(?:the )?(?:[0-9]+(?:st|nd|rd|th) )?national assembly(?: deputies)? /g,
];

/** An English date that ends in a year: "2026", "March 2026", "15 March 2026". */
const ENGLISH_DATE =
  '(?:[0-9]{1,2} )?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?[0-9]{4}';

/** Folded word sequences that only name the election (term and legislature numbers included). */
const NAME_PATTERNS: readonly RegExp[] = [
  ...VOTE_NAME_PATTERNS,
  / nuoc cong hoa xa hoi chu nghia viet nam /g,
  // "(deputies to the 15th) National Assembly (deputies) and People's Council(s) (deputies) (at all
  // levels)", as translations of the official name put it
  / (?:deputies (?:to )?)?(?:the )?(?:[0-9]+(?:st|nd|rd|th) )?national assembly(?: deputies)? (?:deputies (?:to )?)?(?:the )?people s councils?(?: deputies)?(?: all levels)? /g,
  / nhiem ky (?:[0-9]{4} [0-9]{4}|[0-9]{8}) /g,
  // "(for the) 2021–2026 term", "(for the) term (of) 2021–2026"
  / (?:the )?(?:[0-9]{4} [0-9]{4} term|term [0-9]{4} [0-9]{4}) /g,
  / khoa (?:xiii|xiv|xv|xvi|xvii|13|14|15|16|17) /g,
  // the election's date or year: "(đợt) bầu cử (ngày) 15/3/2026", "bầu cử tháng 3 năm 2026", "the
  // 2026 election", "the election on 15 March 2026" say which election, not what is asked; left in,
  // their numbers pulled a question to the entry on the age counted to a date
  /(?<=bau cu) (?:(?:vao )?ngay )?(?:[0-9]{1,2} [0-9]{1,2} [0-9]{4}|(?:thang [0-9]{1,2} )?(?:nam )?[0-9]{4}|thang [0-9]{1,2}) /g,
  new RegExp(` (?:${ENGLISH_DATE}) (?=elections? )`, 'g'),
  new RegExp(`(?<=elections?) (?:on |in )?(?:${ENGLISH_DATE}) `, 'g'),
];

/**
 * Words only an English name holds. An English name cut out leaves nothing in its place: in the
 * English index "bầu cử" stood only where a phrasing had named the election in full, so the two
 * words pulled a question towards those entries ("How many years is a term of the National
 * Assembly and People's Councils?" ranked term-length below 0.1; without them 0.99).
 */
const ENGLISH_NAME_WORDS = new Set(['assembly', 'council', 'councils', 'term']);

/** Indices of the words that belong to a full election name. */
function nameWordIndices(folded: readonly string[]): Set<number> {
  const text = ` ${folded.join(' ')} `;
  // character offset of each word in `text`
  const starts: number[] = [];
  let offset = 1;
  for (const word of folded) {
    starts.push(offset);
    offset += word.length + 1;
  }
  const cut = new Set<number>();
  for (const pattern of NAME_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const from = match.index + 1;
      const to = match.index + match[0].length - 1;
      starts.forEach((start, index) => {
        if (start >= from && start < to) cut.add(index);
      });
    }
  }
  return cut;
}

/**
 * The words without the election's full name. Where a Vietnamese name was cut and the question
 * does not already say "bầu cử" (election), the two words are kept in its place.
 */
export function withoutElectionName<T extends { accented: string[]; folded: string[] }>(analyzed: T): T {
  const cut = nameWordIndices(analyzed.folded);
  if (cut.size === 0) return analyzed;
  const keep = (_: string, index: number) => !cut.has(index);
  const folded = analyzed.folded.filter(keep);
  const accented = analyzed.accented.filter(keep);
  const saysElection =
    folded.some((word, index) => word === 'bau' && folded[index + 1] === 'cu') ||
    folded.includes('election') ||
    folded.includes('elections');
  if (saysElection || [...cut].some((index) => ENGLISH_NAME_WORDS.has(analyzed.folded[index]!)))
    return { ...analyzed, folded, accented };
  return { ...analyzed, folded: [...folded, 'bau', 'cu'], accented: [...accented, 'bầu', 'cử'] };
}

/** The vote for People's Council deputies alone: it names the election too, but is not cut (the level matters). */
const COUNCIL_VOTE_PATTERNS: readonly RegExp[] = [
  / bau cu (?:dai bieu )?hoi dong nhan dan /,
  / elections? (?:deputies (?:to )?)?(?:the )?(?:[0-9]+(?:st|nd|rd|th) )?people s councils? /,
  // "the People's Council election", as "the National Assembly election" above
  / people s councils? elections? /,
];

/**
 * Standing for, or voting for, deputies ("ứng cử đại biểu HĐND", "đi bầu đại biểu Quốc hội",
 * "run for the People's Council"): the same vote, whoever asks ("Bí thư chi bộ có được ứng cử
 * đại biểu HĐND không?" names a party cell, but asks about our election).
 */
const DEPUTY_VOTE_PATTERNS: readonly RegExp[] = [
  / (?:ung cu|trung cu|bau|bo phieu) (?:lam )?(?:dai bieu )?(?:quoc hoi|hoi dong nhan dan) /,
  / (?:run|runs|running|stand|stands|standing|vote|voting|elect|elected|candidate|candidates) (?:as )?(?:a )?(?:the )?(?:(?:deputy|deputies) )?(?:the )?(?:national assembly|people s councils?) /,
];

/**
 * Whether the words name the election of deputies ("bầu cử đại biểu Quốc hội", "the National
 * Assembly election"), not only the deputies or another body's vote.
 */
export function namesTheVote(folded: readonly string[]): boolean {
  const text = ` ${folded.join(' ')} `;
  // search() ignores the global patterns' lastIndex
  return [...VOTE_NAME_PATTERNS, ...COUNCIL_VOTE_PATTERNS, ...DEPUTY_VOTE_PATTERNS].some(
    (pattern) => text.search(pattern) >= 0,
  );
}

/**
 * Voting named by the country ("Is voting compulsory in Vietnam?", "Vietnam's elections") or by
 * its citizens ("Can Vietnamese living abroad vote at the embassy?"): the vote its citizens hold
 * is this election, though the words around it ("compulsory", "embassy") are other countries',
 * insurance's and visas' in the examples of other topics. Only another body's vote in the
 * country ("party elections in Vietnam", "shareholders vote in Vietnam") is not, and those are
 * declined before this is read (decideOutcome); so is a referendum (intents.ts).
 */
const COUNTRY_VOTE_PATTERN =
  / (?:(?:vote|voting|elections?) (?:\S+ ){0,2}in vietnam|(?:vietnam s|vietnamese) (?:national |general )?elections?|vietnamese (?:\S+ ){0,2}vote) /;

export const namesTheCountrysVote = (folded: readonly string[]): boolean =>
  COUNTRY_VOTE_PATTERN.test(` ${folded.join(' ')} `);

/**
 * Asking whether someone may vote or stand ("… có được bầu cử không?", "có quyền bỏ phiếu", "có
 * được ứng cử không?"): a right in this election, however much the question tells of another
 * domain on the way ("đang chấp hành án phạt tù", "cơ sở giáo dục bắt buộc"). Vietnamese only:
 * in English "vote" and "run" are asked of every body's ballot (a shareholders' meeting, a
 * union), and those questions are declined. Another body's election named with it is still
 * declined (decideOutcome reads the other body first), and so is standing "vào" a body no list
 * names ("ứng cử vào ban đại diện cha mẹ học sinh"): the deputies' vote is named, not entered.
 */
const RIGHT_PATTERN = / (?:co )?(?:duoc|quyen) (?:tham gia )?(?:bau cu|di bau|bo phieu|ung cu|tu ung cu) (?!vao )/;

export const asksTheRightToVoteOrStand = (folded: readonly string[]): boolean =>
  RIGHT_PATTERN.test(` ${folded.join(' ')} `);
