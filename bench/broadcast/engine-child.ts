// The delivery engine alone in its own process, so the benchmark can measure its memory and
// kill it with SIGKILL. Runs until the broadcast completes (or for --seconds), then prints one
// JSON line: {"elapsedMs", "maxRssMb"}.
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/database.js';
import type { DatabaseTarget } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import { randomBytes } from 'node:crypto';
import { createDeliveryEngine } from '../../src/broadcasts/delivery-engine.js';
import { InstanceRegistry } from '../../src/instances/instance-registry.js';
import { OutboxStore } from '../../src/outbox/outbox-store.js';
import { createTelegramClient } from '../../src/channels/telegram/telegram-client.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string' },
    url: { type: 'string' },
    api: { type: 'string' },
    broadcast: { type: 'string' },
    rate: { type: 'string', default: 'unlimited' },
    seconds: { type: 'string' },
  },
});
const url = values.url ?? '';
const target: DatabaseTarget =
  values.provider === 'postgresql'
    ? { provider: 'postgresql', url }
    : { provider: 'sqlite', url, file: url.replace(/^file:/, '') };
const { provider } = target;
const database = openDatabase(target, { poolSize: 12 });
const rate = values.rate === 'unlimited' ? Number.POSITIVE_INFINITY : Number(values.rate);
const logger = createLogger('warn');
// one name for every run: a run restarted after a SIGKILL takes up its own deliveries at once
const instances = new InstanceRegistry({
  database,
  clock: systemClock,
  logger,
  instanceId: 'bench-broadcast-engine',
  livenessMs: 3_000,
  heartbeatMs: 1_000,
});
const engine = createDeliveryEngine({
  db: database.db,
  provider,
  clock: systemClock,
  logger,
  senders: [createTelegramClient({ token: '123456:bench', apiRoot: values.api ?? '' }).sender],
  outbox: new OutboxStore({
    database,
    clock: systemClock,
    encryptionKey: randomBytes(32),
    instanceId: instances.id,
    sendsOn: [],
  }),
  instances,
  rates: { telegram: rate },
  maintenanceMs: 1_000,
  idleMs: 50,
});

const startedAt = Date.now();
await instances.start();
await engine.start();
const deadline = values.seconds ? startedAt + Number(values.seconds) * 1000 : Number.POSITIVE_INFINITY;
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const broadcast = await database.db.broadcast.findUniqueOrThrow({
    where: { id: values.broadcast ?? '' },
    select: { status: true },
  });
  if (broadcast.status === 'completed' || Date.now() >= deadline) break;
}
const elapsedMs = Date.now() - startedAt;
await engine.stop();
await instances.stop();
await database.close();
process.stdout.write(`${JSON.stringify({ elapsedMs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
