// Second-factor codes at the edges of their 30-second steps: the current code and the one just
// before it are accepted (with the step they belong to, so a code works once), the one before
// that and any future one are not, nor anything but six digits; the secret opens only for the
// officer it was sealed for, and the enrolment URI names the issuer and the account.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { acceptedTotpStep, newTotpSecret, openTotpSecret, sealTotpSecret } from '../../src/console/auth/totp.js';
import { DecryptionError, sealJson } from '../../src/security/crypto.js';

const STEP_MS = 30_000;
// a time at the very start of a step, and one at its very end
const STEP = 59_000_000;
const startOfStep = new Date(STEP * STEP_MS);
const endOfStep = new Date(STEP * STEP_MS + STEP_MS - 1);

function codeAt(base32: string, time: number): string {
  return new TOTP({ secret: Secret.fromBase32(base32), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: time,
  });
}

describe('second-factor codes', () => {
  const { base32 } = newTotpSecret('officer.tran');

  it('accepts the current code, at the first and the last millisecond of its step, as that step', () => {
    expect(acceptedTotpStep('officer.tran', base32, codeAt(base32, startOfStep.getTime()), startOfStep)).toBe(STEP);
    expect(acceptedTotpStep('officer.tran', base32, codeAt(base32, startOfStep.getTime()), endOfStep)).toBe(STEP);
  });

  it('accepts the previous code, as the previous step, and not the one before it', () => {
    const previous = codeAt(base32, startOfStep.getTime() - STEP_MS);
    expect(acceptedTotpStep('officer.tran', base32, previous, startOfStep)).toBe(STEP - 1);
    expect(acceptedTotpStep('officer.tran', base32, previous, endOfStep)).toBe(STEP - 1);
    const twoBack = codeAt(base32, startOfStep.getTime() - 2 * STEP_MS);
    expect(acceptedTotpStep('officer.tran', base32, twoBack, startOfStep)).toBeNull();
  });

  it('refuses the next step’s code, even a millisecond before it starts', () => {
    const next = codeAt(base32, startOfStep.getTime() + STEP_MS);
    expect(acceptedTotpStep('officer.tran', base32, next, endOfStep)).toBeNull();
  });

  it('refuses anything but six digits, and a wrong code', () => {
    const right = codeAt(base32, startOfStep.getTime());
    expect(acceptedTotpStep('officer.tran', base32, `${right}0`, startOfStep)).toBeNull();
    expect(acceptedTotpStep('officer.tran', base32, right.slice(1), startOfStep)).toBeNull();
    expect(acceptedTotpStep('officer.tran', base32, ` ${right}`, startOfStep)).toBeNull();
    expect(acceptedTotpStep('officer.tran', base32, `${right.slice(0, 5)}a`, startOfStep)).toBeNull();
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(acceptedTotpStep('officer.tran', base32, wrong, startOfStep)).toBeNull();
  });

  it('makes a fresh 160-bit secret and an otpauth URI naming the issuer and the account', () => {
    const fresh = newTotpSecret('officer.le');
    expect(fresh.base32).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret('officer.le').base32).not.toBe(fresh.base32);
    const uri = new URL(fresh.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toContain('Cử Tri:officer.le');
    expect(uri.searchParams.get('issuer')).toBe('Cử Tri');
    expect(uri.searchParams.get('secret')).toBe(fresh.base32);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
  });

  it('opens a sealed secret only for the officer it was sealed for, and only if it is a secret', () => {
    const key = randomBytes(32);
    const sealed = sealTotpSecret(key, base32, 'officer-1');
    expect(openTotpSecret(key, sealed, 'officer-1')).toBe(base32);
    expect(() => openTotpSecret(key, sealed, 'officer-2')).toThrow(DecryptionError);
    const notText = sealJson(key, { secret: base32 }, 'totp:officer-1');
    expect(() => openTotpSecret(key, notText, 'officer-1')).toThrow(/unexpected content/);
  });
});
