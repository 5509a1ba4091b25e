// The texts about places (localities.json): the same keys in Vietnamese and English, none
// empty, every key the code names there, none unused.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n.js';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) =>
      entry.isDirectory()
        ? sources(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? readFileSync(path.join(dir, entry.name), 'utf8')
          : '',
    )
    .join('\n');
}

/** Keys built at run time: one per unit type and count. */
const DYNAMIC = ['type.', 'group.'];

describe('place texts', () => {
  const resources = readLocaleResources();
  const vi = leafKeys(resources.vi.localities).sort();
  const en = leafKeys(resources.en.localities).sort();

  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(en).toEqual(vi);
    for (const locale of ['vi', 'en'] as const)
      expect(JSON.stringify(resources[locale].localities)).not.toContain('""');
  });

  it('contain every key the code names, and no unused key', () => {
    const used = new Set([...sources('src').matchAll(/'localities:([a-zA-Z.]+)'/g)].map((match) => match[1] ?? ''));
    expect([...used].filter((key) => !vi.includes(key))).toEqual([]);
    expect(vi.filter((key) => !used.has(key) && !DYNAMIC.some((prefix) => key.startsWith(prefix)))).toEqual([]);
  });
});
