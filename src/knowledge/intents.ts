// Intents that must not be answered with the nearest FAQ entry: a complaint or denunciation
// in the making ("tôi muốn tố cáo…", "bị đe dọa", "mua phiếu"), the "where do I vote?"
// question (a flow, not a text), and questions from outside the election (weather, prices,
// football…). Patterns are matched on the normalised text, word by word: most folded, and those
// whose words fold to others' (reported wrongs, other bodies and votes, other senses) as typed,
// with the one matcher keywords and concepts use (phrase-matcher.ts).
import {
  analyzeText,
  canonicalReading,
  isNarrowedByNormalizing,
  normalizeVietnamese,
  toneKey,
  type AnalyzedText,
} from './normalize.js';
import {
  createPhraseMatcher,
  createTypedPhraseFinder,
  createTypedPhraseMatcher,
  typedPhrase,
  typedText,
  type PhraseMatch,
  type TypedPhrase,
  type TypedWords,
} from './phrase-matcher.js';

/** A citizen says they want to complain or denounce: the intake, whatever else the message asks. */
const WISH_PATTERNS = [
  'muon to cao',
  'muon khieu nai',
  'can to cao',
  'can khieu nai',
  'gui don to cao',
  'gui to cao',
  'nop don to cao',
  'lam don to cao',
  'muon phan anh',
  'can phan anh',
  'muon bao cao',
  'i want to report',
  'i want to complain',
  // what is filed, since "I want to file my candidacy" is no grievance
  'i want to file a complaint',
  'i want to file a denunciation',
  'i want to file a petition',
  'i want to file a report',
  'want to denounce',
  'report someone',
  'who should i report',
  'where do i report',
  'where can i report',
];

/** Whether one needs to complain is asked, not wished ("Đại biểu có cần phản ánh trung thực ý kiến cử tri không?"). */
const ASKED_NEEDS = ['có cần tố cáo', 'có cần khiếu nại', 'có cần phản ánh'];

/**
 * Wishes matched on every word typed: read as canonicalWords reads them, "report this to" would
 * be "report to", which is what deputies do ("Deputies must report to voters").
 */
const WISHES_AS_TYPED = ['report this', 'report it'];

/** A citizen reports what happened (to them, or where they live): the intake, unless it is only asked about. */
const REPORT_PATTERNS = [
  'tố cáo ông',
  'tố cáo bà',
  'tố cáo cán bộ',
  'tố cáo tổ bầu cử',
  'tố cáo trưởng',
  'tố cáo chủ tịch',
  'tố cáo việc',
  // threatened ("bị đe dọa", "có người dọa nếu không bầu cho ông ấy thì…")
  'dọa',
  // "ép" (to force) alone: "bị ép", "ép tôi bầu", "ép cả nhà tôi", "ép cử tri"
  'ép',
  'bắt tôi bầu',
  'bắt phải bầu',
  'bị bắt bầu',
  // told whom to vote for ("cán bộ thôn đến nhà bảo phải bầu cho ông B")
  'bảo phải bầu',
  'bảo tôi bầu',
  'bảo tôi phải bầu',
  'dặn phải bầu',
  'bị đàn áp',
  'trù dập tôi',
  'bị đánh',
  'thu thẻ cử tri',
  'thu gom thẻ cử tri',
  'mua phiếu',
  'mua chuộc',
  'hối lộ',
  'cho tiền',
  'đưa tiền',
  'phát tiền',
  'nhận tiền',
  'tặng quà để bầu',
  'bầu hộ cả xóm',
  'gian lận',
  'gian phiếu',
  'đánh tráo',
  'sửa phiếu',
  'nhồi phiếu',
  'threatened',
  'threatening',
  'intimidated',
  'intimidation',
  'bribe',
  'bribed',
  'vote buying',
  'buying votes',
  'bought votes',
  'paid me',
  'pay me to vote',
  'fraud',
  'rigged',
  'stuffing',
  'forced me',
  // the citizen's own ("How do I file a complaint?"), not the rule ("Within how many days may a
  // citizen file a complaint about the voter list?")
  'file a complaint',
  'make a complaint',
  'formal complaint',
  'lodge a complaint',
];

/**
 * Wrongs that are also what a citizen asks about ("Tôi có được bỏ phiếu thay mẹ không?"): a
 * report only when the citizen says they saw it ("Tôi phát hiện cán bộ tổ bầu cử tự ý bỏ phiếu
 * thay cho nhiều người").
 */
const WITNESSED_WRONGS = [
  'bỏ phiếu thay',
  'bỏ phiếu hộ',
  'bầu thay',
  'bầu hộ',
  'gạch phiếu thay',
  'gạch phiếu hộ',
  'gạch hộ',
  'viết phiếu hộ',
  'điền phiếu hộ',
  'voted for others',
  'voting for others',
  'voted on behalf',
  'voting on behalf',
  'filled in ballots',
  'filling in ballots',
];
/** How a citizen says they saw it. Bare "thấy" only with diacritics: folded, it is "thay" (instead). */
const WITNESS_VERBS = [
  'phát hiện',
  'chứng kiến',
  'nhìn thấy',
  'trông thấy',
  'bắt gặp',
  'tận mắt',
  'saw',
  'witnessed',
  'noticed',
  'caught',
];
const WITNESS_VERBS_ACCENTED = ['thấy'];

/** Writing or sending a petition: with a complaint word, in the citizen's own account, a complaint in the making. */
const PETITION_PATTERNS = [
  'lam don',
  'viet don',
  'gui don',
  'nop don',
  'dua don',
  'i am filing',
  "i'm filing",
  'i already filed',
  'i filed my',
  'i have filed',
];
/** What the petition is: a complaint, a denunciation or a grievance. */
const GRIEVANCE_WORDS = ['khieu nai', 'to cao', 'phan anh', 'complaint', 'complaints', 'denunciation', 'grievance'];

