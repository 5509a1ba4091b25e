// npm run faq:export [-- --dir locales]: writes the knowledge-base changes approved in the console
// into locales/vi/faq.json and locales/en/faq.json (keeping their format and key order), for a
// developer to review and commit. Running it again changes nothing.
import path from 'node:path';
import { localesDir } from '../i18n.js';
import { readApprovedFaqChanges } from '../knowledge/approved-faq-changes.js';
import { exportFaqChanges } from '../knowledge/faq-export.js';
import { runCli } from './run-cli.js';

await runCli(
  {
    usage: 'npm run faq:export [-- --dir <folder holding vi/faq.json and en/faq.json>]',
    options: { dir: { type: 'string' } },
  },
  async ({ args, database }) => {
    const dir = path.resolve(args.dir ?? localesDir);
    const changes = await readApprovedFaqChanges((await database()).db);
    const written = await exportFaqChanges(dir, changes);
    if (written.length === 0) return `${changes.length} approved changes; ${dir} already holds them all.`;
    return `${changes.length} approved changes merged into ${written.join(' and ')}. Review them with git diff, then commit.`;
  },
);
