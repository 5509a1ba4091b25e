// Attachments in the console, fetched from the platform on demand: the real app, a fake
// Telegram Bot API and a fake Zalo API on loopback, both databases.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { addOfficer, signedIn } from '../console/console-harness.js';
import { fileTicket, startTelegramWorld, type TelegramWorld } from '../officer-group/telegram-world.js';

const providers = await testProviders();
const COMMUNE_A = '05971';
const COMMUNE_B = '05974';
/** The start of a real JPEG file, enough for a viewer to recognise it. */
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03]);

/** A loopback server that counts the requests it gets: an address the app must never call. */
async function startInternalService(): Promise<{ server: Server; hits: () => number; url: string }> {
  let count = 0;
  const server = createServer((_request, response) => {
    count += 1;
    response.writeHead(200, { 'content-type': 'image/jpeg' }).end('internal secret');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return { server, hits: () => count, url: `http://127.0.0.1:${address.port}` };
}

describe.each(providers)('attachments in the console on %s', (provider) => {
  let world: TelegramWorld;
  let zalo: FakeZalo;
  let internal: Awaited<ReturnType<typeof startInternalService>>;
  let citizenId: string;

  beforeAll(async () => {
    zalo = await FakeZalo.start();
    internal = await startInternalService();
    world = await startTelegramWorld(provider, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url });
    citizenId = await world.onboard({ id: 8001, first_name: 'Bình', language_code: 'vi' });
    const { db } = world.test.app.context;
    await addOfficer(db, 'files.a', 'officer', COMMUNE_A);
    await addOfficer(db, 'files.b', 'officer', COMMUNE_B);
  });
  afterAll(async () => {
    await world?.stop();
    await zalo?.stop();
    internal?.server.close();
  });

  async function attachmentOf(officer: Awaited<ReturnType<typeof signedIn>>, code: string): Promise<string> {
    const detail = await officer.get(`/api/console/tickets/${code}`);
    expect(detail.status).toBe(200);
    const [attachment] = detail.body.attachments;
    return attachment.id;
  }

  it('shows an officer in scope the photo a citizen sent on Telegram, with its type, and nobody else', async () => {
    world.telegram.putFile('AgACAgIAAxkBAAIBphoto', PHOTO, 'image/jpeg');
    const code = await fileTicket(world, citizenId, {
      attachments: [{ platformFileId: 'AgACAgIAAxkBAAIBphoto', size: PHOTO.length }],
    });
    const officer = await signedIn(world.test.url, 'files.a');
    const id = await attachmentOf(officer, code);

    const shown = await officer.get(`/api/console/tickets/${code}/attachments/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(shown.bytes)).toEqual(PHOTO);
    expect(world.telegram.callsOf('getFile').at(-1)?.body.file_id).toBe('AgACAgIAAxkBAAIBphoto');

    const outsider = await signedIn(world.test.url, 'files.b');
    expect((await outsider.get(`/api/console/tickets/${code}/attachments/${id}`)).status).toBe(404);
  });

  it('answers an error for a file Telegram no longer has, and never writes the bot token to the logs', async () => {
    const code = await fileTicket(world, citizenId, { attachments: [{ platformFileId: 'AgACAgIAAxkBAAIBgone' }] });
    const officer = await signedIn(world.test.url, 'files.a');
    const id = await attachmentOf(officer, code);
    const answer = await officer.get(`/api/console/tickets/${code}/attachments/${id}`);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.text).not.toContain(world.telegram.token);
    expect(world.test.logs.join('\n')).not.toContain(world.telegram.token);
  });

  it('refuses a Zalo attachment whose URL is not on a Zalo host, without calling that address', async () => {
    const officer = await signedIn(world.test.url, 'files.a');
    for (const url of [
      `${internal.url}/admin/photo.jpg`,
      'https://zalo.me.evil.example/photo.jpg',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const code = await fileTicket(world, null, {
        channel: 'zalo',
        identity: { fullName: 'Trần Văn Cường', address: 'Thôn Bản Ngõa, xã Mai Pha', phone: '0987654321' },
        attachments: [{ platformFileId: url }],
      });
      const id = await attachmentOf(officer, code);
      const answer = await officer.get(`/api/console/tickets/${code}/attachments/${id}`);
      // refused by the console's reference check (404) or by the Zalo fetcher's host list (403)
      expect([403, 404]).toContain(answer.status);
      expect(['attachment.foreign_host', 'attachment.not_found']).toContain(answer.body.error);
    }
    expect(internal.hits()).toBe(0);
  });
});
