// The encryption envelope at its edges: only a 32-byte key, a truncated authentication tag
// never opens (GCM would accept a shortened tag if the length were not pinned), a malformed
// value is "unknown format" and a tampered one "authentication failed" (the operator's error
// says which, and names DATA_ENCRYPTION_KEY), also for the old TOTP format, and a reporter's
// identity opens only as an identity.
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, openJson, sealJson } from '../../src/security/crypto.js';
import { decryptIdentity, encryptIdentity } from '../../src/tickets/identity-crypto.js';

const key = randomBytes(32);

/** The format TOTP secrets were stored in before the envelope: "v1:<iv>:<tag>:<body>", base64, no context. */
function legacySeal(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

function failure(open: () => unknown): DecryptionError {
  try {
    open();
  } catch (error) {
    if (error instanceof DecryptionError) return error;
    throw error;
  }
  throw new Error('it opened');
}

describe('the encryption envelope', () => {
  it('wants a 32-byte key to seal and to open', () => {
    expect(() => sealJson(randomBytes(16), 'x', 'c')).toThrow('the data key must be 32 bytes (AES-256)');
    expect(() => openJson(randomBytes(16), sealJson(key, 'x', 'c'), 'c')).toThrow(
      'the data key must be 32 bytes (AES-256)',
    );
  });

  it('names the reason and the key to check when a value does not open', () => {
    const error = failure(() => openJson(key, sealJson(key, 'x', 'ticket-1'), 'ticket-2'));
    expect(error.name).toBe('DecryptionError');
    expect(error.message).toBe(
      'cannot decrypt a stored value: authentication failed; is DATA_ENCRYPTION_KEY the key the data was written with?',
    );
  });

  it('never opens a value whose tag was shortened', () => {
    const [version, iv, tag = '', ciphertext] = sealJson(key, { phone: '0912345678' }, 'ticket-1').split('.');
    const shortened = Buffer.from(tag, 'base64url').subarray(0, 12).toString('base64url');
    const forged = [version, iv, shortened, ciphertext].join('.');
    expect(failure(() => openJson(key, forged, 'ticket-1')).message).toContain('authentication failed');
  });

  it('calls a value with a part missing or one too many "unknown format"', () => {
    const sealed = sealJson(key, 'x', 'c');
    const [version, iv, tag] = sealed.split('.');
    for (const malformed of [`${version}.${iv}.${tag}`, `${sealed}.extra`, `v2${sealed.slice(2)}`, 'plain text'])
      expect(failure(() => openJson(key, malformed, 'c')).message).toContain('unknown format');
  });

  it('opens the old TOTP format, refuses a shortened tag, and calls a malformed one "unknown format"', () => {
    const legacy = legacySeal('JBSWY3DPEHPK3PXP');
    expect(openJson(key, legacy, 'ignored: no context then')).toBe('JBSWY3DPEHPK3PXP');
    const [, iv = '', tag = '', body = ''] = legacy.split(':');
    const shortened = Buffer.from(tag, 'base64').subarray(0, 12).toString('base64');
    expect(failure(() => openJson(key, ['v1', iv, shortened, body].join(':'), 'c')).message).toContain(
      'authentication failed',
    );
    for (const malformed of [`v1:${iv}:${tag}`, `v1:${iv}`, `${legacy}:extra`])
      expect(failure(() => openJson(key, malformed, 'c')).message).toContain('unknown format');
  });
});

describe('a reporter’s identity at rest', () => {
  const identity = { fullName: 'Nguyễn Thị Lan', address: 'Khối 5, phường Chi Lăng', phone: '0912345678' };

  it('opens on its own ticket only', () => {
    const sealed = encryptIdentity(key, identity, 'ticket-1');
    expect(decryptIdentity(key, sealed, 'ticket-1')).toEqual(identity);
    expect(() => decryptIdentity(key, sealed, 'ticket-2')).toThrow(DecryptionError);
  });

  it('refuses a value sealed for the ticket that is not an identity', () => {
    const notIdentity = sealJson(key, { fullName: 'Lan' }, 'ticket-1');
    expect(failure(() => decryptIdentity(key, notIdentity, 'ticket-1')).message).toContain('unexpected content');
  });
});