/** Words that make a report the citizen's own ("ở xóm tôi", "they paid me"), folded. */
const FIRST_PERSON = new Set(['toi', 'tui', 'minh', 'em', 'i', 'me', 'my', 'we', 'our', 'us']);
/** Accented words that fold like a first-person word but are not one ("phạm tội", "mình" is kept). */
const NOT_FIRST_PERSON = new Set(['tội', 'tới', 'tối', 'tỏi', 'mẹ', 'mê', 'mệ', 'ẻm']);
/** Folded words before which an unaccented "toi" means "tội" (crime), not "tôi". */
const CRIME_BEFORE = new Set(['pham', 'tu', 'co', 'buoc']);

const POLLING_PATTERNS = [
  'bo phieu o dau',
  'bau o dau',
  'bau cu o dau',
  'di bau o dau',
  'diem bo phieu',
  'diem bau cu',
  'dia diem bo phieu',
  'dia diem bau cu',
  'noi bo phieu cua',
  'cho bo phieu',
  'phong bo phieu o dau',
  'khu vuc bo phieu cua toi',
  'khu vuc bo phieu o dau',
  'bo phieu tai dau',
  'di bau cho nao',
  'bau cho nao',
  'bo phieu cho nao',
  'where do i vote',
  'where to vote',
  'where can i vote',
  'where should i vote',
  'polling station',
  'polling place',
  'where is my polling',
  'where is the polling',
];

/**
 * Topics the bot declines: it must not answer them with the nearest election entry. Content
 * words of other domains (shares, driving licences, insurance, salaries, land, civil status…)
 * decline a question that names nothing of the election.
 */
const OUT_OF_SCOPE_PATTERNS = [
  'thoi tiet',
  'mua bao',
  'troi mua',
  'nang nong',
  'du bao',
  'gia vang',
  'gia xang',
  'gia dien',
  'gia ca',
  'gia lua',
  'gia heo',
  'gia lon',
  'gia rau',
  'gia dat',
  'ty gia',
  'chung khoan',
  'co phieu',
  'bitcoin',
  'tien ao',
  'bong da',
  'da bong',
  'ty so',
  'world cup',
  'ngoai hang',
  'cau thu',
  'xo so',
  'lo de',
  'ket qua xs',
  'so de',
  'danh de',
  'cong thuc nau',
  'nau an',
  'mon an',
  'quan an',
  'phim',
  'ca si',
  'bai hat',
  'game',
  'tro choi',
  'benh vien gan nhat',
  'xe buyt',
  've may bay',
  've tau',
  'dat phong',
  'khach san',
  'tinh yeu',
  'nguoi yeu',
  'crush',
  'hoc tieng anh',
  'lam bai tap',
  'giai toan',
  'tu vi',
  'phong thuy',
  'cung hoang dao',
  'boi bai',
  'lai suat',
  'troi co mua',
  'hom nay troi',
  'cap lai can cuoc',
  'lam can cuoc',
  'doi can cuoc',
  'ket hon',
  'ly hon',
  'khai sinh',
  'hoc phi',
  'so do',
  'bao hiem',
  'nop thue',
  'ho chieu',
  'co phan',
  'trai phieu',
  'von dieu le',
  'doanh nghiep',
  'thanh lap cong ty',
  'giay phep lai xe',
  'bang lai',
  'lai xe',
  'dang kiem',
  'tien luong',
  'muc luong',
  'luong co so',
  'tang luong',
  'luong huu',
  'tro cap',
  'thai san',
  'hop dong lao dong',
  'nghi viec',
  'sa thai',
  'tham o',
  'tham nhung',
  'lua dao',
  'chiem doat',
  'hoi lo',
  'kinh phi xay dung',
  // a tenant's and a worker's grievances ("tiền cọc", "nợ lương")
  'tien coc',
  'dat coc',
  'lan sang',
  'lan dat',
  'no luong',
  'giu luong',
  'tra luong',
  'landlord',
  // …and a household's utilities ("Nhà tui bị cúp điện hoài, muốn phản ánh thì gọi đâu?")
  'cup dien',
  'mat dien',
  'tien dien',
  'tien nuoc',
  'cup nuoc',
  'power outage',
  'electricity bill',
  'water bill',
  'nhap quoc tich',
  'thoi quoc tich',
  // exams and recruitment: their lists, results and complaints are posted and heard like the
  // election's ("Ai có quyền khiếu nại kết quả thi tuyển công chức?")
  'thi tuyen',
  'xet tuyen',
  'tuyen dung',
  'tuyen sinh',
  'trung tuyen',
  'ung tuyen',
  'ky thi',
  'diem thi',
  'thi tot nghiep',
  // …and the lists of social support ("Danh sách hộ nghèo được niêm yết ở đâu?")
  'ho ngheo',
  'can ngheo',
  // …and schools' lists, commendations and grants ("Danh sách học sinh được khen thưởng
  // niêm yết ở đâu?", "Học bổng năm nay xét theo tiêu chuẩn gì?")
  'hoc bong',
  'khen thuong',
  'thi dua',
  // the office once held: a deputy's pay, allowances and other posts are not the election
  'phu cap',
  'hoat dong phi',
  'thu lao',
  'huong luong',
  'bang luong',
  'he so luong',
  'kiem nhiem',
  // …and the councils' own business once elected: their budgets ("dự toán ngân sách") are
  // public finance
  'ngan sach',
  'lich su quoc hoi',
  'ket nap dang',
  'ket nap doan',
  'dat dai',
  'thu hoi dat',
  'tranh chap dat',
  'lan chiem',
  'quyen su dung dat',
  'so hong',
  'chuyen nhuong',
  'thua ke',
  'di chuc',
  'boi thuong giai phong',
  'giay phep xay dung',
  'thue thu nhap',
  'hoa don',
  // ordinary offences a citizen may denounce, as fraud above: not the election's
  'bao luc gia dinh',
  'danh vo',
  'danh dap',
  'hanh hung',
  'trom cap',
  'an trom',
  'vi pham giao thong',
  'nong do con',
  'tai nan',
  'weather',
  'rain',
  'football',
  'soccer',
  'match',
  'lottery',
  'price',
  'gold price',
  'stock',
  'shares',
  'crypto',
  'recipe',
  'movie',
  'restaurant',
  'hotel',
  'flight',
  'horoscope',
  'joke',
  'driving licence',
  'driving license',
  'insurance',
  'salary',
  'wage',
  'pension',
  'land use',
  'tax',
  'divorce',
  'marriage',
  'marry',
  'wedding',
  'passport',
  'visa',
  'work permit',
  'job application',
  'job interview',
  'recruitment',
  'entrance exam',
  'exam results',
  'scholarship',
  'scholarships',
  // as "tham ô", "tham nhũng", "lừa đảo" above
  'allowance',
  'allowances',
  'remuneration',
  'earn',
  'earns',
  'budget',
  'budgets',
  'domestic violence',
  'assault',
  'theft',
  'embezzlement',
  'embezzled',
  'corruption',
  'bribe',
  'bribes',
  'bribery',
  'scam',
  'scammed',
  'fraud',
];

