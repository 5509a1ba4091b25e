/** Lower case, no diacritics, đ → d, single spaces: "Văn Quan" and "van  quan" compare equal. */
export function foldDiacritics(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      // ð/Ð (the Icelandic eth) stands in for đ/Đ in text converted from old Vietnamese encodings
      .replace(/[đð]/g, 'd')
      .replace(/[ĐÐ]/g, 'D')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}
