// Signing in as a guesser and as the owner meet it: a guesser is slowed per address and per
// name, a name that does not exist looks like one that does, the owner is never locked out,
// weak passwords are refused, a stream of unknown names does not flood the audit log, and only
// the proxies the operator lists can speak for a client's address or its https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficer } from '../../src/console/officers.js';
import { startTestApp } from '../support/app.js';
import { testProviders } from '../support/databases.js';
import { configErrorOf } from '../support/config-error.js';
import {
  addOfficer,
  ConsoleClient,
  PASSWORD,
  signedIn,
  startConsoleServer,
  type ConsoleServer,
} from '../console/console-harness.js';

const providers = await testProviders();

describe.each(providers)('signing in on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    // the test speaks for several addresses through X-Forwarded-For, as a trusted proxy would
    server = await startConsoleServer(provider, { trustedProxies: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const from = (address: string) => {
    const client = new ConsoleClient(server.url, server.clock);
    client.headers['x-forwarded-for'] = address;
    return client;
  };
  const login = (client: ConsoleClient, username: string, password: string) =>
    client.post('/api/console/login', { username, password });

  it('answers unknown, wrong and throttled names alike, slows the guesser, and never locks the owner out', async () => {
    await addOfficer(server.db, 'owner.o', 'officer', null);
    const guesser = from('203.0.113.5');
    const wrong = await login(guesser, 'owner.o', 'đoán mò số một');
    const unknown = await login(guesser, 'ghost.admin', 'đoán mò số một');
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    for (let attempt = 2; attempt <= 5; attempt += 1) {
      expect((await login(guesser, 'owner.o', `đoán mò số ${attempt}`)).status).toBe(401);
      expect((await login(guesser, 'ghost.admin', `đoán mò số ${attempt}`)).status).toBe(401);
    }
    // the sixth try of the same name from the same address waits, whether the name exists or not
    const throttledReal = await login(guesser, 'owner.o', PASSWORD);
    const throttledGhost = await login(guesser, 'ghost.admin', PASSWORD);
    expect(throttledReal.status).toBe(429);
    expect(throttledReal.body).toEqual(throttledGhost.body);
    expect(JSON.stringify(throttledReal.body)).not.toMatch(/locked|khóa/i);
    // the owner, from his own address, signs in at once
    expect((await login(from('198.51.100.7'), 'owner.o', PASSWORD)).status).toBe(200);
    // 15 minutes later the guesser's address may try again
    server.clock.advance(15 * 60_000);
    expect((await login(guesser, 'owner.o', 'đoán mò số sáu')).status).toBe(401);
  });

  it('lets the right password in after 4 wrong ones, then makes the name wait from the 5th until the quarter hour they fell in is over: still 5 s before its end, not after', async () => {
    await addOfficer(server.db, 'edge.o', 'officer', null);
    const guesser = from('203.0.113.12');
    // wrong passwords are counted per quarter hour; start just after one begins, at midnight UTC
    // (so a count kept for 10, 20, 30 or 60 minutes, or a few hours, would show)
    const day = 24 * 60 * 60_000;
    const start = (Math.floor(server.clock.now().getTime() / day) + 1) * day;
    server.clock.advance(start + 1000 - server.clock.now().getTime());
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await login(guesser, 'edge.o', `sai lần ${attempt}`)).status).toBe(401);
    expect((await login(guesser, 'edge.o', PASSWORD)).status).toBe(200);
    expect((await login(guesser, 'edge.o', 'sai lần 5')).status).toBe(401);
    expect((await login(guesser, 'edge.o', PASSWORD)).status).toBe(429);
    server.clock.advance(start + 15 * 60_000 - 5000 - server.clock.now().getTime());
    expect((await login(guesser, 'edge.o', PASSWORD)).status).toBe(429);
    server.clock.advance(start + 15 * 60_000 + 1000 - server.clock.now().getTime());
    expect((await login(guesser, 'edge.o', PASSWORD)).status).toBe(200);
  });

  it('slows an address that tries many names: 20 wrong sign-ins in 15 minutes, then it waits', async () => {
    await addOfficer(server.db, 'spray.target', 'officer', null);
    const sprayer = from('203.0.113.6');
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 20; attempt += 1)
      statuses.push((await login(sprayer, `name${attempt}`, 'mật khẩu phổ biến')).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect((await login(sprayer, 'spray.target', PASSWORD)).status).toBe(429);
    expect((await login(from('203.0.113.66'), 'spray.target', PASSWORD)).status).toBe(200);
  });

  it('writes a stream of unknown names to the audit log as one entry per address, and every wrong password of a real account', async () => {
    const before = await server.db.auditLog.count();
    const stranger = from('203.0.113.7');
    for (let attempt = 1; attempt <= 12; attempt += 1)
      await login(stranger, `random.name.${attempt}`, 'không phải mật khẩu');
    await addOfficer(server.db, 'audited.o', 'officer', null);
    await login(from('203.0.113.8'), 'audited.o', 'không phải mật khẩu');
    const written = await server.db.auditLog.findMany({
      where: { id: { gt: 0 } },
      orderBy: { id: 'asc' },
      skip: before,
    });
    expect(written.map((entry) => entry.action)).toEqual(['login_failed_unknown_name', 'login_failed']);
    expect(written[0]?.detail).toContain('203.0.113.7');
    expect(written[1]?.officerId).not.toBeNull();
  });

  it('writes login_throttled once for an address at its 20th unknown name, not its 19th', async () => {
    const stranger = from('203.0.113.13');
    const throttledEntries = () =>
      server.db.auditLog.count({ where: { action: 'login_throttled', detail: { contains: '203.0.113.13' } } });
    for (let attempt = 1; attempt <= 19; attempt += 1)
      expect((await login(stranger, `nobody.${attempt}`, 'không phải mật khẩu')).status).toBe(401);
    expect(await throttledEntries()).toBe(0);
    expect((await login(stranger, 'nobody.20', 'không phải mật khẩu')).status).toBe(401);
    expect(await throttledEntries()).toBe(1);
    expect((await login(stranger, 'nobody.21', 'không phải mật khẩu')).status).toBe(429);
    expect(await throttledEntries()).toBe(1);
  });

  it('keeps a console session through 59 idle minutes and ends it after 60; ends a busy one 12 hours after sign-in, not 10 s before', async () => {
    await addOfficer(server.db, 'session.o', 'officer', null);
    const me = (client: ConsoleClient) => client.get('/api/console/me');
    const now = () => server.clock.now().getTime();

    const idle = await signedIn(server, 'session.o');
    server.clock.advance(59 * 60_000);
    expect((await me(idle)).status).toBe(200);
    const lastSeen = now();
    server.clock.advance(lastSeen + 60 * 60_000 + 1000 - now());
    expect((await me(idle)).status).toBe(401);

    const signedInAt = now();
    const busy = await signedIn(server, 'session.o');
    const signedInBy = now();
    // a request every 50 minutes: never idle for long
    while (now() + 50 * 60_000 < signedInAt + 12 * 60 * 60_000 - 10_000) {
      server.clock.advance(50 * 60_000);
      expect((await me(busy)).status).toBe(200);
    }
    server.clock.advance(signedInAt + 12 * 60 * 60_000 - 10_000 - now());
    expect((await me(busy)).status).toBe(200);
    server.clock.advance(signedInBy + 12 * 60 * 60_000 + 1000 - now());
    expect((await me(busy)).status).toBe(401);
  });

  it('refuses common and repetitive passwords, for a new account and for a change', async () => {
    await addOfficer(server.db, 'strong.admin', 'admin', null);
    const admin = await signedIn(server, 'strong.admin');
    for (const weak of ['aaaaaaaaaa', 'password123', 'matkhau123456', 'Langson2021!', '1234567890', 'qwertyuiop']) {
      const refused = await admin.post('/api/console/officers', {
        username: 'weak.one',
        password: weak,
        role: 'officer',
        localityCode: null,
      });
      expect(refused.status, weak).toBe(400);
      expect(refused.body.message, weak).toContain('too easy to guess');
    }
    expect(await server.db.officer.count({ where: { username: 'weak.one' } })).toBe(0);
    const created = await admin.post('/api/console/officers', {
      username: 'weak.one',
      password: 'chim sẻ đậu cành tre xanh',
      role: 'officer',
      localityCode: null,
    });
    expect(created.status).toBe(200);
    await expect(
      createOfficer(server.db, { username: 'cli.weak', password: 'aaaaaaaaaaaa', role: 'officer' }),
    ).rejects.toMatchObject({ code: 'officer.invalid' });

    await addOfficer(server.db, 'change.o', 'officer', null);
    const officer = await signedIn(server, 'change.o');
    const weakChange = await officer.post('/api/console/password', {
      currentPassword: PASSWORD,
      newPassword: 'change.o12345',
    });
    expect(weakChange.status).toBe(400);
    expect(weakChange.body.error).toBe('auth.password_weak');
    expect(
      (
        await officer.post('/api/console/password', {
          currentPassword: PASSWORD,
          newPassword: 'mưa rào tháng năm trên núi',
        })
      ).status,
    ).toBe(200);
  });
});

