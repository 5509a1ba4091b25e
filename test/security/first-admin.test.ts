// The first administrator's one-time password goes to a person, never into the log stream:
// `npm start` in a terminal prints it there once; a service whose output is collected (stdout
// not a terminal: systemd, a container, `> app.log`) finds it in a file only its user can read,
// and the log says where. Both run the real start (src/main.ts) as a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_ADMIN_FILE } from '../../src/console/first-admin-notice.js';
import { spawnApp, type ChildApp } from '../ops/child-app.js';

async function waitFor(condition: () => boolean, what: string, output: () => string): Promise<void> {
  for (let tries = 0; tries < 3000; tries += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited in vain for ${what}:\n${output()}`);
}

describe('the first administrator’s one-time password', () => {
  const dirs: string[] = [];
  let app: ChildApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-first-admin-'));
    dirs.push(dir);
    return dir;
  };

  it(
    'stays out of the log stream when stdout is not a terminal: it is in an owner-only file the log names',
    { timeout: 120_000 },
    async () => {
      const dir = dataDir();
      app = await spawnApp({ DATA_DIR: dir });
      const running = app;
      await waitFor(() => running.output().includes(FIRST_ADMIN_FILE), 'the log line naming the file', running.output);
      const file = path.join(dir, FIRST_ADMIN_FILE);
      const content = readFileSync(file, 'utf8');
      const password = /Password: (\S+)/.exec(content)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(content).toContain('Username: admin');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const logLine =
        running
          .output()
          .split('\n')
          .find((line) => line.includes(FIRST_ADMIN_FILE)) ?? '';
      expect(JSON.parse(logLine)).toMatchObject({ file });
      expect(running.output()).not.toContain(password);
    },
  );

  it(
    'is printed once to a terminal, as `npm start` users expect, and written nowhere else',
    { timeout: 120_000 },
    async () => {
      const dir = dataDir();
      // `script` gives the child a terminal of its own, as a person's shell would
      const child = spawn('script', ['-qefc', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          PORT: '0',
          LOG_LEVEL: 'warn',
          DATA_DIR: dir,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      try {
        await waitFor(
          () => /Password: \S+/.test(output),
          'the password on the terminal',
          () => output,
        );
        expect(output).toContain('Username: admin');
        expect(output).toContain('shown only this once');
        expect(existsSync(path.join(dir, FIRST_ADMIN_FILE))).toBe(false);
      } finally {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  );
});
