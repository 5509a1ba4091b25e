// An open-loop load at a steady rate: request i leaves at start + i / rate, whatever the answers
// before it, over at most `connections` kept-alive connections (Telegram opens up to 40 to a
// webhook). Latency counts from the planned start, so a request that had to wait for a free
// connection is charged for the wait (no coordinated omission). autocannon, used for the
// as-fast-as-possible runs, paces by giving each connection a budget per second that it spends
// at once: at a fixed rate it measures 40-deep bursts at each second's start, not a steady flow.
import { Agent, request } from 'node:http';

export interface PlannedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedLoadOptions {
  /** the instances, sent to in turn (a round-robin load balancer) */
  urls: string[];
  rate: number;
  durationSeconds: number;
  connections: number;
  timeoutMs: number;
  /** builds the next request when its time comes; null when nobody can send now (skipped) */
  next(): PlannedRequest | null;
  /** told of each answer, with the latency from the planned start */
  onResponse(
    status: number,
    body: string,
    headers: Record<string, string | string[] | undefined>,
    latencyMs: number,
  ): void;
}

export interface PacedLoadResult {
  sent: number;
  errors: number;
  timeouts: number;
}

export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  // the connections are shared out between the instances, as a balancer in front of them would
  const agent = new Agent({
    keepAlive: true,
    maxSockets: Math.max(1, Math.round(options.connections / options.urls.length)),
  });
  const bases = options.urls.map((url) => new URL(url));
  const result: PacedLoadResult = { sent: 0, errors: 0, timeouts: 0 };
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(options.rate * options.durationSeconds);
  const startedAt = performance.now();

  const send = (planned: PlannedRequest, plannedAt: number, base: URL) =>
    new Promise<void>((resolve) => {
      let timedOut = false;
      const call = request(
        {
          host: base.hostname,
          port: base.port,
          path: planned.path,
          method: 'POST',
          agent,
          headers: { ...planned.headers, 'content-length': Buffer.byteLength(planned.body) },
          timeout: options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            options.onResponse(
              response.statusCode ?? 0,
              Buffer.concat(chunks).toString('utf8'),
              response.headers,
              performance.now() - plannedAt,
            );
            resolve();
          });
          response.on('error', () => {
            result.errors++;
            resolve();
          });
        },
      );
      call.on('timeout', () => {
        timedOut = true;
        result.timeouts++;
        call.destroy();
      });
      call.on('error', () => {
        if (!timedOut) result.errors++;
        resolve();
      });
      call.end(planned.body);
    });

  for (let index = 0; index < total; index++) {
    const plannedAt = startedAt + (index * 1000) / options.rate;
    const wait = plannedAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const planned = options.next();
    if (!planned) continue;
    result.sent++;
    const pending = send(planned, plannedAt, bases[index % bases.length] as URL).finally(() =>
      inFlight.delete(pending),
    );
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}