/** …and those that are one only as typed with diacritics: folded, "lương" (pay) is also "lượng" ("số lượng đại biểu") */
const OUT_OF_SCOPE_ACCENTED = ['lương'];
/**
 * …and the bodies' sittings and standing bodies ("Kỳ họp Quốc hội diễn ra mấy lần một năm?", "Can
 * citizens attend People's Council sessions?", "Thường trực HĐND xã gồm những ai?"), unless a deputy
 * is named: attending sittings is one of the deputies' duties, and a deputy leaves office by the
 * Standing Committee's decision between sessions, which entries answer ("Đại biểu có bắt buộc dự
 * đầy đủ các kỳ họp không?", "Ủy ban thường vụ Quốc hội có quyền cho đại biểu thôi làm nhiệm vụ
 * không?"). Not "chất vấn": questioning ministers is a deputy's right too.
 */
const BODIES_OWN_PATTERNS = [
  'thường trực hội đồng nhân dân',
  'thường vụ',
  'standing committee',
  'kỳ họp',
  'kì họp',
  'phiên họp',
  // in English with the body: a session alone may be a chat's or a training's
  'assembly session',
  'assembly sessions',
  'council session',
  'council sessions',
  'session of the national assembly',
  'sessions of the national assembly',
  "session of the people's council",
  "sessions of the people's council",
  'assembly meet',
  'assembly meets',
  'council meet',
  'council meets',
  'councils meet',
];
const DEPUTY_PATTERNS = ['đại biểu', 'deputy', 'deputies', 'delegate', 'delegates'];

/**
 * Elections of other bodies (a company board, a trade union, a party cell, a cooperative): they
 * use the words of elections, so they are declined even when "bầu" is said. A person's post
 * (village head, principal) is not here: a village head delivering voter cards or a principal
 * asking to stand is the election's; only a vote for the post is another's (below).
 */
const OTHER_BODIES_PATTERNS = [
  'hội đồng quản trị',
  'đại hội cổ đông',
  'họp đại hội đồng cổ đông',
  'ban kiểm soát',
  'công đoàn',
  'chi bộ',
  'đại hội đảng',
  // the Party's own elections, named as such ("quy chế bầu cử trong Đảng")
  'bầu cử trong đảng',
  'bầu cử của đảng',
  'cấp ủy',
  'ban chấp hành',
  'đảng ủy',
  'chi ủy',
  'đại hội',
  'hợp tác xã',
  'ban cán sự',
  'đoàn thanh niên',
  'hội phụ nữ',
  'hội cựu chiến binh',
  'hội đồng trường',
  // a contest's or an award's vote ("bình chọn gia đình văn hóa", "Bầu chọn giải thưởng âm nhạc
  // như thế nào?"), not an election
  'bình chọn',
  'giải thưởng',
  'chủ tịch nước',
  'board of directors',
  'award',
  'awards',
  'prize',
  'prizes',
  // …and a contest's or a poll's ("How do I vote in Eurovision?", "a Facebook poll")
  'eurovision',
  'talent show',
  'song contest',
  'beauty contest',
  'beauty pageant',
  'hoa hậu',
  'hoa khôi',
  'cuộc thi',
  'opinion poll',
  'online poll',
  'facebook poll',
  // a company's way of electing its board; not "dồn phiếu", which a voter may ask of our ballot
  'cumulative voting',
  'shareholder',
  'shareholders',
  'general meeting',
  'trade union',
  'union election',
  'union elections',
  'youth union',
  'party congress',
  'party election',
  'party elections',
  'election within the party',
  'elections within the party',
  'party cell',
  'party committee',
  'cooperative',
  'class monitor',
  'student council',
  'student union',
  'students union',
  'school board',
  'homeowners',
  'homeowners association',
  'condominium',
];

/**
 * Another country's election, named by its voters, its election or its legislature ("cử tri Hàn
 * Quốc", "bầu cử Quốc hội Nhật Bản", "Japan's parliament", "French elections"): declined even when
 * it names a vote for the assembly, as our election's name would. Where the asker lives is not
 * enough ("Người Việt ở Hàn Quốc có được bầu cử không?" is a voter abroad's), so no form with "ở",
 * "tại" or "in" before a country but the United States'. Countries whose short name is also a
 * common word typed without diacritics ("Lào" / "lao động", "Pháp" / "pháp luật", "Anh", "Đức",
 * "Nhật" / "nhất") are named by a longer form.
 */
