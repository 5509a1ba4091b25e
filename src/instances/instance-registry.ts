// The running instances and their heartbeats (the Instance table), one liveness rule for the
// whole app: an instance is alive while its heartbeat is younger than the lease
// (OUTBOX_LEASE_SECONDS). The outbox and the broadcast delivery engine take over the work of an
// instance that is not. Each instance is named by INSTANCE_ID, stable across restarts, so a
// restart takes up its own unfinished work at once.
import type { Database } from '../db/database.js';
import type { BackgroundService } from '../lib/background-service.js';
import { wait } from '../lib/backoff.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';

export interface InstanceRegistryOptions {
  database: Pick<Database, 'db' | 'sql'>;
  clock: Clock;
  logger: Logger;
  /** this instance's name (INSTANCE_ID) */
  instanceId: string;
  /** an instance whose heartbeat is older than this is gone (OUTBOX_LEASE_SECONDS) */
  livenessMs: number;
  /** how often this instance says it lives; default a sixth of the liveness (a few late beats are no death), at most 5 s */
  heartbeatMs?: number;
}

export class InstanceRegistry implements BackgroundService {
  readonly name = 'instance-heartbeat';
  readonly id: string;
  readonly livenessMs: number;
  private readonly heartbeatMs: number;
  private stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: InstanceRegistryOptions) {
    this.id = options.instanceId;
    this.livenessMs = options.livenessMs;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(5_000, options.livenessMs / 6);
  }

  /** Says this instance lives, then keeps saying it until stopped (a first beat that fails is tried again like any other). */
  async start(): Promise<void> {
    this.stopping = new AbortController();
    await this.beat().catch((error: unknown) =>
      this.options.logger.warn({ err: describeError(error) }, 'instance heartbeat failed; tried again shortly'),
    );
    const { signal } = this.stopping;
    this.running = (async () => {
      while (!signal.aborted) {
        await wait(this.heartbeatMs, signal);
        if (signal.aborted) break;
        await this.beat().catch((error: unknown) =>
          this.options.logger.warn({ err: describeError(error) }, 'instance heartbeat failed; tried again shortly'),
        );
      }
    })();
  }

  /** A clean stop: this instance's work is taken over at once, not after the lease. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.options.database.db.instance.deleteMany({ where: { id: this.id } }).catch(() => undefined);
  }

  /** One statement, cheap enough to run every few seconds on either database. */
  async beat(): Promise<void> {
    await this.options.database.sql.execute(
      `INSERT INTO "Instance" ("id", "startedAt", "heartbeatAt") VALUES ($1, $2, $2) ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = excluded."heartbeatAt"`,
      [this.id, this.options.clock.now()],
    );
  }

  /** Heartbeats older than this belong to instances that are gone. */
  aliveSince(): Date {
    return new Date(this.options.clock.now().getTime() - this.livenessMs);
  }

  /** The instances alive now (this one included), and forgets those long gone. */
  async alive(): Promise<string[]> {
    const since = this.aliveSince();
    const { db } = this.options.database;
    await db.instance.deleteMany({ where: { heartbeatAt: { lt: new Date(since.getTime() - this.livenessMs) } } });
    const rows = await db.instance.findMany({ where: { heartbeatAt: { gte: since } }, select: { id: true } });
    return rows.map((row) => row.id);
  }
}
