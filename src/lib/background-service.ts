/** Something that runs beside the HTTP server (polling, the outbox, schedulers, delivery workers). */
export interface BackgroundService {
  name: string;
  start(): Promise<void>;
  /** Finishes in-flight work, then returns. */
  stop(): Promise<void>;
}