const FOREIGN_ELECTION_PATTERNS = ((): string[] => {
  const countriesVi = [
    ...['mỹ', 'hoa kỳ', 'nhật bản', 'hàn quốc', 'triều tiên', 'trung quốc', 'đài loan', 'thái lan'],
    ...['campuchia', 'nước lào', 'singapore', 'malaysia', 'indonesia', 'philippines', 'myanmar'],
    ...['ấn độ', 'nga', 'úc', 'canada', 'nước pháp', 'nước anh', 'anh quốc', 'nước đức', 'châu âu'],
  ];
  const countriesEn = [
    ...['japan', 'korea', 'china', 'taiwan', 'thailand', 'cambodia', 'laos', 'singapore', 'malaysia'],
    ...['indonesia', 'philippines', 'myanmar', 'india', 'russia', 'australia', 'canada', 'france'],
    ...['germany', 'britain', 'uk', 'the uk', 'europe', 'united states', 'the united states', 'america'],
    // "U.S." is read as two letters
    ...['u s', 'usa'],
  ];
  const peoplesEn = [
    ...['american', 'japanese', 'korean', 'chinese', 'taiwanese', 'thai', 'cambodian', 'lao'],
    ...['singaporean', 'malaysian', 'indonesian', 'philippine', 'indian', 'russian', 'australian'],
    ...['canadian', 'french', 'german', 'british', 'european'],
  ];
  return [
    // Vietnam's is the National Assembly with deputies, never a parliament of senators or members
    // ("parliament" alone is not here: the foreign press calls ours one)
    ...['nghị viện', 'thượng viện', 'nghị sĩ'],
    // offices and ways of electing that no Vietnamese election has; and the United States' vote,
    // the one most asked of, also as "bầu cử ở Mỹ"
    ...[
      'tổng thống',
      'đại cử tri',
      'mỹ bầu cử',
      'bầu cử ở mỹ',
      'president of the united states',
      'us election',
      'us elections',
      'presidential election',
      'presidential elections',
      'electoral college',
      'electoral vote',
      'electoral votes',
      'state by state',
      'primary election',
      'primaries',
      'caucus',
      'senate',
      'senator',
      'congressional',
      'midterm',
      'midterms',
      'ballot measure',
      'ballot measures',
    ],
    ...countriesVi.flatMap((country) => [`bầu cử ${country}`, `cử tri ${country}`, `quốc hội ${country}`]),
    ...countriesEn.flatMap((country) => [
      `${country} election`,
      `${country} elections`,
      `${country} parliament`,
      `${country} s parliament`,
      `election in ${country}`,
      `elections in ${country}`,
    ]),
    ...peoplesEn.flatMap((people) => [
      `${people} election`,
      `${people} elections`,
      `${people} voter`,
      `${people} voters`,
      `${people} parliament`,
    ]),
  ];
})();

/**
 * A Party member's vote or standing is the Party's election ("Đảng viên dự bị có được bỏ phiếu
 * không?"), but not when the member stands for deputy or the question is about our candidates
 * ("Người ứng cử có phải là đảng viên không?"), nor when they nominate themselves ("Đảng viên có
 * được tự ứng cử không?"): a Party congress that takes self-nominations is named (OTHER_BODIES_PATTERNS);
 * nor when they go to the polls as voters ("Đảng viên có phải đi bầu không?"): a Party congress
 * has delegates, not voters.
 */
const PARTY_MEMBER_PATTERNS = ['đảng viên'];
const OUR_CANDIDATES_OR_VOTERS_PATTERNS = [
  'tự ứng cử',
  'người ứng cử',
  'ứng cử viên',
  'ứng viên',
  'đại biểu quốc hội',
  'đại biểu hội đồng nhân dân',
  'đi bầu',
  'cử tri',
];

/**
 * A vote for a post that no deputy holds ("bầu trưởng thôn", "bầu cử Tổng thống", "elect the
 * village head"): another body's election, whichever body. The posts are the heads of titles, so
 * a village by another name ("trưởng ấp", "trưởng xóm") or another board needs no entry in the
 * list above. Election officials' posts ("trưởng ban bầu cử", "tổ trưởng") are left out, and so is
 * "bí thư" (a party secretary): typed without diacritics it is also "bị thu" ("phieu bau bi thu
 * lai"), and a party secretary's election names the party cell or committee, which the list above
 * declines.
 */
const POST_VOTE_VERBS = [
  'bầu',
  'bầu cử',
  'bầu ra',
  'bầu làm',
  'được bầu làm',
  'ứng cử',
  'tranh cử',
  'elect',
  'election',
  'elections',
  'elects',
  'elected',
  'electing',
  // "run for", "vote for": "for" is a stopword, gone once normalised
  'run',
  'vote',
  'voting',
];
/** …or the post first ("trưởng thôn được bầu theo quy trình nào?", "How is the mayor elected?") */
const POST_PASSIVES = ['được bầu', 'do ai bầu', 'elected'];
/** words that may stand between the verb and the post ("bầu lại trưởng thôn", "elect the mayor") */
const POST_FILLERS = ['lại', 'chức', 'chức danh', 'the', 'new', 'our'];
const OTHER_POSTS = [
  'trưởng thôn',
  'trưởng ấp',
  'trưởng buôn',
  'trưởng xóm',
  'trưởng khu phố',
  'tổ trưởng tổ dân phố',
  'lớp trưởng',
  'hiệu trưởng',
  'chủ tịch',
  'phó chủ tịch',
  'giám đốc',
  'thủ tướng',
  'thị trưởng',
  'chủ nhiệm',
  'ban quản trị',
  'ban thanh tra',
  'village head',
  'village heads',
  'hamlet head',
  'hamlet chief',
  'head',
  'heads',
  'chairman',
  'chairperson',
  'chair',
  'president',
  'secretary',
  'principal',
  'mayor',
  'prime minister',
  'governor',
  'director',
];

