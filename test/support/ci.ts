// Whether the tests run in CI, where a missing service (PostgreSQL, Chromium) fails the run
// instead of skipping its tests: CI set to anything but empty, "false" or "0".
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
