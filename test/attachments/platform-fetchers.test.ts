// The two platform fetchers over real loopback HTTP: what they download, and what they refuse.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloFileFetcher } from '../../src/channels/zalo/zalo-file-fetcher.js';
import { createTelegramFileFetcher } from '../../src/channels/telegram/telegram-file-fetcher.js';
import { FakeTelegram } from '../support/fake-telegram.js';

interface Site {
  server: Server;
  url: string;
  hits: string[];
}

/** A loopback site answering each path with `routes[path]`; records the paths asked for. */
async function startSite(
  routes: Record<string, { status: number; headers: Record<string, string>; body?: Buffer }>,
): Promise<Site> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const route = routes[request.url ?? ''] ?? { status: 404, headers: {} };
    response.writeHead(route.status, route.headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return { server, url: `http://127.0.0.1:${address.port}`, hits };
}

describe('the Zalo attachment fetcher', () => {
  let zaloHost: Site;
  let elsewhere: Site;
  const photo = Buffer.from('PNG photo bytes');

  beforeAll(async () => {
    elsewhere = await startSite({
      '/secret': { status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from('internal') },
    });
    zaloHost = await startSite({
      '/photo.png': { status: 200, headers: { 'content-type': 'image/png; charset=binary' }, body: photo },
      '/moved': { status: 302, headers: { location: '/photo.png' } },
      '/bounce': { status: 302, headers: { location: `${elsewhere.url}/secret` } },
      '/huge.jpg': { status: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(64, 1) },
    });
  });
  afterAll(() => {
    zaloHost.server.close();
    elsewhere.server.close();
  });

  it('downloads a photo from the Zalo host, following a redirect that stays there', async () => {
    const fetcher = createZaloFileFetcher({ apiRoot: zaloHost.url });
    const file = await fetcher.fetch({ channel: 'zalo', platformFileId: `${zaloHost.url}/moved` });
    expect(file).toEqual({ body: photo, mimeType: 'image/png' });
  });

  it('refuses a redirect to another host without following it', async () => {
    const fetcher = createZaloFileFetcher({ apiRoot: zaloHost.url });
    await expect(fetcher.fetch({ channel: 'zalo', platformFileId: `${zaloHost.url}/bounce` })).rejects.toMatchObject({
      code: 'attachment.foreign_host',
    });
    expect(elsewhere.hits).toEqual([]);
  });

  it('refuses plain http on a Zalo domain and any other host, and a file above the size cap', async () => {
    const fetcher = createZaloFileFetcher({ apiRoot: zaloHost.url, maxBytes: 32 });
    for (const url of [
      'http://photo-stal.zadn.vn/a.jpg',
      'https://zadn.vn.example.com/a.jpg',
      'https://user:pw@zalo.me/a.jpg',
      `${elsewhere.url}/secret`,
    ]) {
      await expect(fetcher.fetch({ channel: 'zalo', platformFileId: url })).rejects.toMatchObject({
        code: 'attachment.foreign_host',
      });
    }
    await expect(fetcher.fetch({ channel: 'zalo', platformFileId: `${zaloHost.url}/huge.jpg` })).rejects.toMatchObject({
      code: 'attachment.too_large',
    });
    expect(elsewhere.hits).toEqual([]);
  });
});

describe('the Telegram attachment fetcher', () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
  });
  afterAll(async () => telegram.stop());

  it('refuses a file above the size cap that getFile announces, before downloading it', async () => {
    telegram.putFile('big-document', Buffer.alloc(100, 7), 'application/pdf');
    const fetcher = createTelegramFileFetcher({ token: telegram.token, apiRoot: telegram.url, maxBytes: 50 });
    await expect(fetcher.fetch({ channel: 'telegram', platformFileId: 'big-document' })).rejects.toMatchObject({
      code: 'attachment.too_large',
    });
    expect(telegram.callsOf('downloadFile')).toEqual([]);
  });

  it('fails without the token in its error when the Bot API cannot be reached', async () => {
    const closed = await startSite({});
    await new Promise((resolve) => closed.server.close(resolve));
    const fetcher = createTelegramFileFetcher({ token: telegram.token, apiRoot: closed.url });
    const error: unknown = await fetcher
      .fetch({ channel: 'telegram', platformFileId: 'photo-1' })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(telegram.token);
    expect(String(error)).not.toContain(telegram.token);
  });

  it('names a photo saved without a useful type by its file name', async () => {
    telegram.putFile('photo.jpg', Buffer.from('jpeg'), 'application/octet-stream');
    const fetcher = createTelegramFileFetcher({ token: telegram.token, apiRoot: telegram.url });
    expect(await fetcher.fetch({ channel: 'telegram', platformFileId: 'photo.jpg' })).toEqual({
      body: Buffer.from('jpeg'),
      mimeType: 'image/jpeg',
    });
  });
});