/**
 * Words a question about the election uses, but so do other domains': a denunciation of
 * embezzlement names "tố cáo" and "cán bộ", and is not the election's for that; a list of poor
 * households or a price is posted ("niêm yết") like the voter list.
 */
const SHARED_ELECTION_PATTERNS = [
  'khiếu nại',
  'tố cáo',
  'cán bộ',
  'niêm yết',
  'đường dây nóng',
  'hotline',
  'complaint',
];

/**
 * The bodies alone. Named with another domain's topic ("Đại biểu Quốc hội được bao nhiêu tiền
 * lương?", "Quốc hội thông qua luật đất đai chưa?"), they ask about the office or its work, not
 * the election…
 */
const BODY_PATTERNS = ['đại biểu', 'quốc hội', 'hội đồng nhân dân', 'deputy', 'deputies', 'council', 'assembly'];
/** …unless the question is about becoming one ("Chủ doanh nghiệp có được làm đại biểu không?"). */
const BECOMING_ONE_PATTERNS = [
  'làm đại biểu',
  'trở thành đại biểu',
  'become a deputy',
  'run for the national assembly',
  "run for the people's council",
  'stand for the national assembly',
  "stand for the people's council",
];

/** What every vote has, a referendum too: voters, ballots, casting and counting them. */
const BALLOT_PATTERNS = [
  'phiếu',
  'cử tri',
  'kiểm phiếu',
  'vote',
  'votes',
  'voted',
  'voter',
  'voters',
  'voting',
  'ballot',
  'ballots',
  'polling',
  'polls',
  'turnout',
];

/** Phrases that make a question an election question even when no entry matches well. */
const ELECTION_PATTERNS = [
  ...SHARED_ELECTION_PATTERNS,
  ...BODY_PATTERNS,
  ...BALLOT_PATTERNS,
  'bầu',
  'ứng cử',
  'ứng viên',
  'hiệp thương',
  'trúng cử',
  'vận động',
  'chatbot',
  'election',
  'elections',
  'elect',
  'elected',
  'electoral',
  'electorate',
  'constituency',
  'constituencies',
  'candidate',
  'candidates',
  'candidacy',
  // standing, said as English speakers say it ("Can civil servants run for office?")
  'run for office',
  'running for office',
  'stand for election',
  'standing for election',
  // "hiệp thương" in English
  'consultative conference',
  'consultative conferences',
  'nomination',
  'nominate',
  'nominated',
  'campaign',
  'campaigning',
  // marking the ballot, asked without naming it ("gạch hết thì sao?", "can I cross out everyone?")
  'gạch tên',
  'gạch hết',
  'gạch ngang',
  'gạch chéo',
  'gạch bỏ',
  'cross out',
  'crossed out',
  'cross off',
  'strike out',
  'struck out',
];

/**
 * Questions about this service itself ("Bạn là ai?", "Bot này làm được gì?"): they name nothing
 * of the election, yet the bot's own entries answer them. Matched on the folded words with the
 * particles kept ("bot", "giúp", "bạn" are no search words), as whole phrases: "bot ơi" alone
 * only addresses the bot, it asks nothing about it.
 */
const SERVICE_PHRASES = [
  'ban la ai',
  'ban giup duoc gi',
  'ban giup gi',
  'ban lam duoc gi',
  'ban co the giup',
  'ban ho tro',
  'bot nay',
  'bot lam duoc gi',
  'bot giup duoc gi',
  'bot co the',
  'chatbot',
  'ung dung nay',
  'huong dan su dung',
  'cach su dung',
  'who are you',
  'what can you',
  'how can you help',
  'how do i use',
  'this bot',
  'this chatbot',
  'the bot',
];

export const asksAboutTheService = (allFolded: readonly string[]): boolean => containsAny(allFolded, SERVICE_PHRASES);

/**
 * Every word the patterns name, folded: the spelling corrector knows them, so another domain's
 * word is read as typed, not "corrected" into the election's ("award" into "ward", and "How are
 * award winners voted?" answered with who wins a seat).
 */
const patternWords = new Set<string>();
export const intentVocabulary = (): ReadonlySet<string> => patternWords;

/**
 * Patterns are written as people type them and normalised once, like the questions. One the
 * normaliser narrows fails here: the word left matches far more than the phrase ("chào bạn"
 * became "bạn" and declined "Bạn là ai?").
 */
function normalizedPattern(pattern: string): string {
  if (isNarrowedByNormalizing(pattern))
    throw new Error(
      `intent pattern "${pattern}" folds to "${normalizeVietnamese(pattern)}": name it by words that stay`,
    );
  const normalized = normalizeVietnamese(pattern);
  for (const word of normalized.split(' ')) patternWords.add(word);
  return normalized;
}
const normalizedPatterns = (patterns: readonly string[]) => patterns.map(normalizedPattern);

/** The question as the patterns are found in it: its canonical words, folded and as typed. */
export const intentWords = (analyzed: AnalyzedText): TypedWords =>
  typedText(...canonicalReading(analyzed.folded, analyzed.accented));

/**
 * Reported wrongs and other bodies' names are found as the citizen typed them (phrase-matcher.ts):
 * folded, "phạt tiền" (a fine) reads as "phát tiền" (handing out money), "chỉ bỏ phiếu" (only cast
 * a ballot) as "chi bộ" (a party cell) and "bị thu" (taken back) as "bí thư" (a party secretary).
 * Those in `withDiacriticsOnly` count only typed with theirs ("thấy", saw, is "thay", to replace).
 */
