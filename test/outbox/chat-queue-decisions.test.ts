// The outbox's per-chat queues on their own: what each send outcome does to a chat (sent and
// refused-for-good move on, gone drops the chat, anything retryable holds it with back-off, a
// 429 waits at least what the platform asked), that chats never wait for each other, and the
// backpressure past 64 chats sending at once. The platform is a function of the test.
import { afterEach, describe, expect, it } from 'vitest';
import { ChatQueues, chatKey, DEFAULT_QUEUE_RETRY } from '../../src/outbox/chat-queues.js';
import type { StoredMessage } from '../../src/outbox/outgoing.js';
import type { SendOutcome } from '../../src/outbox/sender.js';

const sent: SendOutcome = { status: 'sent' };
const busy: SendOutcome = { status: 'failed', retryable: true, error: '502: Bad Gateway' };
const refused: SendOutcome = { status: 'failed', retryable: false, error: '400: Bad Request' };
const gone: SendOutcome = { status: 'unreachable', error: '403: Forbidden: bot was blocked by the user' };
const slowDown = (retryAfterMs: number): SendOutcome => ({ status: 'rate_limited', retryAfterMs, error: '429' });

let nextId = 1;
function message(citizen: string | null, text: string, chatId = `chat-${citizen}`): StoredMessage {
  return {
    id: nextId++,
    recipient: { channel: 'telegram', citizenId: citizen, platformUserId: citizen, chatId },
    reply: { kind: 'notice', text },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(5);
  }
}

/** A platform whose answers the test scripts per text; it records every call. */
function world(script: Record<string, SendOutcome[]> = {}) {
  const calls: { text: string; chatId: string; at: number }[] = [];
  const finished: { texts: string[]; outcome: SendOutcome }[] = [];
  const retrying: { text: string; outcome: SendOutcome; delayMs: number }[] = [];
  const queues = new ChatQueues({
    retry: { baseMs: 20, maxMs: 1_000 },
    send: async (next) => {
      const text = next.reply.text;
      calls.push({ text, chatId: next.recipient.chatId, at: Date.now() });
      return script[text]?.shift() ?? sent;
    },
    finished: async (messages, outcome) => {
      finished.push({ texts: messages.map((each) => each.reply.text), outcome });
    },
    retrying: async (next, outcome, delayMs) => {
      retrying.push({ text: next.reply.text, outcome, delayMs });
    },
  });
  return { queues, calls, finished, retrying };
}

let running: ChatQueues[] = [];
afterEach(async () => {
  await Promise.all(running.map((queues) => queues.stop()));
  running = [];
});
function started(script?: Record<string, SendOutcome[]>) {
  const made = world(script);
  running.push(made.queues);
  return made;
}

