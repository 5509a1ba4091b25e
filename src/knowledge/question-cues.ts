// What a question asks, apart from its topic: its kind (who, when, where, how many, how old,
// may I, what penalty, how, what is, why) and its sense where election words are ambiguous
// (casting a vote or standing as a candidate; the voter list or the candidate list; registering
// to vote or registering a residence). Both are
// read from the same words the search uses, as typed (phrase-matcher.ts), for questions and for
// entries alike, so "Công dân bao nhiêu tuổi thì được đi bầu?" (how old, vote) stops matching
// "tuổi ứng cử" (how old, stand).
import { createTypedPhraseMatcher, typedPhraseOf, type TypedWords } from './phrase-matcher.js';

export type QuestionKind = 'who' | 'when' | 'where' | 'howMany' | 'age' | 'may' | 'penalty' | 'how' | 'what' | 'why';
export type Sense =
  'vote' | 'stand' | 'voterList' | 'candidateList' | 'ballot' | 'voterCard' | 'registerToVote' | 'residence';

/** Phrases per kind, as whole words, written with their diacritics. */
const KIND_PHRASES: Record<QuestionKind, readonly string[]> = {
  who: [
    'ai',
    'những ai',
    'người nào',
    'những người nào',
    'đối tượng nào',
    'trường hợp nào',
    'những trường hợp nào',
    'cơ quan nào',
    'tổ chức nào',
    'cấp nào',
    'công dân nào',
    'who',
    'whom',
    'which people',
    'what people',
    'which persons',
    'which citizens',
    'which groups',
    'which body',
    'which bodies',
    'which agency',
    'which organisation',
    'which organization',
    'which level',
    'which levels',
    'which cases',
    'what cases',
  ],
  when: [
    'khi nào',
    'bao giờ',
    'lúc nào',
    'thời gian nào',
    'ngày nào',
    'ngày mấy',
    'thời hạn',
    'hạn chót',
    'thời điểm',
    'mấy giờ',
    'giờ nào',
    'bao lâu',
    'trước bao nhiêu ngày',
    'when',
    'what time',
    'what date',
    'which day',
    'deadline',
    'how long',
  ],
  where: ['ở đâu', 'tại đâu', 'nơi nào', 'chỗ nào', 'ở nơi nào', 'đến đâu', 'where', 'which place'],
  howMany: [
    'bao nhiêu',
    'mấy là',
    'mấy lá',
    'mấy phiếu',
    'mấy người',
    'mấy cấp',
    'mấy lần',
    'số lượng',
    'how many',
    'how much',
    'number of',
  ],
  // an age asked ("how old"): a number too, but only the entries that give an age hold it
  age: [
    'bao nhiêu tuổi',
    'mấy tuổi',
    'độ tuổi',
    'tuổi tối thiểu',
    'tuổi tối đa',
    'giới hạn tuổi',
    'how old',
    'what age',
    'which age',
    'minimum age',
    'maximum age',
    'age limit',
  ],
  may: [
    'có được',
    'được không',
    'có thể',
    'có phải',
    'có bắt buộc',
    'bắt buộc',
    'có bị',
    'có cần',
    'có đủ',
    'đủ điều kiện',
    'có quyền',
    'can i',
    'may i',
    'can a',
    'is it allowed',
    'allowed to',
    'must i',
    'do i have to',
  ],
  penalty: [
    'bị phạt',
    'xử phạt',
    'bị xử lý',
    'xử lý như thế nào',
    'chế tài',
    'tội gì',
    'phạm tội',
    'truy cứu',
    'hình sự',
    'tù bao nhiêu năm',
    'penalty',
    'punish',
    'punished',
    'punishment',
    'fined',
    'crime',
    'offence',
    'offense',
    'prosecuted',
  ],
  how: [
    'như thế nào',
    'thế nào',
    'làm sao',
    'làm thế nào',
    'ra sao',
    'thủ tục',
    'cách nào',
    'bằng cách nào',
    'how',
    'procedure',
  ],
  what: [
    'là gì',
    'gồm những gì',
    'gồm gì',
    'những gì',
    'bao gồm',
    'nghĩa là',
    'có nghĩa',
    'what is',
    'what are',
    'what does',
    'meaning',
  ],
  why: ['tại sao', 'vì sao', 'why'],
};

/**
 * The ballot marked and cast, and the card that lets the voter in: both are voting's, and a torn
 * one is not the other ("Phiếu bầu bị rách thì sao?" is a spoiled ballot, not a lost card).
 */
const BALLOT_PHRASES = ['lá phiếu', 'phiếu bầu', 'ghi phiếu', 'gạch phiếu', 'ballot', 'ballots', 'ballot paper'];
const VOTER_CARD_PHRASES = ['thẻ cử tri', 'voter card', 'voter cards', 'polling card', 'voting card'];

/** Asking to register as a voter: a sense here (below), and a concept the search matches (concepts.ts). */
export const REGISTER_TO_VOTE_PHRASES = [
  'đăng ký cử tri',
  'đăng ký bầu cử',
  'đăng ký đi bầu',
  'đăng ký để đi bầu',
  'đăng ký để bầu',
  'đăng ký tên đi bầu',
  'đăng ký bỏ phiếu',
  'đăng ký để bỏ phiếu',
  'register to vote',
  'registering to vote',
  'registered to vote',
  'register as a voter',
  'voter registration',
];

