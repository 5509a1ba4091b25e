// npm run settings:set -- --key broadcasts.settings --value '{"telegramPaidBroadcast":true}'
// Writes one runtime setting, checked against its schema (src/settings/settings-store.ts), and
// records the change in the audit log (the keyed chain, anchored like the app's appends). The
// running instances read it within a minute.
import { ZodError } from 'zod';
import { createAuditServices } from '../audit/audit-setup.js';
import { systemClock } from '../lib/clock.js';
import { parseJsonOrNull } from '../lib/json.js';
import { createLogger } from '../logger.js';
import { resolveEncryptionKey } from '../security/encryption-key.js';
import { isSettingKey, SETTING_KEYS, writeSetting } from '../settings/settings-store.js';
import { runCli, UsageError } from './run-cli.js';

await runCli(
  {
    usage: `npm run settings:set -- --key ${SETTING_KEYS.join('|')} --value JSON`,
    options: { key: { type: 'string' }, value: { type: 'string' } },
  },
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
      throw new UsageError(
        `the value does not fit ${key}: ${error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`).join('; ')}`,
      );
    }
    const logger = createLogger(config.logLevel, process.stderr);
    const dataKey = resolveEncryptionKey(config.dataEncryptionKey, config.dataDir, logger);
    const { audit, auditAnchors } = createAuditServices({
      db,
      provider: config.database.provider,
      dataKey,
      clock: systemClock,
      logger,
      dataDir: config.dataDir,
    });
    // as at the app's start: the last anchor is checked against the database before appending
    await auditAnchors.anchor();
    await audit.append(db, {
      officerId: null,
      action: 'setting.edit',
      targetType: 'setting',
      targetId: key,
      detail: { value: saved },
    });
    await auditAnchors.close();
    return `${key} = ${JSON.stringify(saved)}`;
  },
);
