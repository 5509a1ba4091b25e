// The key that encrypts reporters' identities (AES-256-GCM). In production it comes from
// DATA_ENCRYPTION_KEY; in the embedded default it is generated once into the data folder, so
// a first start needs no setup, with a warning because the key then sits beside the data.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';

export function resolveEncryptionKey(configured: Buffer | null, dataDir: string, logger: Logger): Buffer {
  if (configured) return configured;
  const file = path.join(dataDir, 'encryption.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32)
      throw new Error(`${file} does not hold a 32-byte hex key; restore it from backup or set DATA_ENCRYPTION_KEY`);
    logger.warn(
      { file },
      'DATA_ENCRYPTION_KEY is not set: using the key in the data folder; set DATA_ENCRYPTION_KEY in production and keep a copy apart from the data',
    );
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  logger.warn(
    { file },
    'DATA_ENCRYPTION_KEY is not set: generated a key into the data folder; back it up, without it identities cannot be read',
  );
  return key;
}
