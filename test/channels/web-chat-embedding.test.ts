// The widget is embedded in the province's portal, another origin: the browser asks the chat API
// for permission (CORS) before posting JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app.js';

const PORTAL = 'https://langson.gov.vn';

async function preflight(test: TestApp, origin: string): Promise<Response> {
  return fetch(new URL('/api/chat/messages', test.url), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

describe('embedding the web chat on the portal', () => {
  describe('with the default (any origin)', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp('sqlite');
    });
    afterAll(async () => test.stop());

    it('lets a page of another origin post a message and read the replies', async () => {
      const allowed = await preflight(test, PORTAL);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      const posted = await fetch(new URL('/api/chat/messages', test.url), {
        method: 'POST',
        headers: { origin: PORTAL, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'xin chào' }),
      });
      expect(posted.status).toBe(200);
      expect(posted.headers.get('access-control-allow-origin')).toBe('*');
      const body = z.object({ replies: z.array(z.object({ text: z.string() })) }).parse(await posted.json());
      expect(body.replies.length).toBeGreaterThan(0);
    });
  });

  describe('with WEB_CHAT_ORIGINS set', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp('sqlite', { WEB_CHAT_ORIGINS: `${PORTAL},https://www.langson.gov.vn` });
    });
    afterAll(async () => test.stop());

    it('allows the portal and gives another site no permission', async () => {
      expect((await preflight(test, PORTAL)).headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect((await preflight(test, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
