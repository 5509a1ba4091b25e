// A loopback HTTP proxy in front of a fake platform API that can swallow requests (no answer,
// connection held open), to see what the app does when the platform times out.
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export class HangingProxy {
  /** requests held without an answer, by API method (last path segment) */
  readonly held: { method: string; at: number }[] = [];
  private readonly hang = new Map<string, number>();
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(target: string): Promise<HangingProxy> {
    const server = createServer();
    const proxy = new HangingProxy(server, new URL(target));
    server.on('request', (request, response) => proxy.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next `times` calls of `method` get no answer at all. */
  hangNext(method: string, times: number): void {
    this.hang.set(method, (this.hang.get(method) ?? 0) + times);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const method = (request.url ?? '').split('/').at(-1) ?? '';
    const pending = this.hang.get(method) ?? 0;
    if (pending > 0) {
      this.hang.set(method, pending - 1);
      this.held.push({ method, at: Date.now() });
      this.open.add(response);
      request.resume();
      return;
    }
    const upstream = forward(
      new URL(request.url ?? '/', this.target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }

  async stop(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