/** Phrases per sense, the same way. "bầu cử" alone names the election, not a sense. */
const SENSE_PHRASES: Record<Sense, readonly string[]> = {
  vote: [
    'đi bầu',
    'bỏ phiếu',
    'quyền bầu cử',
    'được bầu cử',
    'có quyền bầu',
    'cử tri',
    'hòm phiếu',
    'vote',
    'voter',
    'voters',
    'voting',
    ...BALLOT_PHRASES,
    ...VOTER_CARD_PHRASES,
  ],
  stand: [
    'ứng cử',
    'ứng viên',
    'ứng cử viên',
    'tự ứng cử',
    'người ứng cử',
    'hồ sơ ứng cử',
    'trúng cử',
    'được bầu làm',
    'giới thiệu ra',
    'stand',
    'standing',
    'candidate',
    'candidates',
    'candidacy',
    'run for',
    'nominee',
  ],
  voterList: ['danh sách cử tri', 'voter list', 'electoral roll', 'voters list'],
  ballot: BALLOT_PHRASES,
  voterCard: VOTER_CARD_PHRASES,
  // "đăng ký" is a residence's ("đăng ký thường trú, tạm trú") unless asked of voting: Vietnam
  // has no voter registration, and "Đăng ký cử tri ở đâu?" is about the voter list
  registerToVote: REGISTER_TO_VOTE_PHRASES,
  residence: ['thường trú', 'tạm trú', 'cư trú', 'hộ khẩu', 'residence', 'resident', 'household registration'],
  candidateList: [
    'danh sách ứng cử',
    'danh sách người ứng cử',
    'danh sách chính thức',
    'danh sách ứng cử viên',
    'candidate list',
    'list of candidates',
  ],
};

/**
 * One's own place. Who stands there is asked of the list posted there ("Ở phường tôi có những ai
 * ứng cử?"), not of who may stand ("Ai được ứng cử?"), which asks with a "may".
 */
const OWN_PLACE_PHRASES = [
  'chỗ tôi',
  'nơi tôi',
  'phường tôi',
  'xã tôi',
  'thôn tôi',
  'tổ dân phố tôi',
  'khu phố tôi',
  'khu vực tôi',
  'địa phương tôi',
  'quê tôi',
  'tỉnh tôi',
  'chỗ mình',
  'phường mình',
  'xã mình',
  'khu vực mình',
  'địa phương mình',
  'đơn vị bầu cử của tôi',
  'đơn vị bầu cử tôi',
  'đơn vị bầu cử của mình',
  'ở đây',
  'my constituency',
  'my area',
  'my ward',
  'my commune',
  'my district',
  'my province',
  'where i live',
];
/**
 * An age told near the bars (18 to vote, 21 to stand): "e 22 tuổi có ứng cử được không?", "im 20,
 * can i run". Told with a "may" and nothing else asked, it asks the age rule; an older age is a
 * letter's preamble ("Tôi 44 tuổi, làm kế toán…").
 */
const AGE_NEAR_THE_BARS = / (?:(?:1[6-9]|2[0-5]) (?:tuoi|years old|year old|yo)|(?:im|i m|i am) (?:1[6-9]|2[0-5])) /;
/** A "may" in words the kinds do not hold: "Ai được ứng cử?", "who is eligible", "the standards". */
const ELIGIBILITY = / (duoc|co the|co quyen|du dieu kien|dieu kien|tieu chuan|can|may|eligible|allowed|qualify) /;

/** A matcher of a table's phrases, each naming its key. */
const matcherOf = <K extends string>(table: Record<K, readonly string[]>): ((text: TypedWords) => Set<K>) =>
  createTypedPhraseMatcher(
    (Object.keys(table) as K[]).flatMap((key) =>
      table[key].map((phrase) => ({ words: typedPhraseOf(phrase), value: key })),
    ),
  );
const findKinds = matcherOf(KIND_PHRASES);
const findSenses = matcherOf(SENSE_PHRASES);
const namesOwnPlace = matcherOf({ ownPlace: OWN_PLACE_PHRASES });

export interface QuestionCues {
  kinds: Set<QuestionKind>;
  senses: Set<Sense>;
}

/** Cues of a question given as all its words (stopwords kept: "what is" needs its "is"; phrase-matcher.ts, typedText). */
export function readCues(words: TypedWords): QuestionCues {
  const padded = ` ${words.folded.join(' ')} `;
  const kinds = findKinds(words);
  const senses = findSenses(words);
  // "danh sách cử tri" is about the list, not about casting a vote; "người ứng cử" in a voter
  // question ("bầu cho người ứng cử") does not make it a candidacy question when a vote word is there
  if (senses.has('voterList') && !/ (di bau|bo phieu|la phieu|phieu bau|vote|ballot) /.test(padded))
    senses.delete('vote');
  // who stands in one's own place, without a "may", is who is on the list there (OWN_PLACE_PHRASES)
  if (
    kinds.has('who') &&
    senses.has('stand') &&
    namesOwnPlace(words).size > 0 &&
    !kinds.has('may') &&
    !ELIGIBILITY.test(padded)
  )
    senses.add('candidateList');
  if (
    kinds.has('may') &&
    ![...kinds].some((kind) => SPECIFIC_KINDS.has(kind)) &&
    (senses.has('vote') || senses.has('stand')) &&
    AGE_NEAR_THE_BARS.test(padded)
  )
    kinds.add('age');
  if (senses.has('candidateList') && !/ (ung cu vien|tu ung cu|ho so ung cu|stand|candidacy) /.test(padded))
    senses.delete('stand');
  return { kinds, senses };
}

/** Kinds that name what the answer must contain: a date, a place, a number, an age, a penalty, people. */
export const SPECIFIC_KINDS: ReadonlySet<QuestionKind> = new Set(['who', 'when', 'where', 'howMany', 'age', 'penalty']);