function typedPatterns(
  patterns: readonly string[],
  withDiacriticsOnly: readonly string[] = [],
): (question: TypedWords) => boolean {
  const phraseOf = (pattern: string, onlyWithDiacritics: boolean): TypedPhrase<true> => {
    normalizedPattern(pattern);
    const { folded, accented } = analyzeText(pattern);
    return { words: typedPhrase(...canonicalReading(folded, accented)), value: true, onlyWithDiacritics };
  };
  const named = createTypedPhraseMatcher([
    ...patterns.map((pattern) => phraseOf(pattern, false)),
    ...withDiacriticsOnly.map((pattern) => phraseOf(pattern, true)),
  ]);
  return (question) => named(question).size > 0;
}
// the longest phrase at a word counts: "có cần phản ánh" hides the wish "cần phản ánh" it holds
const wishes = createPhraseMatcher(
  [
    ...normalizedPatterns(WISH_PATTERNS).map((phrase) => ({ phrase, value: true })),
    ...normalizedPatterns(ASKED_NEEDS).map((phrase) => ({ phrase, value: false })),
  ],
  { longest: true },
);
const reports = typedPatterns(REPORT_PATTERNS);
const witnessedWrongs = typedPatterns(WITNESSED_WRONGS);
const witnesses = typedPatterns(WITNESS_VERBS, WITNESS_VERBS_ACCENTED);
const petitions = normalizedPatterns(PETITION_PATTERNS);
const grievances = normalizedPatterns(GRIEVANCE_WORDS);
const polling = normalizedPatterns(POLLING_PATTERNS);
const outOfScope = normalizedPatterns(OUT_OF_SCOPE_PATTERNS);
const outOfScopeTyped = typedPatterns([], OUT_OF_SCOPE_ACCENTED);
const bodiesOwn = normalizedPatterns(BODIES_OWN_PATTERNS);
const deputies = normalizedPatterns(DEPUTY_PATTERNS);
const otherBodies = typedPatterns(OTHER_BODIES_PATTERNS);
const foreignElections = typedPatterns(FOREIGN_ELECTION_PATTERNS);
const partyMembers = typedPatterns(PARTY_MEMBER_PATTERNS);
const ourCandidatesOrVoters = typedPatterns(OUR_CANDIDATES_OR_VOTERS_PATTERNS);
// a verb, perhaps a filler, then the post; or the post, then a passive
const otherPostVote = typedPatterns([
  ...POST_VOTE_VERBS.flatMap((verb) =>
    ['', ...POST_FILLERS].flatMap((filler) =>
      OTHER_POSTS.map((post) => [verb, filler, post].filter(Boolean).join(' ')),
    ),
  ),
  ...OTHER_POSTS.flatMap((post) => POST_PASSIVES.map((passive) => `${post} ${passive}`)),
]);
const election = normalizedPatterns(ELECTION_PATTERNS);
/** the election's own words, not another domain's too, nor the bodies' names alone (see BODY_PATTERNS) */
const ELECTION_OWN_PATTERNS = [
  ...ELECTION_PATTERNS.filter(
    (pattern) => !SHARED_ELECTION_PATTERNS.includes(pattern) && !BODY_PATTERNS.includes(pattern),
  ),
  ...BECOMING_ONE_PATTERNS,
];
const electionOwn = normalizedPatterns(ELECTION_OWN_PATTERNS);
/** the election's own words and its bodies' names (which becoming one also holds), not the words every grievance uses */
const electionProper = normalizedPatterns(
  ELECTION_PATTERNS.filter((pattern) => !SHARED_ELECTION_PATTERNS.includes(pattern)),
);
/** the election named by something other than the grievance itself ("khiếu nại" alone may be about work) */
const electionBesidesGrievance = election.filter((pattern) => !grievances.includes(pattern));

/** each folded pattern list's matcher, built when first used */
const matchers = new WeakMap<readonly string[], (words: readonly string[]) => Set<true>>();
function containsAny(words: readonly string[], patterns: readonly string[]): boolean {
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = createPhraseMatcher(patterns.map((phrase) => ({ phrase, value: true as const })));
    matchers.set(patterns, matcher);
  }
  return matcher(words).size > 0;
}

/**
 * A complaint or denunciation in the making. A wish to file one always is, and so is a petition
 * about the election the citizen says they are writing or sending; a reported wrong is
 * when the citizen tells it as theirs or does not ask anything ("ở thôn tôi có người mua phiếu",
 * "cán bộ xã ép tôi bầu"), but not when it is a question about the rule ("Mua chuộc cử tri
 * phạm tội gì?", "cho tiền để bầu thì bị xử lý thế nào?"), even told with "mình" ("mua chuộc
 * cử tri để bầu cho mình thì có bị phạt không?"): that gets the answer.
 */
export function detectComplaintIntent(
  question: TypedWords,
  words: Pick<AnalyzedText, 'allFolded' | 'allAccented'>,
  asked: { isQuestion: boolean; asksPenalty: boolean },
): boolean {
  const normalized = question.folded;
  if (wishes(normalized).has(true) || containsAny(words.allFolded, WISHES_AS_TYPED)) return true;
  // "tôi làm đơn gửi Ủy ban bầu cử … trình bày các khiếu nại sau", "I am filing a petition … complaints";
  // a petition about work or land is another domain's
  if (
    containsAny(normalized, petitions) &&
    containsAny(normalized, grievances) &&
    containsAny(normalized, electionBesidesGrievance) &&
    isOwnAccount(words)
  )
    return true;
  const reported = reports(question) || (witnessedWrongs(question) && witnesses(question));
  return reported && !asked.asksPenalty && (isOwnAccount(words) || !asked.isQuestion);
}

