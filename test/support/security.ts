// The security services the domain needs, for tests that build a service without the whole app:
// a keyed audit chain and the database-backed throttle, each with a fresh random key.
import { randomBytes } from 'node:crypto';
import { createAuditChain, type AuditChain } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/database.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { createThrottle, type Throttle } from '../../src/security/throttle.js';
import type { Provider } from './databases.js';

export function testAuditChain(db: Db, provider: Provider, clock: Clock = systemClock): AuditChain {
  return createAuditChain({ db, provider, key: randomBytes(32), clock });
}

export function testThrottle(db: Db, clock: Clock = systemClock): Throttle {
  return createThrottle({ db, clock, subjectKey: randomBytes(32) });
}
