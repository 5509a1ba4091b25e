// The README's test command on any machine: CI is recognised the same way for every service
// (PostgreSQL, Chromium), and the browser tests run where Chromium is, or in CI (where its
// absence must fail rather than skip).
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
    ['true', true],
    ['1', true],
    ['yes', true],
    ['woodpecker', true],
  ])('CI=%s means in CI: %s', (value, expected) => {
    expect(inCi({ CI: value })).toBe(expected);
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
