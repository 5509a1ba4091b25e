// How citizens really type Vietnamese: with or without diacritics, NFC or NFD, teen-code
// ("ko dc j"), abbreviations ("ubnd", "hdnd") and a few frequent typos. Retrieval matches on
// the folded form; the accented form is kept so that a correctly accented word scores higher.
import { foldDiacritics } from '../lib/text.js';

/** Folding is the hot spot of every search: a word's folded form is kept once computed. */
const FOLDED_WORDS_KEPT = 50_000;
const foldedWords = new Map<string, string>();

/** foldDiacritics for one word, remembered (the vocabulary citizens use is small). */
export function foldWord(word: string): string {
  const known = foldedWords.get(word);
  if (known !== undefined) return known;
  const folded = foldDiacritics(word);
  if (foldedWords.size >= FOLDED_WORDS_KEPT) foldedWords.clear();
  foldedWords.set(word, folded);
  return folded;
}

// A Vietnamese syllable without its diacritics: onset, vowel nucleus, final consonant.
const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
const NUCLEUS =
  '(?:ieu|yeu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])';
const CODA = '(?:ch|nh|ng|[cmnpt])?';
const SYLLABLE = new RegExp(`^${ONSET}${NUCLEUS}${CODA}$`);

/** Whether a folded word is a well-formed Vietnamese syllable ("nguoi", "quyen"; not "hcua", "vote"). */
export const isVietnameseSyllable = (folded: string): boolean => SYLLABLE.test(folded);

/** Abbreviations, teen-code and typos, keyed by the lower-case word as typed (or folded). */
const EXPANSIONS: Record<string, string> = {
  ko: 'không',
  k: 'không',
  hok: 'không',
  hông: 'không',
  hổng: 'không',
  kg: 'không',
  khg: 'không',
  kh: 'không',
  kô: 'không',
  khong: 'không',
  khônh: 'không',
  dc: 'được',
  đc: 'được',
  dk: 'được',
  đk: 'được',
  duoc: 'được',
  dduoc: 'được',
  đươc: 'được',
  j: 'gì',
  ji: 'gì',
  gj: 'gì',
  bnh: 'bao nhiêu',
  bnhieu: 'bao nhiêu',
  bnhiu: 'bao nhiêu',
  baonhieu: 'bao nhiêu',
  mn: 'mọi người',
  mng: 'mọi người',
  ntn: 'như thế nào',
  ns: 'nói',
  vs: 'với',
  cx: 'cũng',
  cg: 'cũng',
  r: 'rồi',
  z: 'vậy',
  v: 'vậy',
  dzậy: 'vậy',
  zậy: 'vậy',
  // Southern and Central speech ("dìa quê bầu", "bữa bầu", "rứa", "răng", "trong nớ")
  dìa: 'về',
  bữa: 'ngày',
  rứa: 'vậy',
  răng: 'sao',
  nớ: 'đó',
  // Southern "coi" is "xem" in every sense ("coi tên", "coi đếm phiếu", "được coi là")
  coi: 'xem',
  mk: 'mình',
  mik: 'mình',
  bik: 'biết',
  bít: 'biết',
  bjk: 'biết',
  ik: 'đi',
  đy: 'đi',
  nx: 'nữa',
  nhìu: 'nhiều',
  wá: 'quá',
  ak: 'à',
  hog: 'không',
  trc: 'trước',
  tg: 'thời gian',
  tgian: 'thời gian',
  bt: 'biết',
  ng: 'người',
  ngta: 'người ta',
  wa: 'qua',
  qa: 'qua',
  sdt: 'số điện thoại',
  sđt: 'số điện thoại',
  cmnd: 'chứng minh nhân dân',
  cccd: 'căn cước công dân',
  ubnd: 'ủy ban nhân dân',
  hdnd: 'hội đồng nhân dân',
  hđnd: 'hội đồng nhân dân',
  dbqh: 'đại biểu quốc hội',
  đbqh: 'đại biểu quốc hội',
  qh: 'quốc hội',
  ubbc: 'ủy ban bầu cử',
  bbc: 'ban bầu cử',
  tbc: 'tổ bầu cử',
  đb: 'đại biểu',
  db: 'đại biểu',
  ub: 'ủy ban',
  ubtvqh: 'ủy ban thường vụ quốc hội',
  mttq: 'mặt trận tổ quốc',
  ubmttq: 'ủy ban mặt trận tổ quốc',
  sv: 'sinh viên',
  ktx: 'ký túc xá',
  hs: 'học sinh',
  đh: 'đại học',
  kcn: 'khu công nghiệp',
  tp: 'thành phố',
  hdbcqg: 'hội đồng bầu cử quốc gia',
  hđbcqg: 'hội đồng bầu cử quốc gia',
  ucv: 'ứng cử viên',
  đbhđnd: 'đại biểu hội đồng nhân dân',
  dbhdnd: 'đại biểu hội đồng nhân dân',
  hđbc: 'hội đồng bầu cử',
  hdbc: 'hội đồng bầu cử',
  ds: 'danh sách',
  dsct: 'danh sách cử tri',
  kvbp: 'khu vực bỏ phiếu',
  tdp: 'tổ dân phố',
  kp: 'khu phố',
  mttqvn: 'mặt trận tổ quốc việt nam',
  // where a voter serves, works or is treated, and other domains' papers and bodies
  nvqs: 'nghĩa vụ quân sự',
  qđnd: 'quân đội nhân dân',
  qdnd: 'quân đội nhân dân',
  llvt: 'lực lượng vũ trang',
  gv: 'giáo viên',
  bv: 'bệnh viện',
  xklđ: 'xuất khẩu lao động',
  xkld: 'xuất khẩu lao động',
  bhxh: 'bảo hiểm xã hội',
  bhyt: 'bảo hiểm y tế',
  gplx: 'giấy phép lái xe',
  qsdđ: 'quyền sử dụng đất',
  qsdd: 'quyền sử dụng đất',
  ctcp: 'công ty cổ phần',
  hđqt: 'hội đồng quản trị',
  hdqt: 'hội đồng quản trị',
  bc: 'bầu cử',
  kn: 'khiếu nại',
  tc: 'tố cáo',
  // English chat spellings of question words ("wen is election day"); none is a Vietnamese syllable
  wen: 'when',
  wat: 'what',
  wut: 'what',
  whr: 'where',
  // the foreign press's names for the National Assembly and its deputies, which English speakers use
  parliament: 'national assembly',
  parliamentary: 'national assembly',
  legislature: 'national assembly',
  mp: 'deputy',
  mps: 'deputies',
  lawmaker: 'deputy',
  lawmakers: 'deputies',
  legislator: 'deputy',
  legislators: 'deputies',
  // frequent typos and regional spellings
  bàu: 'bầu',
  bâu: 'bầu',
  bấu: 'bầu',
  ku: 'cử',
  kử: 'cử',
  cữ: 'cử',
  phiéu: 'phiếu',
  fiếu: 'phiếu',
  fieu: 'phiếu',
  phieú: 'phiếu',
  tuoj: 'tuổi',
  tủi: 'tuổi',
  hòn: 'hòm',
  đâo: 'đâu',
  nhiu: 'nhiêu',
  thẻe: 'thẻ',
};

