// PostgreSQL servers that fail the way a real one does around a restart, on 127.0.0.1, for the
// tests of how the drivers report an outage: one that hangs up on every connection at once,
// one that accepts and never answers, and one that answers every connection with the server's
// own refusal (an ErrorResponse, e.g. FATAL 57P03 "the database system is starting up").
import { createServer, Socket, type Server } from 'node:net';

export class BrokenPostgres {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `postgresql://postgres@127.0.0.1:${address.port}/cutri`;
  }

  /** Every connection is closed as soon as it is made, before a word is said. */
  static hangingUp(): Promise<BrokenPostgres> {
    return BrokenPostgres.listen((socket) => socket.destroy());
  }

  /** Every connection is accepted and never answered. */
  static silent(): Promise<BrokenPostgres> {
    return BrokenPostgres.listen(() => undefined);
  }

  /** Every connection's startup message is answered with a FATAL error of that SQLSTATE, then closed. */
  static refusing(sqlState: string, message: string): Promise<BrokenPostgres> {
    return BrokenPostgres.listen((socket) => socket.once('data', () => socket.end(errorResponse(sqlState, message))));
  }

  private static async listen(onConnection: (socket: Socket) => void): Promise<BrokenPostgres> {
    const server = createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BrokenPostgres(server);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The protocol's ErrorResponse message ('E', length, then typed NUL-terminated fields). */
function errorResponse(sqlState: string, message: string): Buffer {
  const fields = [
    ['S', 'FATAL'],
    ['V', 'FATAL'],
    ['C', sqlState],
    ['M', message],
  ].map(([type, value]) => Buffer.concat([Buffer.from(type ?? ''), Buffer.from(`${value ?? ''}\0`)]));
  const body = Buffer.concat([...fields, Buffer.from([0])]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from('E'), length, body]);
}

/**
 * A pg `stream` that connects as to a host name with two addresses (as "localhost" has, 127.0.0.1
 * and ::1), both of `port`: when both refuse, Node reports an AggregateError of the two.
 */
export function twoAddressStream(): Socket {
  const socket = new Socket();
  const connect = socket.connect.bind(socket);
  return Object.assign(socket, {
    connect: (port: number, host: string) =>
      connect({
        port,
        host,
        autoSelectFamily: true,
        lookup: (_host: string, _options: unknown, done: (error: null, addresses: LookupAddress[]) => void) =>
          done(null, [
            { address: '127.0.0.1', family: 4 },
            { address: '127.0.0.2', family: 4 },
          ]),
      }),
  });
}

interface LookupAddress {
  address: string;
  family: number;
}
