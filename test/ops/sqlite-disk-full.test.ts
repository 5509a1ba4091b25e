// Disk full under SQLite: the database lives on a tiny tmpfs that the test fills up. The
// citizen gets a clear "try again later" (503 JSON), the process keeps running, nothing is
// half-filed, and once space is freed the same confirmation files the complaint once.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAppOn, type RunningApp } from './app-on.js';
import { newChatSession, postChat, say, SteppingClock, walkPetitionToSummary } from './web-chat-client.js';
import { inCi } from '../support/ci.js';

/** Mounts a tmpfs of `size` at a new folder, or says why it cannot. */
function mountTinyDisk(size: string): { dir: string } | { why: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cutri-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return { dir };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { why: 'mounting a tmpfs needs root' };
  }
}

/** Writes zeros until the disk refuses: ENOSPC. */
function fillDisk(file: string): void {
  const chunk = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) throw error;
  } finally {
    closeSync(fd);
  }
}

function unmount(dir: string): void {
  execFileSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
}

// probe once at collection; the real disk is mounted in beforeAll so a filtered run leaves none
const probe = mountTinyDisk('1m');
if ('dir' in probe) unmount(probe.dir);
const cannot = 'why' in probe ? probe.why : null;
if (cannot && inCi()) throw new Error(`the disk-full test cannot run in CI: ${cannot}`);
if (cannot) process.stderr.write(`\n[tests] SKIPPED the SQLite disk-full test: ${cannot}\n\n`);
const unavailableBody = z.object({ error: z.literal('unavailable'), message: z.string() });

describe.skipIf(cannot !== null)('SQLite on a full disk', () => {
  const clock = new SteppingClock();
  let dir: string;
  let running: RunningApp;
  beforeAll(async () => {
    const disk = mountTinyDisk('8m');
    if (!('dir' in disk)) throw new Error(disk.why);
    dir = disk.dir;
    const file = path.join(dir, 'cutri.db');
    running = await startAppOn({ provider: 'sqlite', url: `file:${file}`, file }, dir, {}, clock);
  });
  afterAll(async () => {
    await running.app.stop();
    unmount(dir);
  });

  it('answers "try again later", keeps running, and files the complaint once space is back', async () => {
    const filer = newChatSession();
    await walkPetitionToSummary(running.url, filer, undefined, clock.step);
    const filler = path.join(dir, 'filler');
    fillDisk(filler);

    clock.step();
    const confirm = await postChat(running.url, filer, { choice: 'confirm' });
    expect(confirm.status).toBe(503);
    expect(unavailableBody.parse(confirm.body).message).toContain('try again');
    const newcomer = await postChat(running.url, newChatSession(), { text: 'xin chào' });
    expect(newcomer.status).toBe(503);
    const { db } = running.app.context;
    expect(await db.ticket.count()).toBe(0);
    expect(running.logs.join('')).toContain('database unavailable');

    rmSync(filler);
    clock.step();
    const filed = (await say(running.url, filer, { choice: 'confirm' })).map((reply) => reply.text).join('\n');
    expect(filed).toMatch(/PA-\d{4}-\d{5}/);
    const tickets = await db.ticket.findMany({ include: { events: true } });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.events.map((event) => event.toStatus)).toContain('received');
  });
});
