// The sending side of the outbox, in memory: one queue per chat. A chat's messages leave one at
// a time, in order; chats never wait for each other. A message refused for a retryable reason
// (a 429 storm, 5xx, a call that timed out) holds its chat's queue, which is tried again with
// back-off until it goes through. A chat that is gone has its queue dropped.
//
// Backpressure: a webhook is answered once its replies are stored, so nothing would stop the
// platform from handing over updates faster than their replies can be sent; calls would then
// wait behind each other until they time out and go twice. When too many chats are sending at
// once, `caughtUp()` waits (a few seconds at most) for the senders, which slows the platform's
// deliveries down to what can be sent. Chats waiting out an outage do not count.
import { setMaxListeners } from 'node:events';
import { backoffMs, wait, type BackoffPolicy } from '../lib/backoff.js';
import type { StoredMessage } from './outgoing.js';
import type { SendOutcome } from './sender.js';

/** chats sending at once before caughtUp() waits for the senders (the Bot API agent keeps 64 sockets) */
const MAX_SENDING_CHATS = 64;
/** the longest caughtUp() waits: the messages are stored, they go out later anyway */
const MAX_BACKPRESSURE_WAIT_MS = 5_000;

export const DEFAULT_QUEUE_RETRY: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

export interface ChatQueuesOptions {
  /** one platform call for one message; never throws */
  send(message: StoredMessage, signal: AbortSignal): Promise<SendOutcome>;
  /** the messages are done (sent, refused for good, or their chat is gone): forget them */
  finished(messages: StoredMessage[], outcome: SendOutcome): Promise<void>;
  /** the first failed round of a streak: the chat waits `delayMs` */
  retrying(message: StoredMessage, outcome: SendOutcome, delayMs: number): Promise<void>;
  retry?: BackoffPolicy;
}

interface ChatQueue {
  key: string;
  queued: StoredMessage[];
  draining: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
  failedRounds: number;
}

export function chatKey(message: StoredMessage): string {
  const { channel, citizenId, chatId } = message.recipient;
  return `${channel}\u0000${citizenId ?? `chat:${chatId}`}`;
}

export class ChatQueues {
  private readonly chats = new Map<string, ChatQueue>();
  private sendingChats = 0;
  private readonly waitingForSenders = new Set<() => void>();
  private stopping = stopController();

  constructor(private readonly options: ChatQueuesOptions) {}

  /** Queues the messages behind what their chats still have queued, and starts sending. */
  push(messages: readonly StoredMessage[]): void {
    const touched = new Set<ChatQueue>();
    for (const message of messages) {
      const queue = this.queueOf(chatKey(message));
      // the newest row knows the chat id the platform gave last
      for (const queued of queue.queued) queued.recipient = message.recipient;
      queue.queued.push(message);
      touched.add(queue);
    }
    for (const queue of touched) this.drain(queue);
  }

  /** Resolves once the senders are not overwhelmed (see Backpressure above), or after a few seconds. */
  async caughtUp(): Promise<void> {
    if (this.sendingChats <= MAX_SENDING_CHATS) return;
    const controller = new AbortController();
    const done = () => controller.abort();
    this.waitingForSenders.add(done);
    await wait(MAX_BACKPRESSURE_WAIT_MS, controller.signal);
    this.waitingForSenders.delete(done);
  }

  /** Sending may start again after a stop. */
  restart(): void {
    if (this.stopping.signal.aborted) this.stopping = stopController();
  }

  /** Stops sending (a call in flight is aborted) and forgets what is queued: it stays in the database. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const draining: Promise<void>[] = [];
    for (const queue of this.chats.values()) {
      if (queue.retryTimer) clearTimeout(queue.retryTimer);
      if (queue.draining) draining.push(queue.draining);
    }
    this.chats.clear();
    for (const done of this.waitingForSenders) done();
    await Promise.all(draining);
  }

  private queueOf(key: string): ChatQueue {
    let queue = this.chats.get(key);
    if (!queue) {
      queue = { key, queued: [], draining: null, retryTimer: null, failedRounds: 0 };
      this.chats.set(key, queue);
    }
    return queue;
  }

  private canSend(queue: ChatQueue): boolean {
    return queue.queued.length > 0 && queue.retryTimer === null && !this.stopping.signal.aborted;
  }

  private drain(queue: ChatQueue): void {
    if (queue.draining || !this.canSend(queue)) return;
    this.sendingChats++;
    queue.draining = this.sendQueued(queue).finally(() => {
      this.sendingChats--;
      if (this.sendingChats <= MAX_SENDING_CHATS) for (const done of this.waitingForSenders) done();
    });
  }

  /** Started only when canSend(queue): the loop awaits before it can end. */
  private async sendQueued(queue: ChatQueue): Promise<void> {
    while (this.canSend(queue)) {
      const [next] = queue.queued;
      if (!next) break;
      const outcome = await this.options.send(next, this.stopping.signal);
      if (!(await this.settle(queue, next, outcome))) break;
    }
    // set without an await since the last canSend(): a message pushed meanwhile starts a new drain
    queue.draining = null;
    if (queue.queued.length === 0 && queue.retryTimer === null && this.chats.get(queue.key) === queue)
      this.chats.delete(queue.key);
  }

  /** What the outcome means for the chat; false when its queue must wait (or is gone). */
  private async settle(queue: ChatQueue, message: StoredMessage, outcome: SendOutcome): Promise<boolean> {
    if (outcome.status === 'sent' || (outcome.status === 'failed' && !outcome.retryable)) {
      queue.failedRounds = 0;
      await this.options.finished(queue.queued.splice(0, 1), outcome);
      return true;
    }
    if (outcome.status === 'unreachable') {
      await this.options.finished(queue.queued.splice(0), outcome);
      return false;
    }
    if (this.stopping.signal.aborted) return false;
    queue.failedRounds += 1;
    const backOff = backoffMs(queue.failedRounds, this.options.retry ?? DEFAULT_QUEUE_RETRY);
    const delayMs = outcome.status === 'rate_limited' ? Math.max(outcome.retryAfterMs, backOff) : backOff;
    queue.retryTimer = setTimeout(() => {
      queue.retryTimer = null;
      this.drain(queue);
    }, delayMs);
    if (queue.failedRounds === 1) await this.options.retrying(message, outcome, delayMs);
    return false;
  }
}

/** Every send in flight listens to it (one per chat sending): no listener limit applies. */
function stopController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
