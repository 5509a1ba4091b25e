// The web chat API as the widget uses it, on a real server and both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notifyCitizen, startTestApp, type TestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { newChatSession, type ChatSession } from '../ops/web-chat-client.js';

const providers = await testProviders();

const option = z.object({ id: z.string(), label: z.string() });
const reply = z.object({
  kind: z.string(),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(option).optional(),
});
type ReplyBody = z.infer<typeof reply>;
const postAnswer = z.object({
  sessionId: z.string().optional(),
  replies: z.array(reply).default([]),
  error: z.string().optional(),
  message: z.string().optional(),
});
const pushedAnswer = z.object({
  messages: z.array(
    z.object({ id: z.number(), kind: z.string(), text: z.string(), options: z.array(option).optional() }),
  ),
});

describe.each(providers)('web chat on %s', (provider) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp(provider);
  });
  afterAll(async () => {
    await test.stop();
  });

  const newSession = newChatSession;
  async function post(body: Record<string, unknown>): Promise<{ status: number; json: z.infer<typeof postAnswer> }> {
    const response = await fetch(new URL('/api/chat/messages', test.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: postAnswer.parse(await response.json()) };
  }
  async function say(session: ChatSession, body: Record<string, unknown>): Promise<ReplyBody[]> {
    const { status, json } = await post({ ...(session.id ? { sessionId: session.id } : {}), ...body });
    expect(status).toBe(200);
    session.id = json.sessionId ?? null;
    return json.replies;
  }
  async function onboard(sessionId: ChatSession, language: 'vi' | 'en' = 'vi'): Promise<ReplyBody[]> {
    await say(sessionId, { text: 'xin chào' });
    await say(sessionId, { choice: 'consent:yes' });
    return say(sessionId, { choice: `lang:${language}` });
  }

  it('walks a new citizen through greeting, consent, language and menu to an answer from the knowledge base', async () => {
    const session = newSession();
    const greeting = await say(session, { text: 'Xin chào' });
    expect(greeting.map((reply) => reply.text).join(' ')).toContain('Ủy ban bầu cử tỉnh Lạng Sơn');
    expect(greeting.at(-1)?.options?.map((option) => option.id)).toEqual(['consent:yes']);

    const notYet = await say(session, { text: 'bầu cử ngày nào?' });
    expect(notYet[0]?.text).toContain('đồng ý');

    const language = await say(session, { choice: 'consent:yes' });
    expect(language[0]?.options?.map((option) => option.id)).toEqual(['lang:vi', 'lang:en']);

    const menu = await say(session, { choice: 'lang:en' });
    expect(menu.at(-1)?.kind).toBe('menu');
    expect(menu.at(-1)?.text).toContain('How can I help');
    const ids = menu.at(-1)?.options?.map((option) => option.id) ?? [];
    expect(ids).toContain('ask');
    expect(ids).toContain('subscribe');
    expect(ids).toContain('flow:intake');
    expect(ids).toContain('flow:mytickets');

    const prompt = await say(session, { choice: 'ask' });
    expect(prompt).toEqual([{ kind: 'prompt', text: 'Please type your question about the election.' }]);
    const answer = await say(session, { text: 'When is election day?' });
    expect(answer[0]).toMatchObject({ kind: 'answer', faqId: 'election-day' });
    expect(answer[0]?.text).toContain('Sunday, 23 May 2021');
  });

  it('answers a question typed with or without diacritics alike, and declines one off the election', async () => {
    const session = newSession();
    await onboard(session);
    const accented = await say(session, { text: 'tôi cần mang gì khi đi bầu' });
    const unaccented = await say(session, { text: 'di bau can mang gi' });
    expect(accented[0]).toMatchObject({ kind: 'answer', faqId: 'what-to-bring' });
    expect(unaccented[0]).toEqual(accented[0]);
    expect(unaccented[0]?.text).toContain('thẻ cử tri');
    for (const question of ['giá vàng hôm nay bao nhiêu', 'who won the football match']) {
      const declined = await say(session, { text: question });
      expect(declined[0]?.kind).toBe('fallback');
      expect(declined[0]?.faqId).toBeUndefined();
      expect(declined[0]?.text).toContain('chỉ trả lời các câu hỏi về bầu cử');
    }
  });

  it('subscribes and stops reminders by keyword, from any state', async () => {
    const session = newSession();
    await onboard(session);
    const subscribed = await say(session, { text: 'Đăng ký' });
    expect(subscribed[0]?.kind).toBe('confirmation');
    await say(session, { choice: 'ask' });
    const stopped = await say(session, { text: 'dừng' });
    expect(stopped[0]?.text).toContain('ngừng nhận nhắc lịch');
    const citizen = await test.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'web', platformUserId: session.id ?? '' },
    });
    expect(citizen.subscribed).toBe(false);
    expect(citizen.unsubscribedAt).not.toBeNull();
    expect(citizen.consentAt).not.toBeNull();
  });

  it('greets a citizen who only says hello and shows the menu, instead of declining it as another topic', async () => {
    const session = newSession();
    await onboard(session);
    for (const hello of ['Xin chào!', 'chao ban,', 'Alo', 'hello bot']) {
      const replies = await say(session, { text: hello });
      expect(replies[0]?.text).toContain('Xin chào!');
      expect(replies.at(-1)?.kind).toBe('menu');
      expect(replies.map((reply) => reply.text).join(' ')).not.toContain('chỉ trả lời các câu hỏi về bầu cử');
    }
    // a greeting that asks something is still answered
    const answered = await say(session, { text: 'Xin chào, mấy giờ bắt đầu bỏ phiếu?' });
    expect(answered[0]?.kind).toBe('answer');
  });

  it('understands an option typed as its number', async () => {
    const session = newSession();
    await onboard(session);
    const menu = await say(session, { text: 'menu' });
    const askIndex = (menu[0]?.options ?? []).findIndex((option) => option.id === 'ask');
    const prompt = await say(session, { text: String(askIndex + 1) });
    expect(prompt[0]?.kind).toBe('prompt');
  });

  it('answers an out-of-place button by showing the current choices instead of acting', async () => {
    const session = newSession();
    await onboard(session);
    const stale = await say(session, { choice: 'consent:yes' });
    expect(stale[0]?.text).toContain('đã cũ');
    expect(stale[0]?.options?.length).toBeGreaterThan(0);
  });

  it('stores the commune the citizen picks', async () => {
    const session = newSession();
    await onboard(session);
    const prompt = await say(session, { choice: 'flow:locality' });
    expect(prompt[0]?.kind).toBe('prompt');
    const nothing = await say(session, { text: 'zzqx' });
    expect(nothing[0]?.text).toContain('Không tìm thấy');
    const locality = await test.app.context.db.locality.findFirstOrThrow({ where: { level: 'commune' } });
    let step = await say(session, { text: locality.name });
    if (step[0]?.options) step = await say(session, { choice: `loc:${locality.code}` });
    expect(step[0]?.kind).toBe('confirmation');
    const citizen = await test.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'web', platformUserId: session.id ?? '' },
    });
    expect(citizen.localityCode).toBe(locality.code);
  });

  it('rejects empty, oversized and malformed messages with a clear 400', async () => {
    const session = newSession();
    await say(session, { text: 'xin chào' });
    const empty = await post({ sessionId: session.id, text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.json.message).toContain('empty');
    const long = await post({ sessionId: session.id, text: 'a'.repeat(4001) });
    expect(long.status).toBe(400);
    expect(long.json.message).toContain('4000');
    const nothing = await post({ sessionId: session.id });
    expect(nothing.status).toBe(400);
    const notAString = await post({ sessionId: 42, text: 'hi' });
    expect(notAString.status).toBe(400);
    expect(notAString.json.message).toMatch(/sessionId|string/);
  });

  it('delivers pushed messages to their own session only, after the last seen id', async () => {
    const mine = newSession();
    const other = newSession();
    await onboard(mine);
    await onboard(other);
    const citizen = await test.app.context.db.citizen.findFirstOrThrow({
      where: { channel: 'web', platformUserId: mine.id ?? '' },
    });
    const delivery = await notifyCitizen(test.app, citizen.id, [
      { kind: 'notice', text: 'Phản ánh của bạn đã được tiếp nhận.' },
      { kind: 'menu', text: 'Tiếp theo?', options: [{ id: 'menu', label: 'Menu' }] },
    ]);
    expect(delivery).toBe('sent');
    const read = async (session: ChatSession, after = 0) => {
      const response = await fetch(new URL(`/api/chat/messages?after=${after}`, test.url), {
        headers: { 'x-chat-session': session.id ?? '' },
      });
      expect(response.status).toBe(200);
      return pushedAnswer.parse(await response.json()).messages;
    };
    const pushed = await read(mine);
    expect(pushed.map((message) => message.text)).toEqual(['Phản ánh của bạn đã được tiếp nhận.', 'Tiếp theo?']);
    expect(pushed[1]?.options).toEqual([{ id: 'menu', label: 'Menu' }]);
    expect(await read(mine, pushed[0]?.id)).toHaveLength(1);
    expect(await read(other)).toEqual([]);
  });

  it('sends one polite notice to a flooding citizen, then stays quiet', async () => {
    const session = newSession();
    const replies: ReplyBody[][] = [];
    for (let index = 0; index < 16; index++) replies.push(await say(session, { text: `tin ${index}` }));
    const notices = replies.filter((batch) => batch[0]?.text.includes('nhanh quá'));
    expect(notices).toHaveLength(1);
    expect(replies.at(-1)).toEqual([]);
  });

  describe('flood control at its default limit, 12 messages in 20 s, on a clock the test moves', () => {
    // stands still between the test's steps: a message's time is exactly the one the test chose
    const clock = { current: new Date(), now: () => clock.current };
    let timed: TestApp;
    beforeAll(async () => {
      timed = await startTestApp(provider, {}, { clock });
    });
    afterAll(async () => {
      await timed.stop();
    });

    /** Sends `text` at `atMs` on the app's clock and answers its replies. */
    async function sayAt(session: ChatSession, atMs: number, text: string): Promise<ReplyBody[]> {
      clock.current = new Date(atMs);
      const response = await fetch(new URL('/api/chat/messages', timed.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...(session.id ? { sessionId: session.id } : {}), text }),
      });
      expect(response.status).toBe(200);
      const json = postAnswer.parse(await response.json());
      session.id = json.sessionId ?? null;
      return json.replies;
    }
    const isFloodNotice = (replies: ReplyBody[]) =>
      replies.length === 1 && replies[0]?.kind === 'notice' && replies[0].text.includes('nhanh quá');
    const answeredNormally = (replies: ReplyBody[]) =>
      replies.length > 0 && replies.every((item) => !item.text.includes('nhanh quá'));

    it('answers the 12th message within 20 s normally and the 13th with the flood notice', async () => {
      const session = newSession();
      const start = clock.current.getTime() + 60_000;
      const replies: ReplyBody[][] = [];
      // one a second: the 13th comes 12 s after the first, well inside the window
      for (let index = 0; index < 13; index += 1)
        replies.push(await sayAt(session, start + index * 1000, `tin ${index}`));
      expect(replies.slice(0, 12).map(answeredNormally)).toEqual(Array(12).fill(true));
      // before consent, every message is met with the request to agree first
      expect(replies[11]?.at(-1)?.options?.map((option) => option.id)).toEqual(['consent:yes']);
      expect(isFloodNotice(replies[12] ?? [])).toBe(true);
    });

    it('counts a message for 20 s exactly: refused 19.999 s after the first of 12, answered 20 s after it', async () => {
      const session = newSession();
      const start = clock.current.getTime() + 60_000;
      expect(answeredNormally(await sayAt(session, start, 'tin 1'))).toBe(true);
      // eleven more 10 s later: twelve in the window, which the first leaves 20 s after it came
      for (let index = 2; index <= 12; index += 1)
        expect(answeredNormally(await sayAt(session, start + 10_000 + index, `tin ${index}`))).toBe(true);
      expect(isFloodNotice(await sayAt(session, start + 19_999, 'tin 13'))).toBe(true);
      const afterTheFirstLeft = await sayAt(session, start + 20_000, 'tin 14');
      expect(answeredNormally(afterTheFirstLeft)).toBe(true);
      expect(afterTheFirstLeft.at(-1)?.options?.map((option) => option.id)).toEqual(['consent:yes']);
    });
  });

  it('serves the chat page and an embeddable widget script', async () => {
    const page = await fetch(new URL('/chat', test.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/chat/widget.js"></script>');
    expect(html).toContain('width=device-width');
    const widget = await fetch(new URL('/chat/widget.js', test.url));
    expect(widget.headers.get('content-type')).toContain('javascript');
    const source = await widget.text();
    expect(source).not.toContain('innerHTML');
    const texts = z
      .object({ placeholder: z.string(), invalid: z.string(), maxLength: z.number() })
      .parse(await (await fetch(new URL('/api/chat/texts?locale=vi', test.url))).json());
    expect(texts.placeholder).toBe('Nhập câu hỏi…');
    // the widget lets a citizen type as much as the API accepts, and explains a refusal in their language
    expect(texts.maxLength).toBe(4000);
    expect(texts.invalid).toContain('4000 ký tự');
  });
});
