// The one retry policy every platform call goes through.
import { describe, expect, it } from 'vitest';
import { decideRetry, DEFAULT_RETRY_POLICY } from '../../src/channels/retry.js';
import { classifyTelegramError } from '../../src/channels/telegram/errors.js';

const telegramError = (error_code: number, description: string, retry_after?: number) => ({
  response: { error_code, description, ...(retry_after ? { parameters: { retry_after } } : {}) },
});

describe('the retry policy', () => {
  it.each([
    {
      name: '429 waits exactly retry_after and pauses the channel',
      error: telegramError(429, 'Too Many Requests: retry after 7', 7),
      attempt: 1,
      expected: { action: 'retry', delayMs: 7000, pauseChannel: true },
    },
    {
      name: '5xx backs off exponentially',
      error: telegramError(502, 'Bad Gateway'),
      attempt: 3,
      expected: { action: 'retry', delayMs: 2000, pauseChannel: false },
    },
    {
      name: 'a network error backs off',
      error: new Error('ECONNRESET'),
      attempt: 1,
      expected: { action: 'retry', delayMs: 500, pauseChannel: false },
    },
    {
      name: 'a blocked user is unreachable, never retried',
      error: telegramError(403, 'Forbidden: bot was blocked by the user'),
      attempt: 1,
      expected: {
        action: 'stop',
        outcome: { status: 'unreachable', error: '403: Forbidden: bot was blocked by the user' },
      },
    },
    {
      name: '"chat not found" is unreachable too',
      error: telegramError(400, 'Bad Request: chat not found'),
      attempt: 1,
      expected: { action: 'stop', outcome: { status: 'unreachable', error: '400: Bad Request: chat not found' } },
    },
    {
      name: 'our own bad request is not retried',
      error: telegramError(400, 'Bad Request: message is too long'),
      attempt: 1,
      expected: {
        action: 'stop',
        outcome: { status: 'failed', retryable: false, error: '400: Bad Request: message is too long' },
      },
    },
    {
      name: 'a wrong token is not retried',
      error: telegramError(401, 'Unauthorized'),
      attempt: 1,
      expected: { action: 'stop', outcome: { status: 'failed', retryable: false, error: '401: Unauthorized' } },
    },
    {
      name: 'a long 429 goes back to the caller as rate_limited',
      error: telegramError(429, 'Too Many Requests: retry after 2282', 2282),
      attempt: 1,
      expected: {
        action: 'stop',
        outcome: { status: 'rate_limited', retryAfterMs: 2_282_000, error: '429: Too Many Requests: retry after 2282' },
      },
    },
    {
      name: '5xx gives up after the last attempt, still retryable later',
      error: telegramError(500, 'Internal'),
      attempt: DEFAULT_RETRY_POLICY.maxAttempts,
      expected: { action: 'stop', outcome: { status: 'failed', retryable: true, error: '500: Internal' } },
    },
  ])('$name', ({ error, attempt, expected }) => {
    expect(decideRetry(classifyTelegramError(error), attempt)).toEqual(expected);
  });

  it('caps the back-off', () => {
    expect(
      decideRetry({ code: 503, description: 'x', unreachable: false }, 3, {
        ...DEFAULT_RETRY_POLICY,
        maxAttempts: 99,
        maxDelayMs: 1500,
      }),
    ).toEqual({ action: 'retry', delayMs: 1500, pauseChannel: false });
  });
});
