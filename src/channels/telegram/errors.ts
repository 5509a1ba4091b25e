// Telegram's answers, classified per telegram-notes.md. Matches on code AND description: codes
// alone are not stable, and 400 "chat not found" is as final as a 403.
import { z } from 'zod';
import { describeError } from '../../lib/errors.js';
import type { PlatformFailure } from '../retry.js';

const telegramErrorShape = z.object({
  response: z.object({
    error_code: z.number(),
    description: z.string().default(''),
    parameters: z.object({ retry_after: z.number().optional() }).optional(),
  }),
});

const UNREACHABLE =
  /bot was blocked by the user|user is deactivated|bot was kicked|bot can't initiate conversation|chat not found|not enough rights to send|have no rights to send|PEER_ID_INVALID/i;

export function classifyTelegramError(error: unknown): PlatformFailure {
  const parsed = telegramErrorShape.safeParse(error);
  if (!parsed.success) return { description: describeError(error), unreachable: false };
  const { error_code: code, description, parameters } = parsed.data.response;
  return {
    code,
    description,
    ...(parameters?.retry_after !== undefined ? { retryAfterSeconds: parameters.retry_after } : {}),
    unreachable: code === 403 || (code === 400 && UNREACHABLE.test(description)),
  };
}

/** A hint for the log when the channel cannot start: what the operator should do. */
export function telegramStartHint(failure: PlatformFailure): string {
  if (failure.code === 401 || failure.code === 404)
    return 'the bot token was rejected: check TELEGRAM_BOT_TOKEN (copy it from @BotFather)';
  if (failure.code === 409)
    return 'another instance is using this bot (polling or webhook): run only one, or set PUBLIC_URL for webhook mode';
  if (failure.code === undefined) return 'the Bot API server cannot be reached: check the network or TELEGRAM_API_ROOT';
  return 'Telegram refused the call';
}