/**
 * Words that carry no meaning for retrieval: particles, pronouns, greetings, English function
 * words, as typed with and without diacritics. A word typed with diacritics is one only in the
 * spellings listed: "tội" (a crime), "tối" (evening), "nhà" (home) and "nhì" fold to "toi",
 * "nha" and "nhi" but mean something; without diacritics "toi" may be either and is left out.
 * Words whose folded form is also a meaningful Vietnamese syllable ("to" = tố, "the" = thẻ,
 * "cho", "me" = mẹ) are deliberately absent.
 */
const STOPWORDS = new Set([
  'a',
  'à',
  'ạ',
  'á',
  'ah',
  'ha',
  'hả',
  'oi',
  'ơi',
  'nhe',
  'nhé',
  'nha',
  'nhá',
  'nhi',
  'nhỉ',
  'ad',
  'admin',
  'e',
  'em',
  'xin',
  'chao',
  'chào',
  'giup',
  'giúp',
  'minh',
  'mình',
  'toi',
  'tôi',
  'tui',
  'vay',
  'vậy',
  'ak',
  'please',
  'hi',
  'hello',
  'thanks',
  'thank',
  'is',
  'are',
  'does',
  'i',
  'of',
  'and',
  'or',
  'for',
  'this',
  'that',
  'at',
]);

/**
 * An abbreviation repeated in brackets after the words it stands for ("đại biểu Quốc hội
 * (ĐBQH)"): dropped, or the words would count twice.
 */
const BRACKETED_ABBREVIATION = /\(\s*[\p{Lu}0-9][\p{Lu}0-9 .&-]{0,15}\)/gu;

/**
 * English negations written short: the apostrophe splits "can't" into "can" and a lone "t",
 * which is dropped, so "Who can't vote?" read as "Who can vote?".
 */
