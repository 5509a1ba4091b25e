// npm run officer:create -- --username U --password P --role admin|supervisor|officer|viewer [--locality CODE]
import { runCli } from './run-cli.js';
import { createOfficer } from '../console/officers.js';

await runCli(
  {
    usage:
      'npm run officer:create -- --username U --password P --role admin|supervisor|officer|viewer [--locality CODE] [--name "Full name"]',
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      locality: { type: 'string' },
      name: { type: 'string' },
    },
  },
  async ({ args, database }) => {
    const officer = await createOfficer((await database()).db, {
      username: args.username ?? '',
      password: args.password ?? '',
      role: args.role ?? '',
      localityCode: args.locality ?? null,
      displayName: args.name ?? null,
    });
    return `Officer "${officer.username}" created (${args.role}${args.locality ? `, locality ${args.locality}` : ', whole province'}).`;
  },
);
