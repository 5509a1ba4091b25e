// `npm install` runs this (postinstall): writes the per-provider schemas from
// prisma/schema.prisma, then generates both Prisma clients. npm blocks the install scripts of
// @prisma/client and prisma (which would try to download engines), so this is the project's
// own step. Nothing is downloaded: the clients use the WebAssembly query compiler.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'prisma', 'generate-schemas.mjs')], { stdio: 'inherit' });
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
for (const provider of ['sqlite', 'postgresql']) {
  execFileSync(process.execPath, [prismaCli, 'generate'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_PROVIDER: provider, DATABASE_URL: '', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
process.stdout.write('Prisma clients generated for SQLite and PostgreSQL.\n');