const ENGLISH_NEGATIONS: readonly [RegExp, string][] = [
  [/\bcan['’]t\b/gu, 'cannot'],
  [/\bwon['’]t\b/gu, 'will not'],
  [/(?<=\p{L})n['’]t\b/gu, ' not'],
];

/** Lower case NFC words, punctuation and bracketed abbreviations removed. */
function words(text: string): string[] {
  return ENGLISH_NEGATIONS.reduce(
    (lower, [pattern, replacement]) => lower.replace(pattern, replacement),
    text.normalize('NFC').replace(BRACKETED_ABBREVIATION, ' ').toLowerCase(),
  )
    .replace(/ð/gu, 'đ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** numbers glued to their units, one or more ("18t", "7h", "17t11thang"); not English ordinals ("15th") */
const NUMBERS_WITH_UNITS = /^(?!\d+(?:st|nd|rd|th)$)(?:\d+\p{L}+)+$/u;
const NUMBER_AND_UNIT = /(\d+)(\p{L}+)/gu;
const UNIT: Record<string, string> = { t: 'tuổi', h: 'giờ', g: 'giờ' };
/** Words after which a bare "h" means "giờ" ("bao h", "mấy h"). */
const ASK_HOUR = new Set(['bao', 'may']);
/** Words after which a bare "bn" means "bao nhiêu" rather than "bạn". */
const COUNTED = new Set(['tuoi', 'ngay', 'gio', 'phieu', 'nguoi', 'lan', 'cap', 'thang', 'nam', 'la']);

/**
 * Central speech's question words, read as such only where they end a question (before nothing
 * or a closing particle: "giấy tờ chi rứa?", "đi bầu chỗ mô?"), since elsewhere they are other
 * words ("chi bộ", "quy mô"); "mô" after a time asks which one ("ngày mô"), elsewhere where.
 */
const QUESTION_END = new Set([
  'vay',
  'rua',
  'a',
  'ha',
  'nhi',
  'he',
  'hen',
  'nhen',
  'the',
  'dzay',
  'zay',
  'v',
  'z',
  'ri',
]);
const TIMES = new Set(['ngay', 'bua', 'gio', 'luc', 'khi', 'hom', 'thang', 'nam', 'buoi']);
/** "năm ni", "chỗ ni": "này" after a time or a place, not "ni cô" (a nun) */
const NEAR_NOUNS = new Set([
  'nam',
  'bua',
  'ngay',
  'hom',
  'lan',
  'dot',
  'thang',
  'cho',
  'o',
  'xa',
  'thon',
  'phuong',
  'nguoi',
]);

function centralQuestionWord(word: string, next: string | undefined, previous: string | undefined): string | undefined {
  const endsQuestion = next === undefined || QUESTION_END.has(foldWord(next));
  if (word === 'chi' && endsQuestion) return 'gì';
  if (word === 'mô' && endsQuestion) return previous !== undefined && TIMES.has(foldWord(previous)) ? 'nào' : 'đâu';
  if (word === 'ni' && previous !== undefined && NEAR_NOUNS.has(foldWord(previous))) return 'này';
  return undefined;
}

function expandWord(word: string, next: string | undefined, previous: string | undefined): string[] {
  if (NUMBERS_WITH_UNITS.test(word))
    return [...word.matchAll(NUMBER_AND_UNIT)].flatMap(([, number = '', unit = '']) => [
      number,
      ...(UNIT[unit] !== undefined ? [UNIT[unit]] : expandWord(unit, undefined, number)),
    ]);
  if (word === 'bn')
    return next !== undefined && COUNTED.has(foldWord(next))
      ? ['bao', 'nhiêu']
      : previous !== undefined && COUNTED.has(foldWord(previous))
        ? ['bao', 'nhiêu']
        : ['bạn'];
  // "bao h", "mấy h": "h" for "giờ" after the words that ask when, as in "7h"
  if (word === 'h' && previous !== undefined && ASK_HOUR.has(foldWord(previous))) return ['giờ'];
  // "cử chi" for "cử tri": a common spelling slip ("ch"/"tr" merge in northern speech)
  if (foldWord(word) === 'chi' && previous !== undefined && foldWord(previous) === 'cu') return ['tri'];
  const central = centralQuestionWord(word, next, previous);
  if (central !== undefined) return [central];
  // own keys only: a citizen typing "constructor" must not reach Object.prototype. A word that
  // folds to a teen-code key ("kở" → "ko") is read as that key, so normalising twice changes nothing.
  const folded = foldWord(word);
  const key = Object.hasOwn(EXPANSIONS, word)
    ? word
    : /^[a-z]+$/.test(folded) && Object.hasOwn(EXPANSIONS, folded)
      ? folded
      : undefined;
  const expansion = key === undefined ? undefined : EXPANSIONS[key];
  return expansion ? expansion.split(' ') : [word];
}

export interface AnalyzedText {
  /** accented words (NFC, lower case), abbreviations expanded, stopwords removed */
  accented: string[];
  /** the same words without diacritics */
  folded: string[];
  /** every word folded, abbreviations expanded, stopwords kept ("what is", "ai"): for question cues */
  allFolded: string[];
  /** the same words accented (to tell "tôi" from "tội" where the citizen typed diacritics) */
  allAccented: string[];
}

/**
 * "hỏi" (to ask) says nothing about what is asked, yet an entry about the bot ("Bot này hỏi được
 * những gì?") shares it with every question opened with "cho hỏi". Only as typed with its
 * diacritics: without them it is also "hội" (Quốc hội).
 */
const ASK = 'hỏi';
/** "ơi" calls the word before it: "bot ơi", "ad ơi", "em ơi" name whom the message is for, not what it asks. */
const CALL = 'oi';

/** Splits and cleans a question into retrieval words. */
export function analyzeText(text: string): AnalyzedText {
  const raw = words(text);
  const expanded: string[] = [];
  raw.forEach((word, index) => expanded.push(...expandWord(word, raw[index + 1], raw[index - 1])));
  const allFolded = expanded.map(foldWord);
  const kept = (_: string, index: number) =>
    !STOPWORDS.has(expanded[index] ?? '') && expanded[index] !== ASK && allFolded[index + 1] !== CALL;
  return { accented: expanded.filter(kept), folded: allFolded.filter(kept), allFolded, allAccented: expanded };
}

/**
 * The canonical folded form of a question: the same question typed with or without
 * diacritics, in NFC or NFD, in teen-code or not, gives the same string. Used to group
 * unanswered questions and as the basis of matching.
 */
export function normalizeVietnamese(text: string): string {
  return canonicalWords(analyzeText(text).folded).join(' ');
}

/** the stopwords as read without diacritics: "tội", "nhà" among them */
const FOLDED_STOPWORDS = new Set([...STOPWORDS].map(foldWord));

/**
 * Folded words as the canonical form reads them: every word that folds to a stopword is left
 * out, so a question reads the same typed with or without diacritics ("phạm tội" and "pham toi"
 * are both "pham"). For grouping questions and for fixed phrases (intents, keywords, phrasings
 * asked as written); retrieval keeps "tội" where the citizen typed it.
 */
export const canonicalWords = (folded: readonly string[]): string[] =>
  canonicalPositions(folded).map((index) => folded[index] ?? '');

const canonicalPositions = (folded: readonly string[]): number[] =>
  folded.flatMap((word, index) => (FOLDED_STOPWORDS.has(word) ? [] : [index]));

/** The words canonicalWords keeps, folded and as typed: fixed phrases are found in them as typed. */
export function canonicalReading(folded: readonly string[], accented: readonly string[]): [string[], string[]] {
  const kept = canonicalPositions(folded);
  return [kept.map((index) => folded[index] ?? ''), kept.map((index) => accented[index] ?? '')];
}

/**
 * True when normalising makes a fixed phrase (a keyword, an intent pattern) match far more than
 * written: it folds to nothing, or several words fold to one, since particles and pronouns are
 * dropped ("giúp gì" is "gì", "chào bạn" is "bạn").
 */
export function isNarrowedByNormalizing(phrase: string): boolean {
  const kept = normalizeVietnamese(phrase).split(' ').filter(Boolean).length;
  return kept === 0 || (kept === 1 && phrase.trim().split(/\s+/).length > 1);
}

/** The five tones' marks, in the order the key numbers them. */
const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

/**
 * The word as typed, with its tone read apart from where it was placed: its letters with their
 * vowel marks, then the tone's number ("ủy" and "uỷ" are both "uy4"). Folded, "phạt tiền" (a
 * fine) is "phát tiền" (handing out money) and "chỉ bỏ" (only cast) "chi bộ" (a party cell).
 */
export function toneKey(word: string): string {
  const decomposed = word.normalize('NFD');
  const tone = TONE_MARKS.findIndex((mark) => decomposed.includes(mark));
  const letters = [...decomposed].filter((character) => !TONE_MARKS.includes(character)).join('');
  return `${letters.normalize('NFC')}${tone < 0 ? '' : tone + 1}`;
}

/** True when a word carries Vietnamese diacritics (so its accented form is meaningful). */
export function hasDiacritics(word: string): boolean {
  return foldWord(word) !== word;
}
