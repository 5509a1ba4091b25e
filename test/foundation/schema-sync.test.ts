// The per-provider schemas are generated from prisma/schema.prisma, and the last migration of
// each provider ends at exactly that schema: a model change without a migration fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const source = readFileSync('prisma/schema.prisma', 'utf8');

describe.each(['sqlite', 'postgresql'])('the %s schema', (provider) => {
  const generated = readFileSync(path.join('prisma', provider, 'schema.prisma'), 'utf8');

  it('is generated from prisma/schema.prisma (run npm run db:generate)', () => {
    expect(generated).toContain(source.replaceAll('__PROVIDER__', provider));
  });

  it('is where its last migration ends (run npm run db:migration -- <name>)', () => {
    const dir = path.join('prisma', provider, 'migrations');
    const last = readdirSync(dir).sort().at(-1) ?? '';
    expect(readFileSync(path.join(dir, last, 'schema.prisma'), 'utf8')).toBe(generated);
  });
});
