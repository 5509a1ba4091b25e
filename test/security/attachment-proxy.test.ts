// The console's attachment proxy fetches a file from its platform on an officer's request. The
// stored reference came from an inbound update: a path, a local file or an internal address
// hidden in it must never be fetched or served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import {
  addOfficer,
  COMMUNE_A,
  seedTicket,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from '../console/console-harness.js';

const providers = await testProviders();

const HOSTILE_REFERENCES: [channel: string, reference: string][] = [
  ['telegram', '../../etc/passwd'],
  ['telegram', '/etc/passwd'],
  ['telegram', 'file:///etc/passwd'],
  ['telegram', 'http://169.254.169.254/latest/meta-data/'],
  ['web', '..%2f..%2fetc%2fpasswd'],
  ['web', 'C:\\Windows\\win.ini'],
  ['zalo', 'file:///etc/passwd'],
  ['zalo', 'http://169.254.169.254/latest/meta-data/'],
  ['zalo', 'https://169.254.169.254/latest/meta-data/'],
  ['zalo', 'https://[::1]/secret'],
  ['zalo', 'https://localhost/secret'],
  ['zalo', 'https://metadata.google.internal/computeMetadata/v1/'],
  ['zalo', 'https://photo.zdn.vn:8080/a.jpg'],
  ['zalo', 'https://user:pass@photo.zdn.vn/a.jpg'],
  ['zalo', 'gopher://photo.zdn.vn/a.jpg'],
  ['zalo', '../../etc/passwd'],
  ['unknown-channel', 'photo-1'],
];

describe.each(providers)('attachment proxy on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
    await addOfficer(server.db, 'proxy.a', 'officer', COMMUNE_A);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('never fetches or serves a path, a local file or an internal address stored as an attachment', async () => {
    const ticket = await server.db.ticket.findUniqueOrThrow({
      where: { code: await seedTicket(server, { localityCode: COMMUNE_A }) },
    });
    const officer = await signedIn(server, 'proxy.a');
    for (const [channel, reference] of HOSTILE_REFERENCES) {
      // the fake platform would hand these bytes over if it were ever asked
      server.platformFiles.set(reference, Buffer.from(`SECRET behind ${reference}`));
      const attachment = await server.db.attachment.create({
        data: { ticketId: ticket.id, channel, platformFileId: reference, mimeType: 'image/jpeg' },
      });
      const answer = await officer.get(`/api/console/tickets/${ticket.code}/attachments/${attachment.id}`);
      expect(answer.status, `${channel} ${reference}`).toBe(404);
      expect(answer.text).not.toContain('SECRET');
    }
  });

  it('still serves a real platform file: a Telegram file id and a Zalo https photo URL', async () => {
    const ticket = await server.db.ticket.findUniqueOrThrow({
      where: { code: await seedTicket(server, { localityCode: COMMUNE_A }) },
    });
    const officer = await signedIn(server, 'proxy.a');
    const references: [string, string][] = [
      ['telegram', 'AgACAgIAAxkBAAIBZ2X_file-id_123'],
      ['zalo', 'https://photo-stal-1.zdn.vn/photo/abc.jpg'],
    ];
    for (const [channel, reference] of references) {
      server.platformFiles.set(reference, Buffer.from(`photo of ${channel}`));
      const attachment = await server.db.attachment.create({
        data: { ticketId: ticket.id, channel, platformFileId: reference, mimeType: 'image/jpeg' },
      });
      const answer = await officer.get(`/api/console/tickets/${ticket.code}/attachments/${attachment.id}`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(`photo of ${channel}`);
    }
  });

  it('puts a hostile file name into Content-Disposition encoded, never as a header of its own', async () => {
    const ticket = await server.db.ticket.findUniqueOrThrow({
      where: { code: await seedTicket(server, { localityCode: COMMUNE_A }) },
    });
    const officer = await signedIn(server, 'proxy.a');
    server.platformFiles.set('named-file-1', Buffer.from('%PDF-1.4'));
    const attachment = await server.db.attachment.create({
      data: {
        ticketId: ticket.id,
        channel: 'telegram',
        platformFileId: 'named-file-1',
        fileName: 'đơn.pdf\r\nSet-Cookie: injected=1',
        mimeType: 'application/pdf',
      },
    });
    const answer = await officer.get(`/api/console/tickets/${ticket.code}/attachments/${attachment.id}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''[A-Za-z0-9%._-]+$/);
  });
});
