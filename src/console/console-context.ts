// What the console's routes are built from: explicit dependencies, given by the composition
// root (src/app.ts) or a test, so a route depends on exactly these and nothing else.
import type { AuditAnchors } from '../audit/audit-anchor.js';
import type { AuditChain } from '../audit/audit-log.js';
import type { ElectionConfig } from '../config/election.js';
import type { DatabaseTarget } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { Translator } from '../i18n.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../logger.js';
import type { Throttle } from '../security/throttle.js';

export interface ConsoleContext {
  db: Db;
  provider: DatabaseTarget['provider'];
  clock: Clock;
  logger: Logger;
  i18n: Translator;
  election: ElectionConfig;
  /** the application key: identities in the CSV export, TOTP secrets */
  encryptionKey: Buffer;
  /** the session cookie is marked Secure (PUBLIC_URL is https; also when a trusted proxy says https) */
  secureCookies: boolean;
  /** the keyed audit chain every officer action is appended to */
  audit: AuditChain;
  /** the chain's anchors outside the database, and its verification */
  auditAnchors: AuditAnchors;
  /** abuse limits shared by every instance (sign-in, second factor) */
  throttle: Throttle;
}
