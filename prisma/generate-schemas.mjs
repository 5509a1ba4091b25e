// Writes one Prisma schema per provider from prisma/schema.prisma (the single source).
// Run by `npm run db:schemas` and before `prisma generate`; the outputs are committed so
// migrations can be diffed against them, and a test checks they are in sync.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, 'schema.prisma'), 'utf8');
const banner = '// GENERATED from prisma/schema.prisma by prisma/generate-schemas.mjs: do not edit.\n';

for (const provider of ['sqlite', 'postgresql']) {
  mkdirSync(join(here, provider), { recursive: true });
  writeFileSync(join(here, provider, 'schema.prisma'), banner + source.replaceAll('__PROVIDER__', provider));
}
