// Limits and injections at the edge: body size, requests per address on the web chat, header
// injection through ids and texts, and redirects that must stay on this site.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadEnv } from '../../src/config/env.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { webhookModeEnv } from '../support/webhook-env.js';
import { testProviders } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';

const providers = await testProviders();
const TELEGRAM_SECRET = 'limits-telegram-secret_1';
const ZALO_SECRET = 'limits-zalo-secret_12';
const errorBody = z.object({ error: z.string(), message: z.string() });

/** Sends bytes as they are (fetch refuses CR/LF in headers, which is what we want to try). */
function rawRequest(url: URL, lines: string[], body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`);
  });
}

function headersOf(rawAnswer: string): string {
  return rawAnswer.split('\r\n\r\n')[0] ?? '';
}

describe('the web chat limit setting', () => {
  it('defaults to 600 a minute, accepts 0 to switch it off, and names the variable when it is not a number', () => {
    expect(loadEnv({}, process.cwd()).webChatRequestsPerMinute).toBe(600);
    expect(loadEnv({ WEB_CHAT_REQUESTS_PER_MINUTE: '0' }, process.cwd()).webChatRequestsPerMinute).toBe(0);
    expect(() => loadEnv({ WEB_CHAT_REQUESTS_PER_MINUTE: 'lots' }, process.cwd())).toThrow(
      /WEB_CHAT_REQUESTS_PER_MINUTE/,
    );
  });
});

describe.each(providers)('edge limits on %s', (provider) => {
  let test: TestApp;
  let telegram: FakeTelegram;
  let zalo: FakeZalo;

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    zalo = await FakeZalo.start();
    test = await startTestApp(provider, {
      ...webhookModeEnv(telegram, zalo, { telegram: TELEGRAM_SECRET, zalo: ZALO_SECRET }),
      WEB_CHAT_REQUESTS_PER_MINUTE: '8',
      // the test plays the province's reverse proxy on this host
      TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await test.stop();
    await telegram.stop();
    await zalo.stop();
  });

  it('refuses a body over 256 KiB with 413 and a JSON message on the web chat, both webhooks and the console sign-in', async () => {
    const huge = JSON.stringify({ sessionId: 'x'.repeat(20), text: 'ầ'.repeat(100_000) });
    const targets: [string, Record<string, string>][] = [
      ['/webhooks/telegram', { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }],
      ['/webhooks/zalo', { 'x-bot-api-secret-token': ZALO_SECRET }],
      ['/api/console/login', {}],
      ['/api/chat/messages', { 'x-forwarded-for': '203.0.113.99' }],
    ];
    for (const [path, headers] of targets) {
      const response = await fetch(new URL(path, test.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: huge,
      });
      expect(response.status, path).toBe(413);
      expect(errorBody.parse(await response.json()).message).toMatch(/too large/i);
    }
    expect((await fetch(new URL('/healthz', test.url))).status).toBe(200);
  });

  it('answers 429 with a Vietnamese and English message once one address sends too much to the web chat, and serves other addresses', async () => {
    const get = (forwardedFor: string) =>
      fetch(new URL('/api/chat/texts?locale=vi', test.url), { headers: { 'x-forwarded-for': forwardedFor } });
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await get('203.0.113.7')).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const refused = await get('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const message = errorBody.parse(await refused.json()).message;
    expect(message).toContain('Bạn gửi quá nhiều tin');
    expect(message).toContain('Too many messages');
    // a client inventing its own X-Forwarded-For entry is still counted by the address the proxy saw
    expect((await get('198.51.100.1, 203.0.113.7')).status).toBe(429);
    expect((await get('203.0.113.8')).status).toBe(200);
    // the platforms' webhooks are not the web chat: they are never throttled by it
    const update = telegram.textUpdate({ id: 4242, first_name: 'Lan' }, 'xin chào');
    const webhook = await fetch(new URL('/webhooks/telegram', test.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.7',
        'x-telegram-bot-api-secret-token': TELEGRAM_SECRET,
      },
      body: JSON.stringify(update),
    });
    expect(webhook.status).toBe(200);
  });

  it('never lets CR/LF from a session id, a text or a request id into a response header', async () => {
    const injected = 'abc\r\nSet-Cookie: injected=1\r\nX-Injected: yes';
    const answers = [
      await rawRequest(test.url, [
        `GET /api/chat/messages?after=${encodeURIComponent(injected)} HTTP/1.1`,
        `Host: ${test.url.host}`,
        'X-Forwarded-For: 203.0.113.50',
        `X-Chat-Session: ${encodeURIComponent(injected)}`,
      ]),
      await rawRequest(test.url, [
        `GET /healthz HTTP/1.1`,
        `Host: ${test.url.host}`,
        `X-Request-Id: ${encodeURIComponent(injected)}`,
      ]),
      await rawRequest(test.url, [
        `GET /healthz HTTP/1.1`,
        `Host: ${test.url.host}`,
        'X-Request-Id: abc%0d%0aX-Injected:%20yes',
      ]),
    ];
    const body = JSON.stringify({ text: injected });
    answers.push(
      await rawRequest(
        test.url,
        [
          'POST /api/chat/messages HTTP/1.1',
          `Host: ${test.url.host}`,
          'Content-Type: application/json',
          'X-Forwarded-For: 203.0.113.51',
          `Content-Length: ${Buffer.byteLength(body)}`,
        ],
        body,
      ),
    );
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 [234]\d\d/);
      expect(headersOf(answer)).not.toMatch(/injected|X-Injected/i);
    }
    // a bare CR or LF inside a header line is refused by the HTTP parser itself
    const broken = await rawRequest(test.url, [
      `GET /healthz HTTP/1.1`,
      `Host: ${test.url.host}`,
      'X-Request-Id: abc\rSet-Cookie: injected=1',
    ]);
    expect(broken).toMatch(/^HTTP\/1\.1 400/);
  });

  it('redirects only within the site, whatever path or Host header is asked for', async () => {
    const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    const locationOf = (answer: string) => /\r\nlocation: ([^\r\n]*)/i.exec(headersOf(answer))?.[1];
    // the console's address without its slash is redirected, to this site's own path
    for (const path of ['/console', '/console?next=//evil.example', '/console?next=https://evil.example/']) {
      const answer = await rawRequest(test.url, [`GET ${path} HTTP/1.1`, 'Host: evil.example']);
      expect(statusOf(answer), path).toBe(302);
      expect(locationOf(answer), path).toBe('/console/');
    }
    // paths made to look like another host are answered here, never sent elsewhere
    for (const path of [
      '/console//evil.example',
      '//evil.example/console',
      '/console/..%2f..%2fevil.example',
      '/console/%2f%2fevil.example',
    ]) {
      const answer = await rawRequest(test.url, [`GET ${path} HTTP/1.1`, 'Host: evil.example']);
      expect(statusOf(answer), path).toBeGreaterThanOrEqual(200);
      expect(statusOf(answer), path).toBeLessThan(500);
      const location = locationOf(answer);
      if (statusOf(answer) >= 300 && statusOf(answer) < 400) expect(location, path).toMatch(/^\/(?![/\\])/);
      else expect(location, path).toBeUndefined();
    }
  });
});
