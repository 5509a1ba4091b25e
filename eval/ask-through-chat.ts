// The real-question evaluation asked the way a citizen (and an outside evaluator) asks: the real
// app (`src/main.ts`, a child process, a fresh SQLite file) and `POST /api/chat/messages`, one
// fresh web-chat session per question — greet, consent, choose the language, type the question;
// when the bot asks back (or offers the nearest entries with "no sure answer yet"), pick the
// first suggested question. What comes back is read from the replies only (kind, faqId, option
// ids), as a client sees it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnApp } from '../test/ops/child-app.js';
import { newChatSession, say, type ChatReply } from '../test/ops/web-chat-client.js';
import type { RealQuestion } from './real-questions.js';
import type { CitizenView } from './simulate-citizen.js';

/** What the citizen sees, from the replies alone. */
export function readReplies(
  replies: readonly ChatReply[],
): Omit<CitizenView, 'afterPick'> & { firstSuggestion?: string } {
  const answers = replies
    .filter((candidate) => candidate.kind === 'answer' && candidate.faqId)
    .map((candidate) => candidate.faqId ?? '');
  const options = replies.flatMap((candidate) => candidate.options ?? []).map((candidate) => candidate.id);
  const suggestions = options.filter((id) => id.startsWith('faq:')).map((id) => id.slice(4));
  if (answers[0]) return { atOnce: answers[0], shown: answers, ...(answers[1] ? { also: answers[1] } : {}) };
  if (options[0] === 'flow:intake') return { atOnce: 'complaint', shown: suggestions };
  if (options.includes('flow:polling')) return { atOnce: 'polling', shown: [] };
  const firstSuggestion = suggestions[0] ? { firstSuggestion: suggestions[0] } : {};
  // "no sure answer yet", perhaps with the nearest entries offered
  if (replies.some((candidate) => candidate.kind === 'fallback'))
    return { atOnce: 'declined', shown: suggestions, ...firstSuggestion };
  if (suggestions[0]) return { atOnce: 'ask_back', shown: suggestions, ...firstSuggestion };
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
  const session = newChatSession();
  session.headers['x-forwarded-for'] = address;
  const post = (message: { text?: string; choice?: string }) => say(base, session, message);
  await post({ text: question.lang === 'en' ? 'hello' : 'xin chào' });
  await post({ choice: 'consent:yes' });
  await post({ choice: `lang:${question.lang}` });
  const seen = readReplies(await post({ text: question.q }));
  if (!seen.firstSuggestion) return { ...seen, afterPick: seen.atOnce };
  const picked = readReplies(await post({ choice: `faq:${seen.firstSuggestion}` }));
  return { ...seen, afterPick: picked.atOnce };
}