describe.each(providers)('addresses and https behind a proxy on %s', (provider) => {
  const officer = { username: 'proxy.o', password: PASSWORD, role: 'officer', localityCode: null };

  it('believes X-Forwarded-For only from the proxies listed in TRUSTED_PROXIES', async () => {
    const direct = await startTestApp(provider, { WEB_CHAT_REQUESTS_PER_MINUTE: '2' });
    try {
      const texts = (address: string) =>
        fetch(new URL('/api/chat/texts', direct.url), { headers: { 'x-forwarded-for': address } });
      // any client can send the header: without a listed proxy it changes nothing
      expect((await texts('203.0.113.1')).status).toBe(200);
      expect((await texts('203.0.113.2')).status).toBe(200);
      expect((await texts('203.0.113.3')).status).toBe(429);
      await createOfficer(direct.app.context.db, officer);
      const client = new ConsoleClient(direct.url);
      client.headers['x-forwarded-for'] = '203.0.113.99';
      await client.post('/api/console/login', { username: officer.username, password: PASSWORD });
      const entry = await direct.app.context.db.auditLog.findFirstOrThrow({ where: { action: 'login' } });
      expect(entry.detail).toContain('127.0.0.1');
      expect(entry.detail).not.toContain('203.0.113.99');
    } finally {
      await direct.stop();
    }
    const proxied = await startTestApp(provider, { WEB_CHAT_REQUESTS_PER_MINUTE: '2', TRUSTED_PROXIES: '127.0.0.1' });
    try {
      const texts = (address: string) =>
        fetch(new URL('/api/chat/texts', proxied.url), { headers: { 'x-forwarded-for': address } });
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
        expect((await texts(address)).status).toBe(200);
    } finally {
      await proxied.stop();
    }
  });

  it('marks the session cookie Secure when a trusted proxy says the browser came over https', async () => {
    const cookieAfterLogin = async (env: Record<string, string>, headers: Record<string, string>) => {
      const test = await startTestApp(provider, env);
      try {
        await createOfficer(test.app.context.db, officer);
        const client = new ConsoleClient(test.url);
        client.headers = headers;
        const answer = await client.post('/api/console/login', { username: officer.username, password: PASSWORD });
        expect(answer.status).toBe(200);
        return answer.headers.get('set-cookie') ?? '';
      } finally {
        await test.stop();
      }
    };
    expect(await cookieAfterLogin({ TRUSTED_PROXIES: '127.0.0.1' }, { 'x-forwarded-proto': 'https' })).toMatch(
      /;\s*Secure/i,
    );
    expect(await cookieAfterLogin({ TRUSTED_PROXIES: '127.0.0.1' }, {})).not.toMatch(/;\s*Secure/i);
    // a client that is not a listed proxy cannot claim https for itself (no harm either way, but no trust)
    expect(await cookieAfterLogin({}, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
  });

  it('lets the operator name the first administrator', async () => {
    const test = await startTestApp(provider, { FIRST_ADMIN_USERNAME: 'ubbc.quantri' });
    try {
      expect(test.app.firstAdmin?.username).toBe('ubbc.quantri');
      expect(await test.app.context.db.officer.findMany({ select: { username: true } })).toEqual([
        { username: 'ubbc.quantri' },
      ]);
      const client = new ConsoleClient(test.url);
      expect(
        (await client.post('/api/console/login', { username: 'ubbc.quantri', password: test.app.firstAdmin?.password }))
          .body.next,
      ).toBe('password_change');
    } finally {
      await test.stop();
    }
    expect(configErrorOf({ FIRST_ADMIN_USERNAME: 'Admin User' }).variable).toBe('FIRST_ADMIN_USERNAME');
  });
});
