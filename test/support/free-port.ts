// A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago): for a server a test
// starts with a fixed port, or to point the app at an address that refuses connections.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
