// Prometheus metrics (prom-client). Counters are incremented where things happen; the ticket
// and delivery-queue gauges are read from the database at scrape time, so every instance
// reports the same truth.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/database.js';

export interface Metrics {
  registry: Registry;
  /** inbound updates handled, by channel */
  updates: Counter<'channel'>;
  /** what the knowledge base did with a question */
  answers: Counter<'outcome'>;
  /** outgoing platform calls, by channel and result (sent, rate_limited, unreachable, failed) */
  sends: Counter<'channel' | 'result'>;
  /** the audit chain's head as last anchored: the value is its id, the label its hash */
  auditHead: Gauge<'hash'>;
}

const OPEN_STATUSES = ['received', 'acknowledged', 'in_progress'];

export function createMetrics(db: Db, clock: () => Date = () => new Date()): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cutri_' });
  const updates = new Counter({
    name: 'cutri_updates_total',
    help: 'Inbound updates handled, by channel',
    labelNames: ['channel'],
    registers: [registry],
  });
  const answers = new Counter({
    name: 'cutri_answers_total',
    help: 'Knowledge-base outcomes (answer, ask_back, fallback, out_of_scope, complaint_intent…)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'cutri_platform_sends_total',
    help: 'Outgoing platform sends by channel and result (sent, rate_limited, unreachable, failed)',
    labelNames: ['channel', 'result'],
    registers: [registry],
  });
  // Kept by Prometheus outside the database: a head that later goes back or changes its hash shows
  const auditHead = new Gauge({
    name: 'cutri_audit_head',
    help: 'Id of the audit chain head last anchored by this instance; the hash label is its keyed hash',
    labelNames: ['hash'],
    registers: [registry],
  });

  new Gauge({
    name: 'cutri_tickets',
    help: 'Tickets by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.ticket.groupBy({ by: ['status'], _count: true });
      for (const row of rows) this.set({ status: row.status }, row._count);
    },
  });
  new Gauge({
    name: 'cutri_tickets_overdue',
    help: 'Open tickets past their legal due date',
    registers: [registry],
    async collect() {
      this.set(await db.ticket.count({ where: { status: { in: OPEN_STATUSES }, dueAt: { lt: clock() } } }));
    },
  });
  new Gauge({
    name: 'cutri_delivery_queue',
    help: 'Broadcast deliveries by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.delivery.groupBy({ by: ['status'], _count: true });
      for (const row of rows) this.set({ status: row.status }, row._count);
    },
  });
  new Gauge({
    name: 'cutri_updates_last_minute',
    help: 'Inbound updates accepted in the last 60 s, by channel, across all instances (divide by 60 for updates/s)',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      const since = new Date(clock().getTime() - 60_000);
      const rows = await db.processedUpdate.groupBy({
        by: ['channel'],
        where: { createdAt: { gte: since } },
        _count: true,
      });
      for (const row of rows) this.set({ channel: row.channel }, row._count);
    },
  });
  new Gauge({
    name: 'cutri_deliveries_sent_last_minute',
    help: 'Broadcast deliveries sent in the last 60 s, by channel, across all instances',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      const since = new Date(clock().getTime() - 60_000);
      const rows = await db.delivery.groupBy({
        by: ['channel'],
        where: { status: 'sent', sentAt: { gte: since } },
        _count: true,
      });
      for (const row of rows) this.set({ channel: row.channel }, row._count);
    },
  });
  return { registry, updates, answers, sends, auditHead };
}