/** The citizen speaks of themselves or their own ("tôi", "mình", "my"), not of a crime ("tội"). */
function isOwnAccount({ allFolded, allAccented }: Pick<AnalyzedText, 'allFolded' | 'allAccented'>): boolean {
  return allFolded.some((word, index) => {
    if (!FIRST_PERSON.has(word) || NOT_FIRST_PERSON.has(allAccented[index] ?? '')) return false;
    // typed without diacritics, "pham toi" is a crime
    return !(word === 'toi' && allAccented[index] === 'toi' && CRIME_BEFORE.has(allFolded[index - 1] ?? ''));
  });
}
/** Words a "where do I vote?" question may carry besides the pattern itself. */
const MAX_OTHER_WORDS = 1;
/** Politeness and filler that do not change a "where do I vote?" question. */
const FILLER = new Set([
  'cho',
  'hoi',
  'vay',
  'the',
  'nao',
  'la',
  'thi',
  'nhi',
  'ban',
  'oi',
  'can',
  'di',
  'please',
  'tell',
  'me',
  'should',
]);

/**
 * "Where do I vote?" and little else: "sinh viên ở ký túc xá đi bầu ở đâu" is a question about
 * students that the FAQ answers, not a request for the list of polling places.
 */
export function detectPollingIntent(normalized: string): boolean {
  const padded = ` ${normalized} `;
  const pattern = polling.find((candidate) => padded.includes(` ${candidate} `));
  if (pattern === undefined) return false;
  const others = padded
    .replace(` ${pattern} `, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0 && !FILLER.has(word));
  return others.length <= MAX_OTHER_WORDS;
}
/**
 * Other senses of the election's words: "trái phiếu" (a bond) and "cổ phiếu" (a share) hold
 * "phiếu", "bầu trời" (the sky) holds "bầu". They are cut out before the election's words are
 * looked for: "Hồ sơ chào bán cổ phiếu gồm những gì?" was answered with the candidacy file.
 */
const OTHER_SENSES = [
  'trái phiếu',
  'hối phiếu',
  'phiếu lý lịch tư pháp',
  'phiếu xuất kho',
  'phiếu nhập kho',
  'phiếu điều tra',
  'phiếu khảo sát',
  // a pregnant woman ("Bà bầu nên ăn gì?"); "có bầu" is also "is there an election"
  'bà bầu',
  'mang bầu',
  'hiệp thương giá',
  'marketing campaign',
  'advertising campaign',
  'vaccination campaign',
  'job candidate',
  'job candidates',
  'ứng viên xin việc',
  'ứng viên tuyển dụng',
  'ứng viên học bổng',
  // exercise, an athlete, and raising money for a cause: "vận động" is also campaigning
  'vận động thể dục',
  'vận động thể thao',
  'tập vận động',
  'vận động viên',
  'vận động quyên góp',
  'vận động từ thiện',
  'vận động tài trợ',
  'bầu trời',
  'bầu không khí',
];
/** …and those that are one only as typed with diacritics: "co phieu" is also "có phiếu" (to have a ballot) */
const OTHER_SENSES_ACCENTED = ['cổ phiếu', 'tín phiếu', 'kỳ phiếu'];
for (const sense of [...OTHER_SENSES, ...OTHER_SENSES_ACCENTED])
  for (const word of analyzeText(sense).allFolded) patternWords.add(word);

/** The senses found as typed in a text's words read one way (`read`: without stopwords, or all of them). */
function sensesIn(
  read: (analyzed: AnalyzedText) => [readonly string[], readonly string[]],
): (analyzed: AnalyzedText) => Set<number> {
  const phraseOf = (sense: string, onlyWithDiacritics: boolean): TypedPhrase<true> => ({
    words: typedPhrase(...read(analyzeText(sense))),
    value: true,
    onlyWithDiacritics,
  });
  const find = createTypedPhraseFinder([
    ...OTHER_SENSES.map((sense) => phraseOf(sense, false)),
    ...OTHER_SENSES_ACCENTED.map((sense) => phraseOf(sense, true)),
  ]);
  return (analyzed) => coveredPositions(find(typedText(...read(analyzed))));
}
const coveredPositions = (matches: readonly PhraseMatch<true>[]): Set<number> =>
  new Set(matches.flatMap(({ start, length }) => Array.from({ length }, (_, offset) => start + offset)));
/** each sense as the question's words are kept: without stopwords (for the search), and with them (for its cues) */
const sensesInWords = sensesIn(({ folded, accented }) => [folded, accented]);
const sensesInAllWords = sensesIn(({ allFolded, allAccented }) => [allFolded, allAccented]);

/**
 * The question without the other senses of the election's words, each found as typed: the
 * election's words are looked for in it, and the scope classifier reads it ("Hiệp thương giá
 * là gì?" asks about prices, not about the consultation of candidates).
 */
export function withoutOtherSenses(analyzed: AnalyzedText): AnalyzedText {
  const cut = sensesInWords(analyzed);
  const allCut = sensesInAllWords(analyzed);
  if (cut.size === 0 && allCut.size === 0) return analyzed;
  const kept =
    (positions: ReadonlySet<number>) =>
    (_: string, index: number): boolean =>
      !positions.has(index);
  return {
    accented: analyzed.accented.filter(kept(cut)),
    folded: analyzed.folded.filter(kept(cut)),
    allAccented: analyzed.allAccented.filter(kept(allCut)),
    allFolded: analyzed.allFolded.filter(kept(allCut)),
  };
}

/**
 * Another domain's topic (in the question's words, some only as typed: OUT_OF_SCOPE_ACCENTED; or
 * the bodies' sittings and standing bodies, BODIES_OWN_PATTERNS) named without a word of the
 * election's own (in `reading`, the question's canonical words without the other senses of those
 * words: withoutOtherSenses): "tố cáo lừa đảo" or "tố cáo cán bộ xã tham ô" is a denunciation, but not
 * one about the election; "Lương đại biểu Quốc hội là bao nhiêu?" asks about the office, not about
 * electing one.
 */
