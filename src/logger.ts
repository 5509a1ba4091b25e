// Structured logs (pino). Secrets never reach them: headers and fields that can carry a token,
// a password, a session or a reporter's identity are redacted wherever they appear.
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-bot-api-secret-token"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.secret',
  '*.identity',
  '*.fullName',
  '*.phone',
  '*.address',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'cu-tri' } },
    destination,
  );
}
