// The real-question evaluation asked the way a citizen (and an outside evaluator) asks: the real
// app (`src/main.ts`, a child process, a fresh SQLite file) and `POST /api/chat/messages`, one
// fresh web-chat session per question — greet, consent, choose the language, type the question;
// when the bot asks back, pick the first suggested question. What comes back is read from the
// replies only (kind, faqId, option ids), as a client sees it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { spawnApp } from '../test/ops/child-app.js';
import type { RealQuestion } from './real-questions.js';
import type { CitizenView } from './simulate-citizen.js';

const option = z.object({ id: z.string(), label: z.string() });
const reply = z.object({
  kind: z.string(),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(option).optional(),
});
const answer = z.object({ sessionId: z.string().optional(), replies: z.array(reply) });
type Reply = z.infer<typeof reply>;

/** What the citizen sees, from the replies alone. */
export function readReplies(replies: readonly Reply[]): Omit<CitizenView, 'afterPick'> & { firstSuggestion?: string } {
  const answers = replies
    .filter((candidate) => candidate.kind === 'answer' && candidate.faqId)
    .map((candidate) => candidate.faqId ?? '');
  const options = replies.flatMap((candidate) => candidate.options ?? []).map((candidate) => candidate.id);
  const suggestions = options.filter((id) => id.startsWith('faq:')).map((id) => id.slice(4));
  if (answers[0]) return { atOnce: answers[0], shown: answers, ...(answers[1] ? { also: answers[1] } : {}) };
  if (options[0] === 'flow:intake') return { atOnce: 'complaint', shown: suggestions };
  if (options.includes('flow:polling')) return { atOnce: 'polling', shown: [] };
  if (replies.some((candidate) => candidate.kind === 'fallback')) return { atOnce: 'declined', shown: [] };
  if (suggestions[0]) return { atOnce: 'ask_back', shown: suggestions, firstSuggestion: suggestions[0] };
  return { atOnce: 'declined', shown: [] };
}

/** Asks every question through a freshly started app; the election file picks the law version. */
export async function askThroughChat(
  questions: readonly RealQuestion[],
  electionFile: string,
): Promise<{ question: RealQuestion; view: CitizenView }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cutri-eval-'));
  const app = await spawnApp({
    DATABASE_URL: `file:${path.join(dir, 'eval.db')}`,
    DATA_DIR: dir,
    ELECTION_CONFIG: electionFile,
    LOG_LEVEL: 'info',
    // the evaluation plays a province's proxy: each citizen comes from an address of their own
    TRUSTED_PROXIES: '127.0.0.1',
  });
  try {
    const results: { question: RealQuestion; view: CitizenView }[] = [];
    for (const [index, question] of questions.entries())
      results.push({ question, view: await askOne(app.url, question, index) });
    return results;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function askOne(base: URL, question: RealQuestion, index: number): Promise<CitizenView> {
  const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  let sessionId: string | undefined;
  const post = async (body: { text?: string; choice?: string }): Promise<Reply[]> => {
    const response = await fetch(new URL('/api/chat/messages', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ ...(sessionId ? { sessionId } : {}), ...body }),
    });
    if (!response.ok) throw new Error(`chat answered ${response.status}: ${await response.text()}`);
    const parsed = answer.parse(await response.json());
    sessionId = parsed.sessionId ?? sessionId;
    return parsed.replies;
  };
  await post({ text: question.lang === 'en' ? 'hello' : 'xin chào' });
  await post({ choice: 'consent:yes' });
  await post({ choice: `lang:${question.lang}` });
  const seen = readReplies(await post({ text: question.q }));
  if (seen.atOnce !== 'ask_back' || !seen.firstSuggestion) return { ...seen, afterPick: seen.atOnce };
  const picked = readReplies(await post({ choice: `faq:${seen.firstSuggestion}` }));
  return { ...seen, afterPick: picked.atOnce };
}
