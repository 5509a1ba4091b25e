// The application's database client type. Each provider has its own generated client (one schema
// per provider, generated from prisma/schema.prisma); the rest of the code sees one type, `Db`,
// typed as the PostgreSQL client (see openDatabase in database.ts).
import type { PrismaClient as PostgresClient } from './generated/postgresql/client.js';

export type Db = PostgresClient;
export type { Prisma } from './generated/postgresql/client.js';

/** The client inside db.$transaction(async (tx) => …). */
export type Transaction = Parameters<Parameters<Db['$transaction']>[0]>[0];
