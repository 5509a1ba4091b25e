// What a question asks, apart from its topic: its kind (who, when, where, how many, how old, may I, what
// penalty, how, what is, why) and its sense where election words are ambiguous (casting a vote
// or standing as a candidate; the voter list or the candidate list). Both are read from the
// same folded words the search uses, for questions and for entries alike, so "Công dân bao
// nhiêu tuổi thì được đi bầu?" (how many, vote) stops matching "tuổi ứng cử" (how many, stand).
import { createPhraseMatcher, type PhraseMatcher } from './phrase-matcher.js';

export type QuestionKind = 'who' | 'when' | 'where' | 'howMany' | 'age' | 'may' | 'penalty' | 'how' | 'what' | 'why';
export type Sense = 'vote' | 'stand' | 'voterList' | 'candidateList' | 'ballot' | 'voterCard';

/** Phrases per kind, folded (no diacritics), as whole words. */
const KIND_PHRASES: Record<QuestionKind, readonly string[]> = {
  who: [
    'ai',
    'nhung ai',
    'nguoi nao',
    'nhung nguoi nao',
    'doi tuong nao',
    'truong hop nao',
    'nhung truong hop nao',
    'co quan nao',
    'to chuc nao',
    'cap nao',
    'cong dan nao',
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
    'khi nao',
    'bao gio',
    'luc nao',
    'thoi gian nao',
    'ngay nao',
    'ngay may',
    'thoi han',
    'han chot',
    'thoi diem',
    'may gio',
    'gio nao',
    'bao lau',
    'truoc bao nhieu ngay',
    'when',
    'what time',
    'what date',
    'which day',
    'deadline',
    'how long',
  ],
  where: ['o dau', 'tai dau', 'noi nao', 'cho nao', 'o noi nao', 'den dau', 'where', 'which place'],
  howMany: [
    'bao nhieu',
    'may la',
    'may phieu',
    'may nguoi',
    'may cap',
    'may lan',
    'so luong',
    'how many',
    'how much',
    'number of',
  ],
  // an age asked ("how old"): a number too, but only the entries that give an age hold it
  age: [
    'bao nhieu tuoi',
    'may tuoi',
    'do tuoi',
    'tuoi toi thieu',
    'tuoi toi da',
    'gioi han tuoi',
    'how old',
    'what age',
    'which age',
    'minimum age',
    'maximum age',
    'age limit',
  ],
  may: [
    'co duoc',
    'duoc khong',
    'co the',
    'co phai',
    'co bat buoc',
    'bat buoc',
    'co bi',
    'co can',
    'co du',
    'du dieu kien',
    'co quyen',
    'can i',
    'may i',
    'can a',
    'is it allowed',
    'allowed to',
    'must i',
    'do i have to',
  ],
  penalty: [
    'bi phat',
    'xu phat',
    'bi xu ly',
    'xu ly nhu the nao',
    'che tai',
    'toi gi',
    'pham toi',
    'truy cuu',
    'hinh su',
    'tu bao nhieu nam',
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
    'nhu the nao',
    'the nao',
    'lam sao',
    'lam the nao',
    'ra sao',
    'thu tuc',
    'cach nao',
    'bang cach nao',
    'how',
    'procedure',
  ],
  what: [
    'la gi',
    'gom nhung gi',
    'gom gi',
    'nhung gi',
    'bao gom',
    'nghia la',
    'co nghia',
    'what is',
    'what are',
    'what does',
    'meaning',
  ],
  why: ['tai sao', 'vi sao', 'why'],
};

/**
 * The ballot marked and cast, and the card that lets the voter in: both are voting's, and a torn
 * one is not the other ("Phiếu bầu bị rách thì sao?" is a spoiled ballot, not a lost card).
 */
const BALLOT_PHRASES = ['la phieu', 'phieu bau', 'ghi phieu', 'gach phieu', 'ballot', 'ballots', 'ballot paper'];
const VOTER_CARD_PHRASES = ['the cu tri', 'voter card', 'voter cards', 'polling card', 'voting card'];

/** Phrases per sense, folded. "bầu cử" alone names the election, not a sense. */
const SENSE_PHRASES: Record<Sense, readonly string[]> = {
  vote: [
    'di bau',
    'bo phieu',
    'quyen bau cu',
    'duoc bau cu',
    'co quyen bau',
    'cu tri',
    'hom phieu',
    'vote',
    'voter',
    'voters',
    'voting',
    ...BALLOT_PHRASES,
    ...VOTER_CARD_PHRASES,
  ],
  stand: [
    'ung cu',
    'ung vien',
    'ung cu vien',
    'tu ung cu',
    'nguoi ung cu',
    'ho so ung cu',
    'trung cu',
    'duoc bau lam',
    'gioi thieu ra',
    'stand',
    'standing',
    'candidate',
    'candidates',
    'candidacy',
    'run for',
    'nominee',
  ],
  voterList: ['danh sach cu tri', 'voter list', 'electoral roll', 'voters list'],
  ballot: BALLOT_PHRASES,
  voterCard: VOTER_CARD_PHRASES,
  candidateList: [
    'danh sach ung cu',
    'danh sach nguoi ung cu',
    'danh sach chinh thuc',
    'danh sach ung cu vien',
    'candidate list',
    'list of candidates',
  ],
};

/** A matcher of a table's phrases, each naming its key. */
const matcherOf = <K extends string>(table: Record<K, readonly string[]>): PhraseMatcher<K> =>
  createPhraseMatcher(
    (Object.keys(table) as K[]).flatMap((key) => table[key].map((phrase) => ({ phrase, value: key }))),
  );
const findKinds = matcherOf(KIND_PHRASES);
const findSenses = matcherOf(SENSE_PHRASES);

export interface QuestionCues {
  kinds: Set<QuestionKind>;
  senses: Set<Sense>;
}

/** Cues of a question given as folded words (stopwords kept: "what is" needs its "is"). */
export function readCues(words: readonly string[]): QuestionCues {
  const padded = ` ${words.join(' ')} `;
  const kinds = findKinds(words);
  const senses = findSenses(words);
  // "danh sách cử tri" is about the list, not about casting a vote; "người ứng cử" in a voter
  // question ("bầu cho người ứng cử") does not make it a candidacy question when a vote word is there
  if (senses.has('voterList') && !/ (di bau|bo phieu|la phieu|phieu bau|vote|ballot) /.test(padded))
    senses.delete('vote');
  if (senses.has('candidateList') && !/ (ung cu vien|tu ung cu|ho so ung cu|stand|candidacy) /.test(padded))
    senses.delete('stand');
  return { kinds, senses };
}

/** Kinds that name what the answer must contain: a date, a place, a number, an age, a penalty, people. */
export const SPECIFIC_KINDS: ReadonlySet<QuestionKind> = new Set(['who', 'when', 'where', 'howMany', 'age', 'penalty']);
