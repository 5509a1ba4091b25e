// The service's own name, "Cử Tri", is also the word for a voter. Read as that word, it made the
// bot's own entries, whose phrasings name the service ("Cử Tri có thể giúp gì cho tôi?"), a match
// for any question about voters ("Thẻ cử tri năm 2026 có gì khác không?" was asked back with
// "What can Cử Tri do?" first). Written as a name, capitalised within its sentence, it is read
// as "chatbot": questions and entries alike, so the bot's entries keep their own words.

const WORD = /[\p{L}\p{N}]+/gu;
/** the words that take "cử tri" after them as the voter's ("Thẻ Cử Tri là gì?" opens a sentence) */
const VOTER_HEADS = new Set(['thẻ', 'danh', 'sách', 'hội', 'nghị', 'quyền']);

/**
 * The text with the service's name read as "chatbot". Not inside a title typed in capitals
 * ("Danh Sách Cử Tri Là Gì", "Khi Nào Cử Tri Không…"): a capitalised word after it, or one before
 * it within the sentence, makes it a capitalised "cử tri". One pass over the words, however long
 * the message and however often it names the service.
 */
export function withServiceNameRead(typed: string): string {
  // a keyboard may send "ử" as "ư" and a combining hook: the name is looked for composed
  const text = typed.normalize('NFC');
  if (!text.includes('Cử Tri')) return typed;
  const words = [...text.matchAll(WORD)];
  const word = (index: number) => words[index]?.[0] ?? '';
  const end = (index: number) => words[index]!.index + word(index).length;
  const gapBefore = (index: number) => text.slice(end(index - 1), words[index]!.index);
  /** the word opens a sentence: nothing before it, or a stop between it and the word before */
  const opens = (index: number) => index === 0 || /[.?!:\n]/.test(gapBefore(index));
  const capitalised = (index: number) => /^\p{Lu}/u.test(word(index));
  let read = '';
  let from = 0;
  for (let index = 0; index + 1 < words.length; index++) {
    if (word(index) !== 'Cử' || word(index + 1) !== 'Tri' || gapBefore(index + 1) !== ' ') continue;
    const before = index - 1;
    const after = index + 2;
    const inTitle =
      (after < words.length && !opens(after) && capitalised(after)) ||
      (before >= 0 &&
        !opens(index) &&
        capitalised(before) &&
        (!opens(before) || VOTER_HEADS.has(word(before).toLowerCase())));
    if (inTitle) continue;
    read += `${text.slice(from, words[index]!.index)}chatbot`;
    from = end(index + 1);
  }
  return read + text.slice(from);
}
