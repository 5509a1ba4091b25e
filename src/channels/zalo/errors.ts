// Zalo's answers, classified for the retry policy (as telegram/errors.ts does for Telegram), and
// the hint the log gives when the channel cannot start: what the operator should do.
import { describeError } from '../../lib/errors.js';
import type { PlatformFailure } from '../retry.js';
import { ZaloApiError } from './zalo-client.js';

export function classifyZaloError(error: unknown): PlatformFailure {
  if (!(error instanceof ZaloApiError)) return { description: describeError(error), unreachable: false };
  return {
    ...(error.code !== undefined ? { code: error.code } : {}),
    description: error.description,
    unreachable: error.code === 403 || /blocked|not allowed to send|user not found|chặn/i.test(error.description),
  };
}

export function zaloStartHint(error: unknown): string {
  if (error instanceof ZaloApiError && (error.code === 401 || error.code === 404))
    return 'the bot token was rejected: check ZALO_BOT_TOKEN (from Zalo Bot Creator)';
  if (error instanceof ZaloApiError && error.code === undefined)
    return 'the Zalo Bot API cannot be reached: check the network or ZALO_API_ROOT';
  return 'Zalo refused the call';
}
