// Every chat text exists in Vietnamese and English, and every key the code uses exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n.js';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('chat texts', () => {
  const resources = readLocaleResources();
  const vi = keysOf(resources.vi.chat).sort();
  const en = keysOf(resources.en.chat).sort();

  it('has the same keys in Vietnamese and English, none empty', () => {
    expect(en).toEqual(vi);
    for (const locale of ['vi', 'en'] as const) {
      for (const key of keysOf(resources[locale].chat)) {
        const value = key
          .split('.')
          .reduce<unknown>(
            (node, part) =>
              typeof node === 'object' && node !== null
                ? Object.entries(node).find(([name]) => name === part)?.[1]
                : undefined,
            resources[locale].chat,
          );
        expect(typeof value === 'string' && value.trim().length > 0, `${locale} chat:${key}`).toBe(true);
      }
    }
  });

  it('defines every chat: key the conversation and channel code uses', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles('src/conversation'), ...sourceFiles('src/channels')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'chat:([a-zA-Z.]+)'/g)) if (match[1]) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(vi, `chat:${key}`).toContain(key);
  });
});
