// The second factor as an attacker who has a password meets it: wrong codes end the sign-in
// and pause the account's second factor, a code works once (in one session), only the current
// and the previous code are accepted, re-enrolling keeps the old factor until the new one is
// proven, and a password alone cannot change the password. Time moves on the server's clock.
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/databases.js';
import {
  addOfficer,
  ConsoleClient,
  PASSWORD,
  signedIn,
  startConsoleServer,
  totpSecretOf,
  type ConsoleServer,
} from '../console/console-harness.js';

const providers = await testProviders();
const STEP_MS = 30_000;

describe.each(providers)('the second factor on %s', (provider) => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer(provider);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A supervisor with a second factor, and its secret. */
  async function supervisorWithTotp(username: string): Promise<string> {
    await addOfficer(server.db, username, 'supervisor', null);
    await signedIn(server, username);
    return totpSecretOf(username);
  }

  /** Signed in with the password only: the second factor is still to come. */
  async function passwordOnly(username: string): Promise<ConsoleClient> {
    const client = new ConsoleClient(server.url, server.clock);
    const login = await client.post('/api/console/login', { username, password: PASSWORD });
    expect(login.body.next).toBe('totp');
    client.csrfToken = login.body.csrfToken;
    return client;
  }

  const codeAt = (secret: string, offsetSteps = 0) =>
    new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: server.clock.now().getTime() + offsetSteps * STEP_MS,
    });
  const wrongCode = (secret: string) => String((Number(codeAt(secret)) + 500_000) % 1_000_000).padStart(6, '0');
  const audited = (action: string, officerId: string) => server.db.auditLog.count({ where: { action, officerId } });

  it('ends the sign-in after 5 wrong codes, pauses the account’s second factor for 15 minutes even for the right code (still paused 10 s before they end, open after), and audits it', async () => {
    const secret = await supervisorWithTotp('tf.brute');
    const officer = await server.db.officer.findUniqueOrThrow({ where: { username: 'tf.brute' } });
    // three wrong codes in one session, two in another: the account counts all five
    const first = await passwordOnly('tf.brute');
    for (let attempt = 1; attempt <= 3; attempt += 1)
      expect((await first.post('/api/console/totp/verify', { code: wrongCode(secret) })).body.error).toBe(
        'auth.bad_totp',
      );
    const second = await passwordOnly('tf.brute');
    expect((await second.post('/api/console/totp/verify', { code: wrongCode(secret) })).body.error).toBe(
      'auth.bad_totp',
    );
    const beforeFifth = server.clock.now().getTime();
    const fifth = await second.post('/api/console/totp/verify', { code: wrongCode(secret) });
    expect(fifth.status).toBe(401);
    expect(fifth.body.error).toBe('auth.totp_session_ended');
    expect((await second.get('/api/console/me')).status).toBe(401);

    const third = await passwordOnly('tf.brute');
    const right = await third.post('/api/console/totp/verify', { code: codeAt(secret) });
    expect(right.status).toBe(429);
    expect(right.body.error).toBe('auth.totp_locked');
    expect((await third.get('/api/console/tickets')).status).toBe(403);
    expect(await audited('totp_failed', officer.id)).toBe(5);
    expect(await audited('totp_locked', officer.id)).toBe(1);
    expect(await audited('session_ended_totp', officer.id)).toBe(1);

    // the pause started with the fifth wrong code: 10 s before its 15 minutes are over, the right code still waits
    server.clock.advance(beforeFifth + 15 * 60_000 - 10_000 - server.clock.now().getTime());
    const almost = await passwordOnly('tf.brute');
    const stillPaused = await almost.post('/api/console/totp/verify', { code: codeAt(secret) });
    expect(stillPaused.status).toBe(429);
    expect(stillPaused.body.error).toBe('auth.totp_locked');

    server.clock.advance(10_000 + STEP_MS);
    const later = await passwordOnly('tf.brute');
    expect((await later.post('/api/console/totp/verify', { code: codeAt(secret) })).status).toBe(200);
    expect((await later.get('/api/console/tickets')).status).toBe(200);
  });

  it('ends a sign-in at its 5th wrong code, not its 4th, even when the account’s count of wrong codes started over during it', async () => {
    const secret = await supervisorWithTotp('tf.session');
    // the account's wrong codes are counted per 15 minutes: two codes before a quarter hour ends, three after
    const quarter = 15 * 60_000;
    const boundary = (Math.floor(server.clock.now().getTime() / quarter) + 2) * quarter;
    server.clock.advance(boundary - 20_000 - server.clock.now().getTime());
    const client = await passwordOnly('tf.session');
    const verify = () => client.post('/api/console/totp/verify', { code: wrongCode(secret) });
    for (let attempt = 1; attempt <= 2; attempt += 1) expect((await verify()).body.error).toBe('auth.bad_totp');
    server.clock.advance(boundary + 1000 - server.clock.now().getTime());
    for (let attempt = 3; attempt <= 4; attempt += 1) expect((await verify()).body.error).toBe('auth.bad_totp');
    const fifth = await verify();
    expect(fifth.status).toBe(401);
    expect(fifth.body.error).toBe('auth.totp_session_ended');
    expect((await client.get('/api/console/me')).status).toBe(401);
  });

  it('accepts a code once, in one session only, and only the current or the previous one', async () => {
    server.clock.advance(STEP_MS);
    const secret = await supervisorWithTotp('tf.replay');
    server.clock.advance(STEP_MS);
    const [a, b] = [await passwordOnly('tf.replay'), await passwordOnly('tf.replay')];
    const code = codeAt(secret);
    expect((await a.post('/api/console/totp/verify', { code })).status).toBe(200);
    const replayed = await b.post('/api/console/totp/verify', { code });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error).toBe('auth.totp_reused');
    // the next code is not accepted before its time
    expect((await b.post('/api/console/totp/verify', { code: codeAt(secret, 1) })).body.error).toBe('auth.bad_totp');
    server.clock.advance(2 * STEP_MS);
    // two steps on: the code of two steps ago is refused, the previous step's is accepted
    expect((await b.post('/api/console/totp/verify', { code: codeAt(secret, -2) })).body.error).toBe('auth.bad_totp');
    expect((await b.post('/api/console/totp/verify', { code: codeAt(secret, -1) })).status).toBe(200);
  });

  it('keeps the second factor in use until a code from a newly enrolled secret is verified', async () => {
    server.clock.advance(STEP_MS);
    const oldSecret = await supervisorWithTotp('tf.renew');
    server.clock.advance(STEP_MS);
    const complete = await signedIn(server, 'tf.renew');
    const { secret: newSecret } = (await complete.post('/api/console/totp/enrol')).body;
    expect(newSecret).not.toBe(oldSecret);
    // the new secret was never confirmed: signing in still asks for, and takes, the old one
    server.clock.advance(STEP_MS);
    const next = await passwordOnly('tf.renew');
    expect((await next.post('/api/console/totp/verify', { code: codeAt(newSecret) })).status).toBe(401);
    expect((await next.post('/api/console/totp/verify', { code: codeAt(oldSecret) })).status).toBe(200);
    // confirmed from a complete session, the new secret replaces the old one
    server.clock.advance(STEP_MS);
    const renewed = await next.post('/api/console/totp/enrol');
    expect((await next.post('/api/console/totp/verify', { code: codeAt(renewed.body.secret) })).status).toBe(200);
    server.clock.advance(STEP_MS);
    const after = await passwordOnly('tf.renew');
    expect((await after.post('/api/console/totp/verify', { code: codeAt(oldSecret) })).status).toBe(401);
    expect((await after.post('/api/console/totp/verify', { code: codeAt(renewed.body.secret) })).status).toBe(200);
  });

  it('lets only a complete session change the password, and counts wrong current passwords like wrong sign-ins', async () => {
    server.clock.advance(STEP_MS);
    await supervisorWithTotp('tf.password');
    const halfway = await passwordOnly('tf.password');
    const refused = await halfway.post('/api/console/password', {
      currentPassword: PASSWORD,
      newPassword: 'một câu mật khẩu khác hẳn',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('auth.totp_required');
    // the owner's password still works: nobody was signed out
    expect(
      (
        await new ConsoleClient(server.url, server.clock).post('/api/console/login', {
          username: 'tf.password',
          password: PASSWORD,
        })
      ).status,
    ).toBe(200);

    server.clock.advance(STEP_MS);
    const complete = await signedIn(server, 'tf.password');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(
        (
          await complete.post('/api/console/password', {
            currentPassword: `đoán sai lần ${attempt}`,
            newPassword: 'một câu mật khẩu khác hẳn',
          })
        ).status,
      ).toBe(403);
    }
    const throttled = await complete.post('/api/console/password', {
      currentPassword: PASSWORD,
      newPassword: 'một câu mật khẩu khác hẳn',
    });
    expect(throttled.status).toBe(429);
    const officer = await server.db.officer.findUniqueOrThrow({ where: { username: 'tf.password' } });
    expect(await audited('password_change_failed', officer.id)).toBe(5);
  });
});
