// Secrets that differ from the real one in one character at either end but have its length: a
// check that compared lengths alone (or stopped early) would let them through.
export function nearMissesOf(secret: string): string[] {
  return [
    `${secret.startsWith('X') ? 'Y' : 'X'}${secret.slice(1)}`,
    `${secret.slice(0, -1)}${secret.endsWith('4') ? '5' : '4'}`,
  ];
}
