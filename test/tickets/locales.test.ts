// Every ticket text exists in Vietnamese and English, and every literal key the code uses exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleResources } from '../../src/i18n.js';
import { TICKET_CATEGORIES, TICKET_KINDS, TICKET_STATUSES } from '../../src/tickets/types.js';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

const resources = readLocaleResources();
const vi = leafKeys(resources.vi.tickets).sort();
const en = leafKeys(resources.en.tickets).sort();

describe('ticket texts', () => {
  it('has the same keys in Vietnamese and English, none empty', () => {
    expect(en).toEqual(vi);
    expect(vi.length).toBeGreaterThan(50);
    for (const locale of ['vi', 'en'] as const) {
      const text = JSON.stringify(resources[locale].tickets);
      expect(text).not.toContain('""');
    }
  });

  it('names every kind, category and status, and explains each kind’s next steps', () => {
    const expected = [
      ...TICKET_KINDS.flatMap((kind) => [`kind.${kind}`, `intake.filed.next.${kind}`]),
      ...TICKET_CATEGORIES.map((category) => `category.${category}`),
      ...TICKET_STATUSES.map((status) => `status.${status}`),
      'intake.identity.denunciation',
      'intake.identity.complaint',
    ];
    expect(expected.filter((key) => !vi.includes(key))).toEqual([]);
  });

  it('has every key the code names literally', () => {
    const dir = 'src/tickets';
    const source = readdirSync(dir)
      .map((file) => readFileSync(path.join(dir, file), 'utf8'))
      .join('\n');
    const used = [...source.matchAll(/'tickets:([a-zA-Z_.]+)'/g)].map((match) => match[1] ?? '');
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((key) => !vi.includes(key))).toEqual([]);
  });

  it('writes Vietnamese with its diacritics', () => {
    expect(JSON.stringify(resources.vi.tickets)).toMatch(/tố cáo/);
    expect(JSON.stringify(resources.vi.tickets)).not.toMatch(/\bto cao\b/);
  });
});
