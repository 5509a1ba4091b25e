// Citizens type personal data into the chat as if it were a question ("số tôi 0912 345 678,
// CCCD 020190001234, nhà số 12 ngõ 34 phố Lê Lợi…"). Before such text is stored for officers to
// read (unanswered questions, votes), phone numbers, ID card numbers (CCCD 12 digits, CMND 9 or
// 12), e-mail addresses and street or hamlet addresses are replaced by a label in brackets. The
// question stays readable ("tôi ở [địa chỉ], [số điện thoại], có được bầu không?"); what is
// masked can never be recovered from what is stored.

export const MASKS = {
  phone: '[số điện thoại]',
  idNumber: '[số giấy tờ]',
  email: '[email]',
  address: '[địa chỉ]',
} as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Digits grouped with spaces, dots or dashes ("0912 345 678", "0912.345.678", "+84 912-345-678"), at least 9 digits in all. */
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[ .-]?\d){8,}(?![\p{L}\p{N}])/gu;

/** A Vietnamese phone number once separators are gone: 0 or 84 then 9 or 10 digits (mobiles 0[35789]…, landlines 02…). */
function isPhoneNumber(digits: string): boolean {
  return /^(?:0|84)\d{9,10}$/.test(digits);
}

/** A capitalised name of one to four words ("Lê Lợi", "Nà Lầu", "Trần Hưng Đạo"). */
const NAME = String.raw`\p{Lu}[\p{L}]*(?:[ \t]+\p{Lu}[\p{L}]*){0,3}`;
/** A house or lane number: 12, 12A, 12/3, 5B/2. */
const NUMBER = String.raw`\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)*`;
/**
 * Units below the commune: a place to find a person, not a locality. Typed without diacritics
 * only where the word cannot be an everyday one ("ban", "to", "pho", "so" can).
 */
const STREET = String.raw`(?:số nhà|so nha|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|đường|duong|phố|thôn|thon|xóm|xom|ấp|bản|khối|khoi|tổ dân phố|to dan pho|khu phố|khu pho|tổ|km)`;
/** Above the hamlet: kept alone (a commune is no one's address), masked when it continues an address. */
const AREA = String.raw`(?:xã|xa|phường|phuong|thị trấn|thi tran|huyện|huyen|quận|quan|thành phố|thanh pho|tp\.?|thị xã|thi xa|tỉnh|tinh)`;
/** A part that makes an address on its own: "ngõ 34", "phố Lê Lợi", "thôn Nà Lầu", "12 Lê Lợi". */
const STRONG = String.raw`(?:${STREET}[ \t]+(?:${NUMBER}|${NAME})|${NUMBER}[ \t]+${NAME})`;
/** "số 12" is an address only before a street ("số 12 ngõ 34"), not in "tổ bầu cử số 5". */
const HOUSE = String.raw`(?:số|so)[ \t]+${NUMBER}[ \t]*,?[ \t]*`;
const SEPARATOR = String.raw`[ \t]*[,-]?[ \t]*`;
/** Once an address has begun, a street may follow in lower case ("so 12 ngo 34 pho le loi"). */
const LOWER_STREET = String.raw`(?:phố|pho|đường|duong)[ \t]+\p{Ll}+(?:[ \t]+\p{Ll}+){0,2}`;
/** "Điều 9 Luật…", "khoản 2 Điều…" are articles of law, not house numbers. */
const NOT_LAW = String.raw`(?<!(?:[Đđ]iều|[Dd]ieu|[Kk]hoản|[Kk]hoan|[Cc]hương|[Cc]huong|[Mm]ục|[Mm]uc|[Đđ]iểm|[Dd]iem)[ \t]+)`;
/** One address: a strong part (after a house number, perhaps), then further parts or areas. */
const ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${NOT_LAW}(?:${HOUSE})?${STRONG}(?:${SEPARATOR}(?:${STRONG}|${LOWER_STREET}|${AREA}[ \t]+(?:${NUMBER}|${NAME})))*`,
  'gu',
);

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, MASKS.email)
    .replace(DIGIT_RUN, (run) => {
      const digits = run.replace(/\D/g, '');
      return isPhoneNumber(digits) ? MASKS.phone : MASKS.idNumber;
    })
    .replace(ADDRESS, (match) => {
      // "2021 Lạng Sơn", "số 5 Hỏi đáp" are not addresses: a bare year before a name is kept
      if (/^(?:19|20)\d\d[ \t]/.test(match)) return match;
      return MASKS.address;
    });
}
