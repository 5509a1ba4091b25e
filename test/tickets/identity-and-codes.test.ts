// Identity encryption and tracking codes: pure functions.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptIdentity, encryptIdentity } from '../../src/tickets/identity-crypto.js';
import { DecryptionError } from '../../src/security/crypto.js';
import { codeYear, formatTicketCode, normalizePin, normalizeTicketCode } from '../../src/tickets/codes.js';

const identity = { fullName: 'Hoàng Thị Mai', address: 'Thôn Nà Pàn, xã Yên Phúc', phone: '0912345678' };

describe('identity encryption', () => {
  const key = randomBytes(32);

  it('round-trips, and the stored form shows none of the identity', () => {
    const payload = encryptIdentity(key, identity, 'ticket-1');
    expect(payload.startsWith('v1.')).toBe(true);
    for (const value of Object.values(identity)) expect(payload).not.toContain(value);
    expect(decryptIdentity(key, payload, 'ticket-1')).toEqual(identity);
  });

  it('gives a different ciphertext each time (random IV)', () => {
    expect(encryptIdentity(key, identity, 't')).not.toBe(encryptIdentity(key, identity, 't'));
  });

  it.each([
    ['another key', (payload: string) => decryptIdentity(randomBytes(32), payload, 'ticket-1')],
    ['another ticket', (payload: string) => decryptIdentity(key, payload, 'ticket-2')],
    ['a flipped byte', (payload: string) => decryptIdentity(key, flipFirstCiphertextCharacter(payload), 'ticket-1')],
    ['an unknown version', (payload: string) => decryptIdentity(key, payload.replace(/^v1/, 'v9'), 'ticket-1')],
  ])('refuses to decrypt with %s', (_name, attempt) => {
    const payload = encryptIdentity(key, identity, 'ticket-1');
    expect(() => attempt(payload)).toThrow(DecryptionError);
  });
});

/** Changes the first base64 character of the ciphertext part: its first byte always changes. */
function flipFirstCiphertextCharacter(payload: string): string {
  const parts = payload.split('.');
  const ciphertext = parts.at(-1) ?? '';
  parts[parts.length - 1] = `${ciphertext.startsWith('A') ? 'B' : 'A'}${ciphertext.slice(1)}`;
  return parts.join('.');
}

describe('tracking codes and PINs', () => {
  it('formats KN/TC/PA codes with a five-digit sequence', () => {
    expect(formatTicketCode('complaint', 2021, 123)).toBe('KN-2021-00123');
    expect(formatTicketCode('denunciation', 2021, 1)).toBe('TC-2021-00001');
    expect(formatTicketCode('petition', 2021, 123456)).toBe('PA-2021-123456');
  });

  it('takes the year in the election time zone: 31/12 23:30 UTC is already next year in Lạng Sơn', () => {
    expect(codeYear(new Date('2021-12-31T23:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe(2022);
  });

  it.each([
    ['KN-2021-00123', 'KN-2021-00123'],
    ['  kn-2021-123 ', 'KN-2021-00123'],
    ['tc 2021 7', 'TC-2021-00007'],
    ['PA2021-00042', 'PA-2021-00042'],
    ['XX-2021-00001', null],
    ['KN-21-1', null],
  ])('reads %j as %j', (input, code) => {
    expect(normalizeTicketCode(input)).toBe(code);
  });

  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['12345', null],
    ['abcdef', null],
  ])('reads PIN %j as %j', (input, pin) => {
    expect(normalizePin(input)).toBe(pin);
  });
});
