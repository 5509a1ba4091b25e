// The first administrator's one-time password is for a person, never for the log stream (logs
// are kept, shipped and read by others). On a terminal (`npm start` in a shell) it is printed
// there once, as before. Otherwise stdout is usually the log (a service manager, a container, a
// redirect to app.log), so the password goes into a file only this user can read, and the log
// says where that file is.
import path from 'node:path';
import type { Logger } from '../logger.js';
import { writePrivateFile } from '../security/private-files.js';

export const FIRST_ADMIN_FILE = 'first-admin-password.txt';

export interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function handOverFirstAdmin(
  firstAdmin: { username: string; password: string },
  options: { consoleUrl: URL; dataDir: string; stdout: Terminal; logger: Logger },
): void {
  const lines = [
    'First start: an administrator account was created.',
    `Console:  ${options.consoleUrl.href}`,
    `Username: ${firstAdmin.username}`,
    `Password: ${firstAdmin.password}`,
    '(a one-time password: you will be asked to change it at the first sign-in)',
  ];
  if (options.stdout.isTTY) {
    options.stdout.write(`\n${lines.map((line) => `  ${line}`).join('\n')}\n  (shown only this once)\n\n`);
    return;
  }
  const file = path.join(options.dataDir, FIRST_ADMIN_FILE);
  writePrivateFile(file, `${lines.join('\n')}\nDelete this file once you have signed in.\n`);
  options.logger.warn(
    { file, username: firstAdmin.username },
    'first start: an administrator account was created; its one-time password is in this file, readable by this user only; delete the file after the first sign-in',
  );
}
