// Per-citizen flood control: more than `maxMessages` in `windowMs` gets one polite notice, then
// silence until the window has room again. In memory: a restart forgives everybody, which is fine.
export interface FloodLimits {
  maxMessages: number;
  windowMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { maxMessages: 12, windowMs: 20_000 };

export type FloodVerdict = 'allow' | 'notify' | 'drop';

export class FloodControl {
  private readonly recent = new Map<string, { times: number[]; notified: boolean }>();

  constructor(private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS) {}

  check(key: string, nowMs: number): FloodVerdict {
    const entry = this.recent.get(key) ?? { times: [], notified: false };
    entry.times = entry.times.filter((time) => nowMs - time < this.limits.windowMs);
    if (entry.times.length < this.limits.maxMessages) {
      entry.times.push(nowMs);
      entry.notified = false;
      this.recent.set(key, entry);
      this.forgetIdle(nowMs);
      return 'allow';
    }
    this.recent.set(key, entry);
    if (entry.notified) return 'drop';
    entry.notified = true;
    return 'notify';
  }

  /** Takes back a message counted at `atMs` that was not handled after all (it failed). */
  forget(key: string, atMs: number): void {
    const entry = this.recent.get(key);
    const index = entry?.times.lastIndexOf(atMs) ?? -1;
    if (entry && index >= 0) entry.times.splice(index, 1);
  }

  /** Drops citizens with no message in the window, so memory follows the active ones only. */
  private forgetIdle(nowMs: number): void {
    if (this.recent.size < 10_000) return;
    for (const [key, entry] of this.recent) {
      if (entry.times.every((time) => nowMs - time >= this.limits.windowMs)) this.recent.delete(key);
    }
  }
}
