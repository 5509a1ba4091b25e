// Slows down guessing a ticket's 6-digit PIN, in the database so that it holds across
// instances. Wrong PINs are counted per (code, requester) — the requester being the web chat's
// address or the Telegram/Zalo account — so whoever types wrong PINs for someone's code blocks
// only himself, never the owner; and per requester over all codes, so guesses cannot be spread
// over many codes instead. A requester past either limit gets "not found" for an hour.
import type { Throttle } from '../security/throttle.js';

const WINDOW_MS = 3_600_000;

export interface PinGuard {
  isLocked(code: string, requester: string): Promise<boolean>;
  recordFailure(code: string, requester: string): Promise<void>;
}

export function createPinGuard(
  throttle: Throttle,
  limits: { perCodeAndRequester: number; perRequester: number },
): PinGuard {
  const pair = (code: string, requester: string) => `${code}\n${requester}`;
  return {
    async isLocked(code, requester) {
      const [forCode, overall] = await Promise.all([
        throttle.count('pin-pair', pair(code, requester), WINDOW_MS),
        throttle.count('pin-requester', requester, WINDOW_MS),
      ]);
      return forCode >= limits.perCodeAndRequester || overall >= limits.perRequester;
    },
    async recordFailure(code, requester) {
      await Promise.all([
        throttle.hit('pin-pair', pair(code, requester), WINDOW_MS),
        throttle.hit('pin-requester', requester, WINDOW_MS),
      ]);
    },
  };
}
