// The service's own name, "Cử Tri", is also the word for a voter. Read as that word, it made the
// bot's own entries, whose phrasings name the service ("Cử Tri có thể giúp gì cho tôi?"), a match
// for any question about voters ("Thẻ cử tri năm 2026 có gì khác không?" was asked back with
// "What can Cử Tri do?" first). Written as a name, capitalised within its sentence, it is read
// as "chatbot": questions and entries alike, so the bot's entries keep their own words.

/** "Cử Tri" with both capitals, as a whole word */
const NAME = /(?<![\p{L}\p{N}])Cử Tri(?![\p{L}\p{N}])/gu;
/** the word just before the name, when it is capitalised and in the same sentence */
const WORD_BEFORE = /(\p{Lu}\p{L}*)[^\p{L}\p{N}.?!:\n]*$/u;
/** the words that take "cử tri" after them as the voter's ("Thẻ Cử Tri là gì?" opens a sentence) */
const VOTER_HEADS = new Set(['thẻ', 'danh', 'sách', 'hội', 'nghị', 'quyền']);

/**
 * The text with the service's name read as "chatbot". Not inside a title typed in capitals
 * ("Danh Sách Cử Tri Là Gì", "Khi Nào Cử Tri Không…"): a capitalised word after it, or one before
 * it within the sentence, makes it a capitalised "cử tri".
 */
export function withServiceNameRead(typed: string): string {
  // a keyboard may send "ử" as "ư" and a combining hook: the name is looked for composed
  const text = typed.normalize('NFC');
  if (!text.includes('Cử Tri')) return typed;
  return text.replace(NAME, (name, offset: number) => {
    const before = text.slice(0, offset);
    const after = text.slice(offset + name.length);
    if (/^[^\p{L}\p{N}.?!:]*\p{Lu}/u.test(after)) return name;
    const capitalisedBefore = WORD_BEFORE.exec(before);
    if (capitalisedBefore) {
      const opensSentence = /(^|[.?!:\n])[^\p{L}\p{N}]*$/u.test(before.slice(0, capitalisedBefore.index));
      if (!opensSentence || VOTER_HEADS.has(capitalisedBefore[1]!.toLowerCase())) return name;
    }
    return 'chatbot';
  });
}
