// Tracking codes and PINs. A code (KN-2021-00123) is short enough to read over the phone and
// reveals nothing without its PIN; the PIN is shown once at filing and only its hash is kept.
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import type { TicketKind } from './types.js';

export const CODE_PREFIXES: Record<TicketKind, string> = { complaint: 'KN', denunciation: 'TC', petition: 'PA' };

const CODE_PATTERN = /^(KN|TC|PA)[-\s]*(\d{4})[-\s]*(\d{1,7})$/;

export function formatTicketCode(kind: TicketKind, year: number, sequence: number): string {
  return `${CODE_PREFIXES[kind]}-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The year a code carries: the filing date's year in the election's time zone. */
export function codeYear(filedAt: Date, timeZone: string): number {
  return DateTime.fromJSDate(filedAt, { zone: timeZone }).year;
}

/** What a citizen typed ("kn 2021 123", "KN-2021-00123") as a stored code, or null. */
export function normalizeTicketCode(input: string): string | null {
  const match = CODE_PATTERN.exec(input.trim().toUpperCase());
  if (!match) return null;
  const [, prefix, year, sequence] = match;
  return `${prefix}-${year}-${String(Number(sequence)).padStart(5, '0')}`;
}

export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function normalizePin(input: string): string | null {
  const digits = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export const hashPin = hashPassword;

/** A hash of a PIN nobody holds: checked when a code does not exist, so both answers take the same time. */
let decoyHash: Promise<string> | null = null;

export async function verifyPin(pinHash: string | null, pin: string): Promise<boolean> {
  decoyHash ??= hashPassword(generatePin());
  const matches = await verifyPassword(pinHash ?? (await decoyHash), pin);
  return pinHash !== null && matches;
}
