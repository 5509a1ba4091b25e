// The scheduler and the delivery engine as one BackgroundService for src/app.ts.
import type { BackgroundService } from '../lib/background-service.js';
import { createBroadcastScheduler, type SchedulerDeps } from './scheduler.js';
import { createDeliveryEngine, type DeliveryEngineOptions } from './delivery-engine.js';

export function createBroadcastBackgroundService(
  options: DeliveryEngineOptions & Pick<SchedulerDeps, 'timeZone'>,
): BackgroundService & { tick: ReturnType<typeof createBroadcastScheduler>['tick'] } {
  const scheduler = createBroadcastScheduler(options);
  const engine = createDeliveryEngine(options);
  return {
    name: 'broadcasts',
    tick: scheduler.tick,
    async start() {
      await engine.start();
      scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      await engine.stop();
    },
  };
}
