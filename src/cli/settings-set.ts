// npm run settings:set -- --key broadcasts.settings --value '{"telegramPaidBroadcast":true}'
// Writes one runtime setting, checked against its schema (src/settings/settings-store.ts), and
// records the change in the audit log. The running instances read it within a minute.
import { ZodError } from 'zod';
import { appendAudit } from '../audit/audit-log.js';
import { parseJsonOrNull } from '../lib/json.js';
import { isSettingKey, SETTING_KEYS, writeSetting } from '../settings/settings-store.js';
import { runCli, UsageError } from './run-cli.js';

await runCli(
  { usage: `npm run settings:set -- --key ${SETTING_KEYS.join('|')} --value JSON`, options: { key: { type: 'string' }, value: { type: 'string' } } },
  async ({ args, database, config }) => {
    const key = args.key ?? '';
    if (!isSettingKey(key)) throw new UsageError(`--key must be one of ${SETTING_KEYS.join(', ')}`);
    const value = parseJsonOrNull(args.value ?? '');
    if (value === null) throw new UsageError('--value must be JSON, e.g. \'{"telegramPaidBroadcast":true}\'');
    const { db } = await database();
    let saved: unknown;
    try {
      saved = await writeSetting(db, key, value);
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      throw new UsageError(`the value does not fit ${key}: ${error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`).join('; ')}`);
    }
    await appendAudit(db, { officerId: null, action: 'setting.edit', targetType: 'setting', targetId: key, detail: { value: saved } }, config.database.provider);
    return `${key} = ${JSON.stringify(saved)}`;
  },
);
