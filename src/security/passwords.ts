// Officer passwords: argon2id (OWASP's first choice), through @node-rs/argon2, which ships
// prebuilt binaries as npm packages (no compiler, no download at install).
import { hash, verify } from '@node-rs/argon2';

/** argon2id with 19 MiB, 2 passes: OWASP's recommended minimum; about 20 ms here. */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
