// The knowledge base's and polling flow's own texts (faq:ui.*, polling:*) exist in both
// languages, are never empty, and every key the code uses is there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n.js';

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

const resources = readLocaleResources();
const texts = (locale: 'vi' | 'en') =>
  new Map([
    ...leaves(resources[locale].faq?.ui, 'faq:ui'),
    ...leaves(resources[locale].polling, 'polling:').map(([key, value]): [string, unknown] => [
      key.replace('polling:.', 'polling:'),
      value,
    ]),
  ]);

describe('knowledge and polling texts', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    const vi = texts('vi');
    const en = texts('en');
    expect([...en.keys()].sort()).toEqual([...vi.keys()].sort());
    for (const [key, value] of [...vi, ...en])
      expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true);
  });

  it('contain every key the code uses', () => {
    const vi = texts('vi');
    const code = ['src/knowledge', 'src/polling']
      .flatMap((dir) => readdirSync(dir).map((file) => readFileSync(path.join(dir, file), 'utf8')))
      .join('\n');
    // faq:ui.* is only ever a text key; polling:* is also an option id prefix, so only t('polling:…') counts
    const used = [...code.matchAll(/'(faq:ui\.[\w.]+)'/g), ...code.matchAll(/\.t\('(polling:[\w.]+)'/g)].map(
      (match) => match[1] ?? '',
    );
    expect(used.length).toBeGreaterThan(10);
    for (const key of used) expect(vi.has(key), key).toBe(true);
  });
});
