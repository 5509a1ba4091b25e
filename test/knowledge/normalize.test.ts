// The normaliser: the way citizens really type (no diacritics, NFD from some keyboards,
// teen-code, abbreviations) must come out the same as the careful spelling.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, normalizeVietnamese } from '../../src/knowledge/normalize.js';

describe('normalizeVietnamese', () => {
  it.each([
    ['Mất thẻ cử tri thì làm gì?', 'mat the cu tri thi lam gi'],
    ['mat the cu tri thi lam j', 'mat the cu tri thi lam gi'],
    ['MẤT THẺ CỬ TRI!!!', 'mat the cu tri'],
    ['Tôi ko dc đi bầu à?', 'khong duoc di bau'],
    ['toi hok đc bau hả', 'khong duoc bau'],
    ['khg biết ntn', 'khong biet nhu the nao'],
    ['bn tuổi thì được bầu', 'bao nhieu tuoi thi duoc bau'],
    ['bn có đi bầu không', 'ban co di bau khong'],
    // whom a message calls ("bạn ơi", "bot ơi", "ad ơi") is not what it asks
    ['bn oi cho hoi', 'cho hoi'],
    ['Bot ơi, mấy giờ bỏ phiếu?', 'may gio bo phieu'],
    ['ad oi the cu tri', 'the cu tri'],
    ['18t có đc bầu k', '18 tuoi co duoc bau khong'],
    ['e 17t11thang co dc bau ko', '17 tuoi 11 thang co duoc bau khong'],
    ['the 15th National Assembly', 'the 15th national assembly'],
    // "h" for "giờ" (hour) after the words that ask when
    ['bao h bầu cử', 'bao gio bau cu'],
    ['may h mo cua', 'may gio mo cua'],
    ['Đăng ký ở UBND xã', 'dang ky o uy ban nhan dan xa'],
    ['bầu đbqh và hđnd', 'bau dai bieu quoc hoi va hoi dong nhan dan'],
    ['DSCT niêm yết ở KVBP nào?', 'danh sach cu tri niem yet o khu vuc bo phieu nao'],
    ['Con tôi đi NVQS có được bầu không?', 'con di nghia vu quan su co duoc bau khong'],
    ['Tổ trưởng TDP phát thẻ cử tri khi nào?', 'to truong to dan pho phat the cu tri khi nao'],
    ['cử chi là ai', 'cu tri la ai'],
    // Southern and Central speech, a dormitory, and English typed as it is chatted
    ['Bữa bầu tui dìa quê được hổng?', 'ngay bau ve que duoc khong'],
    ['Răng năm ni tui không thấy tên?', 'sao nam nay khong thay ten'],
    // Central question words where they end a question, and the same words elsewhere
    ['Muốn ứng cử phải làm giấy tờ chi rứa?', 'muon ung cu phai lam giay to gi'],
    ['Bầu cử ngày mô?', 'bau cu ngay nao'],
    ['Đi bầu chỗ mô?', 'di bau cho dau'],
    ['Chi bộ họp ở đâu?', 'chi bo hop o dau'],
    ['Ni cô có được bầu không?', 'ni co co duoc bau khong'],
    ['o ktx truong co dc bau ko', 'o ky tuc xa truong co duoc bau khong'],
    ['wen is election day', 'when election day'],
    ['wat do i bring', 'what do bring'],
    ['Ạ, em hỏi chút ạ', 'chut'],
    ['   nhiều    khoảng   trắng   ', 'nhieu khoang trang'],
    ['Where do I vote?', 'where do vote'],
    // an English negation written short keeps its "not"
    ["Who can't vote?", 'who cannot vote'],
    ['What if I don’t vote?', 'what if do not vote'],
    ["I won't be home", 'will not be home'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeVietnamese(input)).toBe(expected);
  });

  it('keeps the accented form apart from the folded one, so accented matches can score higher', () => {
    expect(analyzeText('Tố cáo ứng cử viên')).toMatchObject({
      accented: ['tố', 'cáo', 'ứng', 'cử', 'viên'],
      folded: ['to', 'cao', 'ung', 'cu', 'vien'],
    });
  });

  it('keeps a word typed with diacritics that only folds to a particle or pronoun ("tội", "nhà", "tối")', () => {
    expect(analyzeText('Mua chuộc cử tri phạm tội gì?').accented).toContain('tội');
    expect(analyzeText('Tôi ốm nằm ở nhà thì sao ạ?').accented).toEqual(['ốm', 'nằm', 'ở', 'nhà', 'thì', 'sao']);
    expect(analyzeText('Buổi tối có bỏ phiếu không?').folded).toContain('toi');
    // without diacritics "toi" may be "tôi": left out, as before
    expect(analyzeText('toi om o nha thi sao').folded).toEqual(['om', 'o', 'thi', 'sao']);
    // the canonical form still reads both typings the same, for grouping and fixed phrases
    expect(normalizeVietnamese('Mua chuộc cử tri phạm tội gì?')).toBe(
      normalizeVietnamese('mua chuoc cu tri pham toi gi'),
    );
  });

  it('folds đ and Đ to d', () => {
    expect(normalizeVietnamese('ĐƯỢC đi ĐÂU')).toBe('duoc di dau');
  });

  it('reads ð and Ð, which text converted from old Vietnamese encodings has for đ and Đ, as đ', () => {
    // U+00D0 / U+00F0 look like Đ / đ: a question pasted from such a document reads as typed
    expect(analyzeText('Ðại biểu HÐND được bầu ra sao')).toEqual(analyzeText('Đại biểu HĐND được bầu ra sao'));
    expect(normalizeVietnamese('ðược ði ÐÂU')).toBe('duoc di dau');
  });

  const vietnameseish = fc.string({
    unit: fc.constantFrom(
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐĂÂÊÔƠƯ ?!.,0123456789kjz'.split(
        '',
      ),
    ),
    maxLength: 60,
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        vietnameseish,
        (text) => normalizeVietnamese(normalizeVietnamese(text)) === normalizeVietnamese(text),
      ),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        (text) => normalizeVietnamese(normalizeVietnamese(text)) === normalizeVietnamese(text),
      ),
    );
  });

  it('gives the same result for NFC and NFD input', () => {
    fc.assert(
      fc.property(
        vietnameseish,
        (text) => normalizeVietnamese(text.normalize('NFD')) === normalizeVietnamese(text.normalize('NFC')),
      ),
    );
  });

  it('ignores case', () => {
    fc.assert(
      fc.property(
        vietnameseish,
        (text) => normalizeVietnamese(text.toUpperCase()) === normalizeVietnamese(text.toLowerCase()),
      ),
    );
  });
});
