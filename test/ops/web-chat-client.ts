// Talks to the web chat API like the widget does: for the fault tests, which need a citizen to
// walk a complaint up to its summary against a running server (in-process or a child process).
import { z } from 'zod';

const option = z.object({ id: z.string(), label: z.string() });
export const chatReplySchema = z.object({
  kind: z.string(),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(option).optional(),
});
const answer = z.object({ replies: z.array(chatReplySchema) });
export type ChatReply = z.infer<typeof chatReplySchema>;

/** Phường Tam Thanh in Thành phố Lạng Sơn (seeded localities). */
const CITY = '178';
const TAM_THANH = '05974';
export const PETITION_TEXT = 'Đề nghị niêm yết danh sách cử tri ở nhà văn hóa thôn sớm hơn để mọi người kịp xem.';

/** A web chat session as the widget keeps it: none until the server issues one with its first answer. */
export class ChatSession {
  id: string | null = null;
  /** sent with every message (an evaluation plays a proxy: X-Forwarded-For per citizen) */
  readonly headers: Record<string, string> = {};
}

export const newChatSession = (): ChatSession => new ChatSession();
const issued = z.object({ sessionId: z.string() });

export interface ChatResponse {
  status: number;
  body: unknown;
}

export async function postChat(
  base: URL,
  session: ChatSession,
  message: { text?: string; choice?: string },
): Promise<ChatResponse> {
  const response = await fetch(new URL('/api/chat/messages', base), {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...(session.id ? { sessionId: session.id } : {}), ...message }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text so the test can show it
  }
  const started = issued.safeParse(body);
  if (response.ok && started.success) session.id = started.data.sessionId;
  return { status: response.status, body };
}

/** Sends one message and insists on a 200 with replies. */
export async function say(
  base: URL,
  sessionId: ChatSession,
  message: { text?: string; choice?: string },
): Promise<ChatReply[]> {
  const { status, body } = await postChat(base, sessionId, message);
  if (status !== 200) throw new Error(`chat answered ${status}: ${JSON.stringify(body)}`);
  return answer.parse(body).replies;
}

/** What a named petition asks for (the address is asked only of complaints and denunciations). */
export interface Identity {
  fullName: string;
  phone: string;
}

/**
 * Greets, consents, picks Vietnamese and walks a petition (anonymous, or named with `identity`)
 * to its summary (confirm / edit / cancel). The anonymous walk is 11 messages, inside the flood
 * limit (12 in 20 s); the named one is longer, so pass `beforeEach` to move the app's clock on.
 */
export async function walkPetitionToSummary(
  base: URL,
  sessionId: ChatSession,
  identity?: Identity,
  beforeEach: () => void = () => undefined,
): Promise<ChatReply[]> {
  const steps: { text?: string; choice?: string }[] = [
    { text: 'xin chào' },
    { choice: 'consent:yes' },
    { choice: 'lang:vi' },
    { choice: 'flow:intake' },
    { choice: 'petition' },
    { choice: 'other' },
    { choice: `d:${CITY}` },
    { choice: `c:${TAM_THANH}` },
    { text: PETITION_TEXT },
    { choice: 'done' },
    ...(identity ? [{ choice: 'named' }, { text: identity.fullName }, { text: identity.phone }] : [{ choice: 'anon' }]),
  ];
  let replies: ChatReply[] = [];
  for (const step of steps) {
    beforeEach();
    replies = await say(base, sessionId, step);
  }
  return replies;
}

export const optionIds = (replies: ChatReply[]): string[] =>
  replies.flatMap((item) => item.options?.map((choice) => choice.id) ?? []);

/** A clock running with real time plus an offset the test moves forward (past flood windows). */
export class SteppingClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** moves two seconds on: twelve steps then span more than the flood window */
  readonly step = (): void => {
    this.offsetMs += 2000;
  };
}
