// Prisma CLI configuration: the WebAssembly schema engine with a driver adapter, so the CLI
// downloads nothing (see README, "Database"). PRISMA_PROVIDER picks the schema: sqlite
// (default) or postgresql. The CLI refuses to read a schema whose DATABASE_URL is unset
// (and then tries to download a native engine), so a harmless default of the right
// provider is filled in for commands such as `generate` that never connect.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';

const provider = process.env.PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
const defaultUrl = provider === 'postgresql' ? 'postgresql://postgres@127.0.0.1:5432/postgres' : 'file:./data/cutri.db';
const url = process.env.DATABASE_URL?.startsWith(provider === 'postgresql' ? 'postgres' : 'file:')
  ? process.env.DATABASE_URL
  : defaultUrl;
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  adapter: async () =>
    provider === 'postgresql' ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url }),
});
