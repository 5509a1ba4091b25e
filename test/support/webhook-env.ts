// The environment that switches the app to webhook mode with both platforms on, against the
// fake Telegram and Zalo servers: shared by the tests that post webhooks themselves.
import type { FakeTelegram } from './fake-telegram.js';
import type { FakeZalo } from './fake-zalo.js';

export function webhookModeEnv(
  telegram: FakeTelegram,
  zalo: FakeZalo,
  secrets: { telegram: string; zalo: string },
): Record<string, string> {
  return {
    PUBLIC_URL: 'https://cutri.example.gov.vn',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: secrets.telegram,
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zalo.url,
    ZALO_WEBHOOK_SECRET: secrets.zalo,
    // with PUBLIC_URL set, /metrics must be protected (or declared private)
    METRICS_TOKEN: 'webhook-tests-metrics-token',
  };
}
