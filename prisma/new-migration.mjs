// `npm run db:migration -- <name>`: after editing prisma/schema.prisma, writes the SQL that
// takes each provider's database from the last migration's model to the current one.
// Each migration folder keeps a copy of the schema it ends at (schema.prisma), so the next
// migration is a diff between two schema files: no shadow database is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:migration -- <name_in_snake_case>\n');
  process.exit(2);
}
execFileSync(process.execPath, [join(root, 'prisma', 'generate-schemas.mjs')], { stdio: 'inherit' });
// the CLI opens prisma.config.ts's default SQLite file even for a diff: its folder must exist
mkdirSync(join(root, 'data'), { recursive: true });
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
for (const provider of ['sqlite', 'postgresql']) {
  const dir = join(root, 'prisma', provider, 'migrations');
  const existing = existsSync(dir)
    ? readdirSync(dir)
        .filter((entry) => /^\d{4}_/.test(entry))
        .sort()
    : [];
  const last = existing.at(-1);
  const current = join(root, 'prisma', provider, 'schema.prisma');
  const from = last ? ['--from-schema-datamodel', join(dir, last, 'schema.prisma')] : ['--from-empty'];
  const sql = execFileSync(
    process.execPath,
    [prismaCli, 'migrate', 'diff', ...from, '--to-schema-datamodel', current, '--script'],
    {
      cwd: root,
      env: { ...process.env, PRISMA_PROVIDER: provider, DATABASE_URL: '' },
      encoding: 'utf8',
    },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    process.stdout.write(`${provider}: no change\n`);
    continue;
  }
  const folder = join(dir, `${String(existing.length + 1).padStart(4, '0')}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'migration.sql'), sql);
  copyFileSync(current, join(folder, 'schema.prisma'));
  process.stdout.write(`${provider}: wrote ${folder}\n`);
}