describe('the outbox’s chat queues', () => {
  it('keys a chat by its channel and citizen, and a group chat by its chat id', () => {
    expect(chatKey(message('c1', 'x'))).toBe('telegram\u0000c1');
    expect(chatKey(message(null, 'x', '-100'))).toBe('telegram\u0000chat:-100');
  });

  it('waits 2 s after the first failed round by default, doubling up to 5 minutes', () => {
    expect(DEFAULT_QUEUE_RETRY).toEqual({ baseMs: 2_000, maxMs: 300_000 });
  });

  it('sends a chat’s messages one at a time in order, and finishes each as sent', async () => {
    const { queues, calls, finished } = started();
    queues.push([message('c1', 'one'), message('c1', 'two'), message('c1', 'three')]);
    await until(() => finished.length === 3);
    expect(calls.map((call) => call.text)).toEqual(['one', 'two', 'three']);
    expect(finished).toEqual([
      { texts: ['one'], outcome: sent },
      { texts: ['two'], outcome: sent },
      { texts: ['three'], outcome: sent },
    ]);
  });

  it('sends every queued message to the chat id its newest message carries', async () => {
    const { queues, calls, finished } = started({ old: [busy] });
    queues.push([message('c1', 'old', 'chat-before')]);
    await until(() => calls.length === 1);
    queues.push([message('c1', 'new', 'chat-after')]);
    await until(() => finished.length === 2);
    expect(calls.map((call) => `${call.text}@${call.chatId}`)).toEqual([
      'old@chat-before',
      'old@chat-after',
      'new@chat-after',
    ]);
  });

  it('moves on past a message the platform refuses for good, and finishes it as failed', async () => {
    const { queues, calls, finished, retrying } = started({ bad: [refused] });
    queues.push([message('c1', 'bad'), message('c1', 'good')]);
    await until(() => finished.length === 2);
    expect(calls.map((call) => call.text)).toEqual(['bad', 'good']);
    expect(finished[0]).toEqual({ texts: ['bad'], outcome: refused });
    expect(retrying).toEqual([]);
  });

  it('drops the whole queue of a chat that is gone, in one go, and sends nothing more to it', async () => {
    const { queues, calls, finished } = started({ first: [gone] });
    queues.push([message('c1', 'first'), message('c1', 'second'), message('c1', 'third')]);
    await until(() => finished.length === 1);
    await sleep(100);
    expect(calls.map((call) => call.text)).toEqual(['first']);
    expect(finished).toEqual([{ texts: ['first', 'second', 'third'], outcome: gone }]);
  });

  it('holds a chat after a retryable failure, tells once per streak with the back-off, and keeps the order', async () => {
    const { queues, calls, finished, retrying } = started({ one: [busy, busy, busy] });
    queues.push([message('c1', 'one'), message('c1', 'two')]);
    await until(() => finished.length === 2, 5_000);
    expect(calls.map((call) => call.text)).toEqual(['one', 'one', 'one', 'one', 'two']);
    // told once for the streak, with the first back-off (base 20 ms)
    expect(retrying).toEqual([{ text: 'one', outcome: busy, delayMs: 20 }]);
    expect(finished.map((each) => each.texts)).toEqual([['one'], ['two']]);
  });

  it('starts a new streak (and a short back-off) after a message went through', async () => {
    const { queues, finished, retrying } = started({ one: [busy, busy], two: [busy] });
    queues.push([message('c1', 'one'), message('c1', 'two')]);
    await until(() => finished.length === 2, 5_000);
    expect(retrying).toEqual([
      { text: 'one', outcome: busy, delayMs: 20 },
      { text: 'two', outcome: busy, delayMs: 20 },
    ]);
  });

  it('backs off exponentially between rounds: 20, 40, 80 ms', async () => {
    const { queues, calls, finished } = started({ one: [busy, busy, busy] });
    queues.push([message('c1', 'one')]);
    await until(() => finished.length === 1, 5_000);
    const times = calls.map((call) => call.at);
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(78);
  });

  it('waits what a 429 asked when it is longer than the back-off, and the back-off when it is shorter', async () => {
    const { queues, finished, retrying } = started({ long: [slowDown(150)], short: [slowDown(5)] });
    queues.push([message('c1', 'long'), message('c2', 'short')]);
    await until(() => finished.length === 2, 5_000);
    expect(retrying.find((each) => each.text === 'long')?.delayMs).toBe(150);
    expect(retrying.find((each) => each.text === 'short')?.delayMs).toBe(20);
  });

  it('lets other chats send while one chat waits out its back-off', async () => {
    const { queues, calls, finished } = started({ stuck: [busy, busy, busy, busy, busy] });
    queues.push([message('slow', 'stuck'), message('fast', 'a'), message('fast', 'b')]);
    await until(() => finished.some((each) => each.texts.includes('b')));
    expect(finished.flatMap((each) => each.texts)).not.toContain('stuck');
    expect(calls.filter((call) => call.text === 'stuck').length).toBeLessThan(5);
  });

  it('sends one message of a chat at a time, even when more arrive while one is on its way', async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const queues = new ChatQueues({
      send: async (next) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(30);
        order.push(next.reply.text);
        inFlight -= 1;
        return sent;
      },
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    running.push(queues);
    queues.push([message('c1', 'one')]);
    await sleep(5);
    queues.push([message('c1', 'two')]);
    queues.push([message('c1', 'three')]);
    await until(() => order.length === 3);
    expect(order).toEqual(['one', 'two', 'three']);
    expect(most).toBe(1);
  });

  it('keeps a new message of a chat behind the message waiting out its back-off', async () => {
    const calls: { text: string; at: number }[] = [];
    const queues = new ChatQueues({
      retry: { baseMs: 300, maxMs: 300 },
      send: async (next) => {
        calls.push({ text: next.reply.text, at: Date.now() });
        return calls.length === 1 ? busy : sent;
      },
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    running.push(queues);
    queues.push([message('c1', 'one')]);
    await until(() => calls.length === 1);
    // the failed round is over: the chat only waits for its timer now
    await sleep(30);
    queues.push([message('c1', 'two')]);
    await sleep(150);
    expect(calls.map((call) => call.text)).toEqual(['one']);
    await until(() => calls.length === 3);
    expect(calls.map((call) => call.text)).toEqual(['one', 'one', 'two']);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('does not send again, after a stop and a restart, what was waiting out a back-off or failed as it stopped', async () => {
    const calls: string[] = [];
    const retrying: { text: string; delayMs: number }[] = [];
    // a back-off long enough to still be running when the test stops the queues
    const queues = new ChatQueues({
      retry: { baseMs: 100, maxMs: 100 },
      send: async (next) => (calls.push(next.reply.text), calls.length === 1 ? busy : sent),
      finished: async () => undefined,
      retrying: async (next, _outcome, delayMs) => void retrying.push({ text: next.reply.text, delayMs }),
    });
    running.push(queues);
    queues.push([message('c1', 'waiting')]);
    await until(() => retrying.length === 1);
    // a send that fails because the app is stopping
    const aborted: string[] = [];
    const hanging = new ChatQueues({
      retry: { baseMs: 20, maxMs: 20 },
      send: (next, signal) =>
        new Promise<SendOutcome>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted.push(next.reply.text);
            resolve(busy);
          }),
        ),
      finished: async () => undefined,
      retrying: async (next) => void retrying.push({ text: next.reply.text, delayMs: 0 }),
    });
    running.push(hanging);
    hanging.push([message('c2', 'in flight')]);
    await sleep(10);
    await Promise.all([queues.stop(), hanging.stop()]);
    queues.restart();
    hanging.restart();
    await sleep(250);
    expect(calls).toEqual(['waiting']);
    expect(aborted).toEqual(['in flight']);
    expect(retrying.map((each) => each.text)).toEqual(['waiting']);
  });

  it('waits in stop() for the call in flight to end', async () => {
    let ended = false;
    const queues = new ChatQueues({
      send: (_message, signal) =>
        new Promise<SendOutcome>((resolve) =>
          signal.addEventListener('abort', () =>
            setTimeout(() => {
              ended = true;
              resolve(busy);
            }, 100),
          ),
        ),
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    queues.push([message('c1', 'slow to stop')]);
    await sleep(10);
    await queues.stop();
    expect(ended).toBe(true);
  });

  it('leaves a running queue alone when restarted without a stop: a later stop still aborts its call', async () => {
    let aborted = false;
    const queues = new ChatQueues({
      send: (_message, signal) =>
        new Promise<SendOutcome>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(busy);
          }),
        ),
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    queues.push([message('c1', 'hanging')]);
    await sleep(10);
    queues.restart();
    await queues.stop();
    expect(aborted).toBe(true);
  });

  it('after stop(), sends nothing of what was queued or retrying, and forgets it', async () => {
    const { queues, calls, finished } = started({ one: [busy] });
    queues.push([message('c1', 'one'), message('c1', 'two')]);
    await until(() => calls.length === 1);
    await queues.stop();
    await sleep(100);
    expect(calls.map((call) => call.text)).toEqual(['one']);
    expect(finished).toEqual([]);
    // pushed while stopped: not sent; after a restart, sending starts again
    queues.push([message('c2', 'held')]);
    await sleep(50);
    expect(calls).toHaveLength(1);
    queues.restart();
    queues.push([message('c3', 'after')]);
    await until(() => finished.length === 1);
    expect(finished[0]?.texts).toEqual(['after']);
  });

  it('aborts the call in flight when stopped', async () => {
    let aborted = false;
    const queues = new ChatQueues({
      send: (_message, signal) =>
        new Promise<SendOutcome>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ status: 'failed', retryable: true, error: 'aborted' });
          });
        }),
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    queues.push([message('c1', 'hanging')]);
    await sleep(20);
    await queues.stop();
    expect(aborted).toBe(true);
  });

  it('does not hold a webhook while at most 64 chats are sending; past that it waits for a sender to finish', async () => {
    const releases: (() => void)[] = [];
    const queues = new ChatQueues({
      send: () => new Promise<SendOutcome>((resolve) => releases.push(() => resolve(sent))),
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    running.push(queues);
    queues.push(Array.from({ length: 64 }, (_, index) => message(`c${index}`, 'x')));
    await until(() => releases.length === 64);
    const atLimit = Date.now();
    await queues.caughtUp();
    expect(Date.now() - atLimit).toBeLessThan(1_000);

    queues.push([message('c64', 'x')]);
    await until(() => releases.length === 65);
    let caughtUp = false;
    const waiting = queues.caughtUp().then(() => (caughtUp = true));
    await sleep(200);
    expect(caughtUp).toBe(false);
    const released = Date.now();
    releases[0]?.();
    await waiting;
    expect(caughtUp).toBe(true);
    expect(Date.now() - released).toBeLessThan(1_000);
    for (const release of releases.slice(1)) release();
  });

  it('gives up waiting for the senders after 5 seconds: the messages are stored anyway', async () => {
    const queues = new ChatQueues({
      send: () => new Promise<SendOutcome>(() => undefined),
      finished: async () => undefined,
      retrying: async () => undefined,
    });
    queues.push(Array.from({ length: 65 }, (_, index) => message(`c${index}`, 'x')));
    const start = Date.now();
    const waiting = queues.caughtUp();
    await sleep(4_000);
    let done = false;
    void waiting.then(() => (done = true));
    await sleep(10);
    expect(done).toBe(false);
    await waiting;
    expect(Date.now() - start).toBeGreaterThanOrEqual(4_990);
    expect(Date.now() - start).toBeLessThan(8_000);
    // stop() ends a pending wait at once
    const again = queues.caughtUp();
    const stopping = Date.now();
    void queues.stop();
    await again;
    expect(Date.now() - stopping).toBeLessThan(1_000);
  }, 15_000);
});
