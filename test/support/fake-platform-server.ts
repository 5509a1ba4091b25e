// What the fake Telegram and Zalo servers share: a loopback HTTP server, long polls held until
// an update is injected (or the bot hangs up), waitFor() for tests, and a stop that wakes every
// held poll and cuts kept-alive connections; failures scripted per method (optionally for one chat).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export abstract class FakePlatformServer<F extends { times?: number; chatId?: string | number }> {
  private readonly waiters = new Set<() => void>();
  /** counted, not copied: an outage of a million calls costs no more than one */
  private readonly failures = new Map<string, { failure: F; left: number }[]>();
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));

  protected constructor(private readonly name: string) {}

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** the API root to give the bot */
  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error(`${this.name} is not listening`);
    return `http://127.0.0.1:${address.port}`;
  }

  /** Resolves once `condition` holds (checked every 20 ms), or throws after `timeoutMs`. */
  async waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${this.name}.waitFor: condition not met in time`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The next call(s) of `method` (to `failure.chatId` when set) answer with this failure (`times` calls, default one). */
  failNext(method: string, failure: F): void {
    const list = this.failures.get(method) ?? [];
    list.push({ failure, left: failure.times ?? 1 });
    this.failures.set(method, list);
  }

  /** Drops the failures still scripted: the platform works again. */
  recover(): void {
    this.failures.clear();
  }

  /** The failure scripted for this call of `method` to `chatId` (or to any chat), if any (it is used up). */
  protected nextFailure(method: string, chatId?: unknown): F | undefined {
    const list = this.failures.get(method);
    const index =
      list?.findIndex(({ failure }) => failure.chatId === undefined || String(failure.chatId) === String(chatId)) ?? -1;
    const entry = list?.[index];
    if (!list || !entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) list.splice(index, 1);
    return entry.failure;
  }

  async stop(): Promise<void> {
    this.wakePolls();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(request: IncomingMessage, response: ServerResponse): Promise<void>;

  /** Ends every held long poll: an update came, or the fake stops. */
  protected wakePolls(): void {
    for (const wake of this.waiters) wake();
  }

  /** Holds a long poll for up to `ms`, until woken or until the bot gives the poll up (it is stopping). */
  protected hold(ms: number, response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
      response.once('close', wake);
    });
  }
}

/** The request's body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
