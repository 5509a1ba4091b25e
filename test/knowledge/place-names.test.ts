// Where the asker lives is no part of what they ask: the names of places are left out of the
// text before it is read, and nothing else is.
import { describe, expect, it } from 'vitest';
import { withoutPlaceNames } from '../../src/knowledge/place-names.js';

/** the words that remain, as the search would read them */
const kept = (text: string) =>
  withoutPlaceNames(text)
    .split(/[\s,.?\-–]+/)
    .filter(Boolean)
    .join(' ');

describe('leaving out the places a citizen names', () => {
  it('leaves out a commune, a district or a province named with what it is', () => {
    expect(kept('Tôi ở xã Tân Lập, huyện Văn Lãng, tỉnh Lạng Sơn thì bầu cử ngày nào?')).toBe(
      'Tôi ở thì bầu cử ngày nào',
    );
    expect(kept('Nhà tôi ở thôn Nà Lầu, bản Chát thì đi bầu ở đâu?')).toBe('Nhà tôi ở thì đi bầu ở đâu');
    expect(kept('Sinh viên ở TP. Hồ Chí Minh bầu ở đâu?')).toBe('Sinh viên ở bầu ở đâu');
    // a ward, a commune or a district by its one letter
    expect(kept('Nhà tôi chuyển từ P.Vĩnh Trại sang P.Đông Kinh thì bầu ở đâu?')).toBe(
      'Nhà tôi chuyển từ P sang P thì bầu ở đâu',
    );
    expect(kept('Tôi ở X. Tân Lập, H.Văn Lãng thì bầu cử ngày nào?')).toBe('Tôi ở thì bầu cử ngày nào');
    // …but a stop after a letter that names nobody's place ends a sentence
    expect(kept('Tôi gạch tên ông X. Bầu như vậy có hợp lệ không?')).toBe(
      'Tôi gạch tên ông X Bầu như vậy có hợp lệ không',
    );
  });

  it('leaves out a province named alone, however typed, and in English', () => {
    expect(kept('Mình ở Lạng Sơn, hôm nào đi bầu vậy?')).toBe('Mình ở hôm nào đi bầu vậy');
    expect(kept('toi o lang son thi bau cu ngay nao')).toBe('toi o thi bau cu ngay nao');
    // typed without diacritics, spaces doubled: still read as typed without them
    expect(kept('toi o  xa Tan Lap thi bau o dau\n')).toBe('toi o thi bau o dau');
    expect(kept('Tôi quê ở Nam Định, đang học tại Hà Nội thì bầu ở đâu?')).toBe('Tôi quê ở đang học tại thì bầu ở đâu');
    expect(kept('I live in Lang Son, when do I vote?')).toBe('I live in when do I vote');
    expect(kept('Bà Rịa - Vũng Tàu có bao nhiêu đơn vị bầu cử?')).toBe('có bao nhiêu đơn vị bầu cử');
  });

  it('keeps what is asked about: the level of a council, a country, a body, a word', () => {
    // "tỉnh" is what is asked; only the name goes
    expect(kept('HĐND tỉnh Lạng Sơn có bao nhiêu đại biểu?')).toBe('HĐND tỉnh có bao nhiêu đại biểu');
    // another country's election may be the question
    expect(kept('Bầu cử tổng thống Mỹ diễn ra thế nào?')).toBe('Bầu cử tổng thống Mỹ diễn ra thế nào');
    // "Ban", "cơ quan", "Ủy ban" name bodies, not a hamlet or an urban district
    expect(kept('Ban Bầu cử và Ủy ban Mặt trận Tổ quốc là cơ quan Nhà nước?')).toBe(
      'Ban Bầu cử và Ủy ban Mặt trận Tổ quốc là cơ quan Nhà nước',
    );
    // "lập" of "lập danh sách" stays though "Lập" of "xã Tân Lập" goes
    expect(kept('Tôi ở xã Tân Lập, ai lập danh sách cử tri?')).toBe('Tôi ở ai lập danh sách cử tri');
    // a name ends at a comma: what follows is the question
    expect(kept('toi o xa Tan Lap, Ban Bau cu o dau?')).toBe('toi o Ban Bau cu o dau');
    // "hòa bình" is peace, not the province, unless the asker lives there
    expect(kept('Bầu cử để giữ hòa bình?')).toBe('Bầu cử để giữ hòa bình');
  });
});
