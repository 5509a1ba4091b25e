// Pacing of one channel's broadcast: a token bucket for the platform's global rate, a pause the
// whole channel honours after a 429, and at least one second between two messages to one chat.
import { wait } from '../lib/backoff.js';

const ONE_CHAT_SPACING_MS = 1000;

export class BroadcastPacer {
  private tokens = 1;
  private refilledAt = Date.now();
  private pausedUntil = 0;
  private readonly lastToChat = new Map<string, number>();

  constructor(private ratePerSecond: number) {}

  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond;
  }

  /** Every send on this channel waits until then (Telegram's retry_after applies to the bot). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Messages per second now. */
  get rate(): number {
    return this.ratePerSecond;
  }

  /** Resolves when one message to `chatId` may go out; rejects when `signal` aborts. */
  async acquire(chatId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      const blocked = Math.max(this.pausedUntil - now, this.chatWait(chatId, now));
      const waitMs = blocked > 0 ? blocked : this.takeToken(now);
      if (waitMs <= 0) {
        this.lastToChat.set(chatId, now);
        this.pruneChats(now);
        return;
      }
      await wait(waitMs, signal);
      signal.throwIfAborted();
    }
  }

  private chatWait(chatId: string, now: number): number {
    const last = this.lastToChat.get(chatId);
    return last === undefined ? 0 : last + ONE_CHAT_SPACING_MS - now;
  }

  /** 0 when a token was taken; otherwise the milliseconds until the next one. */
  private takeToken(now: number): number {
    if (!Number.isFinite(this.ratePerSecond)) return 0;
    // A burst of a tenth of a second keeps the rate smooth without idling the bucket.
    const capacity = Math.max(1, this.ratePerSecond / 10);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
  }

  private pruneChats(now: number): void {
    if (this.lastToChat.size < 10_000) return;
    for (const [chatId, at] of this.lastToChat) if (now - at >= ONE_CHAT_SPACING_MS) this.lastToChat.delete(chatId);
  }
}
