// The team's own labelled questions (eval/faq-questions.json), written next to the content and
// tuned on. Kept as a smoke test — it shows when a change breaks what used to work — but its
// figures do not predict what citizens get: the real-question set does (real-questions.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hasDiacritics } from '../src/knowledge/normalize.js';
import type { RealQuestion } from './real-questions.js';

const labelledSet = z.object({
  questions: z.array(z.object({ q: z.string().min(1), expect: z.string().min(1) })).min(1),
});

const looksEnglish = (text: string) =>
  /\b(the|what|can|how|when|where|who|is|do|does|my|vote|i)\b/i.test(text) && !text.split(/\s+/).some(hasDiacritics);

/** The self-written set in the shape of the real one (all "tune", since it was tuned on). */
export function readSelfWrittenQuestions(file = new URL('./faq-questions.json', import.meta.url)): RealQuestion[] {
  return labelledSet.parse(JSON.parse(readFileSync(file, 'utf8'))).questions.map((question, index) => ({
    id: `self-${index + 1}`,
    source: 'team',
    q: question.q,
    expect: question.expect,
    alsoAccept: [],
    lang: looksEnglish(question.q) ? 'en' : 'vi',
    form: question.q.split(/\s+/).some(hasDiacritics) || looksEnglish(question.q) ? 'written' : 'unaccented',
    lawVersion: 'any',
    split: 'tune',
  }));
}
