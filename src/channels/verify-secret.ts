// Compares a webhook's secret header with the expected one in constant time (length first, as
// timingSafeEqual requires equal lengths). The expected value is never logged.
import { timingSafeEqual } from 'node:crypto';

export function isExpectedSecret(received: string | string[] | undefined, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
