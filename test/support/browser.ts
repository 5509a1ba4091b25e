// Chromium for the browser tests, headless, with the flags this machine needs (no background
// networking: the network is closed); playwright gives every launch a fresh temporary profile.
// It is CHROMIUM_PATH, or Debian's /usr/bin/chromium (apt-get install chromium). Outside CI a
// machine without it skips the browser tests with a message; in CI they run and fail.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inCi } from './ci.js';

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
}

/** Whether the browser tests run here: Chromium is installed, or this is CI (where its absence must fail). */
export function browserTestsRun(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): boolean {
  return inCi(env) || exists(chromiumPath(env));
}

export const runBrowserTests = browserTestsRun();
if (!runBrowserTests) {
  process.stderr.write(
    `\n[tests] Chromium is not installed at ${chromiumPath()}: the browser tests are SKIPPED here (in CI they run and fail). Install it (apt-get install chromium) or set CHROMIUM_PATH.\n\n`,
  );
}

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium is not installed at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