export function mentionsOtherTopic(question: TypedWords, reading: readonly string[]): boolean {
  const normalized = question.folded;
  const named =
    containsAny(normalized, outOfScope) ||
    outOfScopeTyped(question) ||
    (containsAny(normalized, bodiesOwn) && !containsAny(normalized, deputies));
  return named && !containsAny(reading, electionOwn);
}
/**
 * Voters consulted on merging communes or provinces, or on amending the Constitution: not the
 * election, though named with its words ("cử tri", "phiếu"), which therefore do not keep it in
 * ("Lấy ý kiến cử tri về việc sáp nhập xã được tổ chức như thế nào?" is not the vetting of a
 * candidate where they live). A consultation is named by asking opinions together with what they
 * are asked on, and about no candidate (voters where a candidate lives are asked about them, in a
 * merged commune too). So is what the law on referendums provides, though it speaks of voter lists
 * and ballots too.
 */
const REFERENDUM_LAW_PATTERNS = ['luật trưng cầu ý dân', 'law on referendum', 'law on referendums', 'referendum law'];
/**
 * A referendum named with nothing of the election but what the two votes share (BALLOT_PATTERNS)
 * is asked of the referendum: "Ai được bỏ phiếu trưng cầu ý dân?", "Who can vote in a referendum?".
 * Named beside the election's own words, it is asked with it ("quyền bầu cử và quyền biểu quyết
 * khi trưng cầu ý dân").
 */
const REFERENDUM_PATTERNS = ['trưng cầu ý dân', 'referendum', 'referendums'];
/**
 * The confidence votes an Assembly or a council holds on those it elected: "tín nhiệm" alone is
 * the election's (a voter strikes the names of those they do not trust), and "do HĐND bầu" names
 * the council's election of its officers, not the citizens' vote
 */
const CONFIDENCE_VOTE_PATTERNS = [
  // "lấy phiếu tín nhiệm", "bỏ phiếu tín nhiệm"
  'phiếu tín nhiệm',
  'vote of confidence',
  'votes of confidence',
  'confidence vote',
  'confidence votes',
];
const CONSULTING_PATTERNS = ['lấy ý kiến', 'góp ý', 'consult', 'consulted', 'consultation', 'opinion', 'opinions'];
/** agreeing is how a consultation on a merger is counted ("tỷ lệ cử tri đồng ý sáp nhập") */
const AGREEING_PATTERNS = ['đồng ý', 'tán thành'];
const MERGER_PATTERNS = ['sáp nhập', 'sắp xếp', 'chia tách', 'merger', 'merging', 'merge'];
const CONSTITUTION_PATTERNS = ['hiến pháp', 'constitution', 'constitutional'];
const CANDIDATE_PATTERNS = ['ứng cử', 'candidate', 'candidates'];
const referendumLaw = normalizedPatterns(REFERENDUM_LAW_PATTERNS);
const referendum = normalizedPatterns(REFERENDUM_PATTERNS);
const electionBeyondReferendum = normalizedPatterns(
  ELECTION_OWN_PATTERNS.filter((pattern) => !BALLOT_PATTERNS.includes(pattern)),
);
const confidenceVote = normalizedPatterns(CONFIDENCE_VOTE_PATTERNS);
const consulting = normalizedPatterns(CONSULTING_PATTERNS);
const consultingOrAgreeing = normalizedPatterns([...CONSULTING_PATTERNS, ...AGREEING_PATTERNS]);
const merger = normalizedPatterns(MERGER_PATTERNS);
const constitution = normalizedPatterns(CONSTITUTION_PATTERNS);
const candidate = normalizedPatterns(CANDIDATE_PATTERNS);

/**
 * Another vote than the election: another country's (see FOREIGN_ELECTION_PATTERNS, as typed), a
 * referendum's law or a referendum asked alone, a consultation of voters or a confidence vote.
 * Declined whatever words of the election it uses.
 */
export function mentionsOtherVote(question: TypedWords): boolean {
  const normalized = question.folded;
  return (
    foreignElections(question) ||
    containsAny(normalized, referendumLaw) ||
    (containsAny(normalized, referendum) && !containsAny(normalized, electionBeyondReferendum)) ||
    containsAny(normalized, confidenceVote) ||
    (!containsAny(normalized, candidate) &&
      ((containsAny(normalized, merger) && containsAny(normalized, consultingOrAgreeing)) ||
        (containsAny(normalized, constitution) && containsAny(normalized, consulting))))
  );
}
export function mentionsOtherBody(question: TypedWords): boolean {
  const read = castingRead(question);
  return otherBodies(read) || otherPostVote(read) || (partyMembers(read) && !ourCandidatesOrVoters(read));
}
const CAST = toneKey('bỏ');
/**
 * Typed without diacritics, "bo" before "phieu" is "bỏ" (to cast), before any body's name: "toi chi
 * bo phieu cho mot nguoi" casts ("chỉ bỏ"), it names no party cell ("chi bộ").
 */
function castingRead(question: TypedWords): TypedWords {
  const casts = (word: string, index: number) =>
    word === 'bo' && !question.typed[index] && question.folded[index + 1] === 'phieu';
  if (!question.folded.some(casts)) return question;
  return {
    ...question,
    typed: question.folded.map((word, index) => (casts(word, index) ? CAST : (question.typed[index] ?? ''))),
  };
}
/**
 * Names the election by its own words or its bodies ("tổ bầu cử", "người ứng cử", "đại biểu"),
 * in `reading`, not only by words every grievance uses ("khiếu nại", "tố cáo", "cán bộ"): a
 * complaint that does not ("Tôi muốn khiếu nại vì hàng xóm xây nhà che hết lối đi") may be about
 * anything.
 */
export const namesElectionProper = (reading: readonly string[]): boolean => containsAny(reading, electionProper);
/** Names something of the election, in `reading` (see mentionsOtherTopic). */
export const mentionsElection = (reading: readonly string[]): boolean => containsAny(reading, election);
