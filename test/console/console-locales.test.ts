// The console's texts: Vietnamese and English carry the same keys, every key the UI asks for
// exists, and no key sits unused.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve('.');
const read = (locale: string): unknown =>
  JSON.parse(readFileSync(path.join(root, 'locales', locale, 'console.json'), 'utf8'));

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

/** Keys the UI builds from data (a status, a kind…): each leaf under them counts as used. */
const DYNAMIC_PREFIXES = [
  'officers.roles.',
  'statuses.',
  'kinds.',
  'categories.',
  'ticket.events.',
  'ticket.delivery.',
];

const uiSource =
  readdirSync(path.join(root, 'src/console/public/js'))
    .map((file) => readFileSync(path.join(root, 'src/console/public/js', file), 'utf8'))
    .join('\n') + readFileSync(path.join(root, 'src/console/public/index.html'), 'utf8');
/** Keys asked for literally: t('…') and data-i18n="…". */
const requestedKeys = [...uiSource.matchAll(/\bt\('([\w.]+)'|data-i18n="([\w.]+)"/g)].map(
  (match) => match[1] ?? match[2] ?? '',
);
/** Any quoted dotted word counts as a use (keys are also passed around, e.g. form('login.title', …)). */
const quotedWords = new Set([...uiSource.matchAll(/['"]([a-z]+(?:\.[\w]+)+)['"]/g)].map((match) => match[1] ?? ''));

describe('the console texts', () => {
  const vi = leafKeys((read('vi') as { ui: unknown }).ui);
  const en = leafKeys((read('en') as { ui: unknown }).ui);

  it('have the same keys in Vietnamese and English', () => {
    expect([...vi].sort()).toEqual([...en].sort());
    expect(leafKeys(read('vi')).sort()).toEqual(leafKeys(read('en')).sort());
  });

  it('contain every key the UI uses, and no unused key', () => {
    const known = new Set(vi);
    expect(requestedKeys.length).toBeGreaterThan(50);
    const missing = requestedKeys.filter((key) => !known.has(key));
    expect(missing).toEqual([]);
    const unused = vi.filter(
      (key) =>
        !DYNAMIC_PREFIXES.some((prefix) => key.startsWith(prefix)) &&
        !quotedWords.has(key) &&
        !requestedKeys.includes(key),
    );
    expect(unused).toEqual([]);
  });
});
