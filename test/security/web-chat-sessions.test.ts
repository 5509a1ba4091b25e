// Web chat sessions are the server's: ids it issues (signed, not guessable), refused when made
// up, read from a header rather than the address; the widget starts over when its id is refused;
// and one address can file only so many tickets an hour, with a clear message and nothing lost.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createWebChatSessionIds } from '../../src/channels/web/web-chat-session.js';
import { deriveKey } from '../../src/security/derived-keys.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchChromium } from '../support/browser.js';
import { testProviders } from '../support/databases.js';
import { newChatSession, postChat, say, SteppingClock, walkPetitionToSummary } from '../ops/web-chat-client.js';

const providers = await testProviders();
const started = z.object({ sessionId: z.string(), replies: z.array(z.object({ text: z.string() })) });
const refused = z.object({ error: z.literal('session'), message: z.string() });

describe.each(providers)('web chat sessions on %s', (provider) => {
  let test: TestApp;
  const clock = new SteppingClock();
  beforeAll(async () => {
    test = await startTestApp(provider, {}, { clock });
  });
  afterAll(async () => {
    await test?.stop();
  });

  const post = (body: Record<string, unknown>) =>
    fetch(new URL('/api/chat/messages', test.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const pull = (headers: Record<string, string>, query = 'after=0') =>
    fetch(new URL(`/api/chat/messages?${query}`, test.url), { headers });

  it('issues a signed session id with the first answer, refuses one it did not issue, and reads pushed messages by header only', async () => {
    const first = started.parse(await (await post({ text: 'xin chào' })).json());
    expect(first.sessionId).toMatch(/^[A-Za-z0-9_-]{46}$/);
    expect(first.replies.length).toBeGreaterThan(0);
    const again = started.parse(await (await post({ sessionId: first.sessionId, choice: 'consent:yes' })).json());
    expect(again.sessionId).toBe(first.sessionId);

    const tampered = `${first.sessionId.slice(0, -1)}${first.sessionId.endsWith('A') ? 'B' : 'A'}`;
    for (const sessionId of [tampered, 'a'.repeat(46), 'my-own-session-id-0001', 'x']) {
      const answer = await post({ sessionId, text: 'xin chào' });
      expect(answer.status, sessionId).toBe(401);
      refused.parse(await answer.json());
    }
    expect(
      await test.app.context.db.citizen.count({
        where: { channel: 'web', platformUserId: { in: [tampered, 'a'.repeat(46), 'my-own-session-id-0001'] } },
      }),
    ).toBe(0);

    expect((await pull({ 'x-chat-session': first.sessionId })).status).toBe(200);
    expect((await pull({}, `sessionId=${first.sessionId}&after=0`)).status).toBe(401);
    expect((await pull({ 'x-chat-session': tampered })).status).toBe(401);
    // another instance with the same DATA_ENCRYPTION_KEY issues ids this one accepts
    const otherInstance = createWebChatSessionIds(deriveKey(test.app.context.encryptionKey, 'web-chat-session'));
    expect((await post({ sessionId: otherInstance.issue(), text: 'xin chào' })).status).toBe(200);
  });

  it(
    'files at most 20 tickets an hour from one address, says so in Vietnamese, still 5 s before the hour is over, and keeps the form to confirm after it',
    { timeout: 120_000 },
    async () => {
      // filings are counted per clock hour: start just after one begins, at midnight UTC (so a
      // count kept for 2, 3, 4, 6, 8, 12 or 24 hours would show)
      const hour = 3_600_000;
      const start = (Math.floor(clock.now().getTime() / (24 * hour)) + 1) * 24 * hour + 1000;
      clock.offsetMs += start - clock.now().getTime();
      for (let filed = 1; filed <= 20; filed += 1) {
        const session = newChatSession();
        await walkPetitionToSummary(test.url, session);
        expect((await say(test.url, session, { choice: 'confirm' })).map((reply) => reply.text).join('\n')).toMatch(
          /PA-\d{4}-\d{5}/,
        );
      }
      const late = newChatSession();
      await walkPetitionToSummary(test.url, late);
      const refusal = await say(test.url, late, { choice: 'confirm' });
      const text = refusal.map((reply) => reply.text).join('\n');
      expect(text).toContain('Trong một giờ qua đã có 20 phiếu gửi từ cùng một mạng với bạn');
      expect(text).not.toMatch(/PA-\d{4}-\d{5}/);
      expect(refusal.flatMap((reply) => reply.options?.map((option) => option.id) ?? [])).toContain('confirm');
      // 5 s before the hour is over: still refused
      clock.offsetMs += start - 1000 + hour - 5000 - clock.now().getTime();
      const stillRefused = await say(test.url, late, { choice: 'confirm' });
      expect(stillRefused.map((reply) => reply.text).join('\n')).toContain('Trong một giờ qua đã có 20 phiếu');
      // once the hour is over the same form, kept as it was, is filed
      clock.offsetMs += start - 1000 + hour + 1000 - clock.now().getTime();
      const confirmed = await postChat(test.url, late, { choice: 'confirm' });
      expect(JSON.stringify(confirmed.body)).toMatch(/PA-\d{4}-\d{5}/);
    },
  );
});

describe('the web chat widget with a session the server no longer knows', () => {
  let test: TestApp;
  let browser: Browser | undefined;
  beforeAll(async () => {
    test = await startTestApp('sqlite');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('starts over with a new session from the server, and never puts the id in an address', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    const stale = 'S'.repeat(46);
    await page.addInitScript({ content: `localStorage.setItem('cutri-chat-session', '${stale}')` });
    const posted: unknown[] = [];
    const addresses: string[] = [];
    page.on('request', (request) => {
      addresses.push(request.url());
      if (request.method() === 'POST' && request.url().endsWith('/api/chat/messages'))
        posted.push(request.postDataJSON());
    });
    await page.goto(new URL('/chat', test.url).href);
    await page.getByRole('button', { name: 'Tôi đồng ý' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).waitFor();
    const kept = z.string().parse(await page.evaluate("localStorage.getItem('cutri-chat-session')"));
    expect(kept).not.toBe(stale);
    expect(kept).toMatch(/^[A-Za-z0-9_-]{46}$/);
    const bodies = z.array(z.object({ sessionId: z.string().optional() })).parse(posted);
    expect(bodies[0]?.sessionId).toBe(stale);
    expect(bodies[1]?.sessionId).toBeUndefined();
    expect(bodies.at(-1)?.sessionId).toBe(kept);
    expect(addresses.filter((address) => address.includes(stale) || address.includes(kept))).toEqual([]);
  });
});
