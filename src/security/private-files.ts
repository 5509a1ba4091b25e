// Files only the service's own user may read: the SQLite database and its journals, backups,
// the audit anchor, the first administrator's one-time password. Created with mode 0600 (and
// their folder 0700) instead of the umask's usual world-readable 0644.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OWNER_ONLY = 0o600;

export function ensurePrivateDirectory(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates `file` empty and owner-only when it is missing; narrows it (and its SQLite journals) to the owner when it exists. */
export function ensurePrivateFile(file: string, companions: readonly string[] = []): void {
  ensurePrivateDirectory(path.dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, 'a', OWNER_ONLY));
  for (const each of [file, ...companions]) if (existsSync(each)) chmodSync(each, OWNER_ONLY);
}

/** Replaces `file`'s content in one step (a reader never sees half of it), owner-only. */
export function writePrivateFile(file: string, content: string): void {
  ensurePrivateDirectory(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: OWNER_ONLY });
  renameSync(temporary, file);
}
