// The README's test command on any machine: CI is recognised the same way for every service
// (PostgreSQL, Chromium), and the browser tests run where Chromium is, or in CI (where its
// absence must fail rather than skip).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTestsRun, chromiumPath } from '../support/browser.js';
import { inCi } from '../support/ci.js';

describe('the test environment', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['FALSE', false],
    [' False ', false],
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['woodpecker', true],
  ])('CI=%s means in CI: %s', (value, expected) => {
    expect(inCi({ CI: value })).toBe(expected);
  });

  it('has every test file ask inCi() whether it runs in CI, none reading CI itself (where CI=1 or CI=TRUE would skip a missing service)', () => {
    const testFolder = path.resolve(import.meta.dirname, '..');
    const files = readdirSync(testFolder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(testFolder, file));
    expect(files.length).toBeGreaterThan(50);
    const readsCi = /\benv\s*(\.\s*CI\b|\[\s*['"`]CI['"`]\s*\])/;
    const own = files.filter(
      (file) => file !== path.join(testFolder, 'support', 'ci.ts') && readsCi.test(readFileSync(file, 'utf8')),
    );
    expect(own.map((file) => path.relative(testFolder, file))).toEqual([]);
  });

  it('finds Chromium at CHROMIUM_PATH or /usr/bin/chromium, and runs the browser tests where it is or in CI', () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
    const installedAt = (path: string) => (candidate: string) => candidate === path;
    expect(browserTestsRun({}, installedAt('/usr/bin/chromium'))).toBe(true);
    expect(browserTestsRun({ CHROMIUM_PATH: '/opt/chromium/chrome' }, installedAt('/opt/chromium/chrome'))).toBe(true);
    expect(browserTestsRun({}, installedAt('/nowhere'))).toBe(false);
    expect(browserTestsRun({ CI: '1' }, installedAt('/nowhere'))).toBe(true);
  });
});
