// The one encryption envelope (src/security/crypto.ts): values written before it existed still
// open (identities and queued replies in the v1 format, TOTP secrets in the old colon format),
// new values are bound to their context, and the one constant-time comparison.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, openJson, safeEqual, sealJson } from '../../src/security/crypto.js';
import { openTotpSecret, sealTotpSecret } from '../../src/console/auth/totp.js';

// Written by the code of commit 048f21e (tickets/identity-crypto.ts encryptIdentity and
// encryptJson, console/auth/totp.ts encryptSecret) with this key: what existing databases hold.
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const OLD_IDENTITY =
  'v1.3AoG-BVwmHFpmd01.8bo6zmUVCce-yVNUAcWgVQ.CvVKolGDaz39PZKdgvLwzXoIkWYI59-__S0fWZGgDZRDAuC2Tvvhnu-9FD_IYVa81BOvl6GgmBI9PQotdySBWiw1gIIDKTFzEIG6E0y5jX6xAP8PnP0sAknZ6YHX_8o';
const OLD_QUEUED_REPLY =
  'v1.lgoT9XdcI9X3Q2lz.lMyAzD5ejWNLB3lhjg_jmA.fv2F09FZ5my9-zoy1ajX_q7_I5_ryKQGH2IhqwVgLmk2pS8GONcey5M-rId8xM-e9Jtjkud2bLnN5MprdeRRVVBCD0mlJ-auFgEaXng';
const OLD_TOTP_SECRET = 'v1:KmvlgAoRRKBX/foA:NI3r1EdFudEYYvTjlpDeBw==:eRxXjq4HoDrEXSZnVVtpYk4rcTMf+Qqe4A/cbrjDRVs=';

describe('the encryption envelope', () => {
  it('opens an identity and a queued reply written before it existed', () => {
    expect(openJson(KEY, OLD_IDENTITY, 'ticket-legacy')).toEqual({
      fullName: 'Hoàng Thị Mai',
      address: 'Thôn Nà Pàn, xã Yên Phúc',
      phone: '0912345678',
    });
    expect(openJson(KEY, OLD_QUEUED_REPLY, 'outbox:telegram:8101')).toEqual({
      kind: 'notice',
      text: 'Xin chào',
      options: [{ id: 'menu', label: 'Menu' }],
    });
  });

  it('opens a TOTP secret in the old colon format, and writes new ones in the envelope bound to the officer', () => {
    expect(openTotpSecret(KEY, OLD_TOTP_SECRET, 'officer-1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const sealed = sealTotpSecret(KEY, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'officer-1');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(openTotpSecret(KEY, sealed, 'officer-1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(() => openTotpSecret(KEY, sealed, 'officer-2')).toThrow(DecryptionError);
  });

  it.each([
    ['another key', (sealed: string) => openJson(randomBytes(32), sealed, 'a')],
    ['another context', (sealed: string) => openJson(KEY, sealed, 'b')],
    ['an unknown version', (sealed: string) => openJson(KEY, sealed.replace(/^v1/, 'v9'), 'a')],
    ['an extra part', (sealed: string) => openJson(KEY, `${sealed}.x`, 'a')],
    ['a broken old-format value', () => openJson(KEY, OLD_TOTP_SECRET.replace(':eRx', ':fRx'), 'a')],
  ])('refuses to open with %s', (_name, attempt) => {
    expect(() => attempt(sealJson(KEY, { secret: 1 }, 'a'))).toThrow(DecryptionError);
  });

  it('compares secrets whatever their length, and refuses anything but a string', () => {
    expect(safeEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(safeEqual('s3cret-tokeN', 's3cret-token')).toBe(false);
    expect(safeEqual('s3cret', 's3cret-token')).toBe(false);
    expect(safeEqual('', 's3cret-token')).toBe(false);
    expect(safeEqual(['s3cret-token'], 's3cret-token')).toBe(false);
    expect(safeEqual(undefined, 's3cret-token')).toBe(false);
  });
});
