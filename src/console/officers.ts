// Officer accounts: creation (CLI and first start); the roles they may hold are in src/officers/roles.ts.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors.js';
import { hashPassword } from '../security/passwords.js';
import { ROLES } from '../officers/roles.js';
import { passwordProblem } from '../security/password-strength.js';

export const WEAK_PASSWORD_MESSAGE =
  'password: too easy to guess (a common password, a name, a repeat or a sequence); choose a longer phrase of several words';

export const newOfficerSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9._-]{3,40}$/, 'username: 3 to 40 characters of a-z, 0-9, dot, dash, underscore'),
    password: z.string().min(10, 'password: at least 10 characters').max(200, 'password: at most 200 characters'),
    role: z.enum(ROLES),
    localityCode: z.string().trim().min(1).nullable().default(null),
    displayName: z.string().trim().min(1).max(100).nullable().default(null),
    mustChangePassword: z.boolean().default(false),
  })
  .superRefine((officer, context) => {
    if (passwordProblem(officer.password, [officer.username, officer.displayName ?? '']) === 'too_weak')
      context.addIssue({ code: 'custom', path: ['password'], message: WEAK_PASSWORD_MESSAGE });
  });

/** Unchecked input (from the CLI or the console): createOfficer validates every field. */
export type NewOfficer = Omit<z.input<typeof newOfficerSchema>, 'role'> & { role: string };

export async function createOfficer(db: Db, input: NewOfficer): Promise<{ id: string; username: string }> {
  const parsed = newOfficerSchema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('invalid', parsed.error.issues.map((issue) => issue.message).join('; '), 'officer.invalid');
  const officer = parsed.data;
  if (officer.localityCode !== null && !(await db.locality.findUnique({ where: { code: officer.localityCode } }))) {
    throw new DomainError('invalid', `locality ${officer.localityCode} does not exist`, 'officer.unknown_locality');
  }
  if (await db.officer.findUnique({ where: { username: officer.username } })) {
    throw new DomainError('conflict', `username ${officer.username} is taken`, 'officer.username_taken');
  }
  const created = await db.officer.create({
    data: {
      username: officer.username,
      passwordHash: await hashPassword(officer.password),
      role: officer.role,
      localityCode: officer.localityCode,
      displayName: officer.displayName,
      mustChangePassword: officer.mustChangePassword,
    },
    select: { id: true, username: true },
  });
  return created;
}

/**
 * On a database with no officer at all, creates the first administrator (FIRST_ADMIN_USERNAME,
 * default `admin`) with a random one-time password and returns it, so that the start can hand it
 * to a person once (first-admin-notice.ts). Returns null when officers exist.
 */
export async function bootstrapFirstAdmin(
  db: Db,
  username: string,
): Promise<{ username: string; password: string } | null> {
  if ((await db.officer.count()) > 0) return null;
  const password = randomBytes(12).toString('base64url');
  await createOfficer(db, { username, password, role: 'admin', mustChangePassword: true });
  return { username, password };
}
