// The audit log as the application uses it: the keyed chain (key derived from the data key) and
// its anchors (log line, the cutri_audit_head metric, a file in the data folder).
import path from 'node:path';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { deriveKey } from '../security/derived-keys.js';
import { createAuditAnchors, type AuditAnchors } from './audit-anchor.js';
import { createAuditChain, type AuditChain } from './audit-log.js';

export interface AuditServices {
  audit: AuditChain;
  auditAnchors: AuditAnchors;
}

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

export function createAuditServices(deps: {
  db: Db;
  provider: 'sqlite' | 'postgresql';
  dataKey: Buffer;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  metrics?: Pick<Metrics, 'auditHead'>;
}): AuditServices {
  const { db, clock, logger, metrics } = deps;
  const audit = createAuditChain({ db, provider: deps.provider, key: deriveKey(deps.dataKey, 'audit-chain'), clock });
  const auditAnchors = createAuditAnchors({
    db,
    chain: audit,
    clock,
    logger,
    anchorFile: path.join(deps.dataDir, AUDIT_ANCHOR_FILE),
    // a command-line tool has no metrics: its anchor goes to the log and the file
    ...(metrics
      ? {
          onAnchor: (anchor) => {
            metrics.auditHead.reset();
            metrics.auditHead.set({ hash: anchor.headHash }, anchor.headId);
          },
        }
      : {}),
  });
  return { audit, auditAnchors };
}
