// Prisma's libsql adapter with transactions on the client's own connection. libsql's client
// (0.8) hands its connection to each transaction and opens a new one for what comes next, and
// nothing ever closes the one it gave away: each Prisma transaction left an open connection
// (and its file descriptors) for the garbage collector, 1 957 after the test suite. Prisma's
// adapter already runs one statement or one transaction at a time on the client (it holds its
// lock from BEGIN to COMMIT), so the transaction can use the client's connection itself.
import {
  createClient,
  type Client,
  type Config,
  type InStatement,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';

function transactionOnConnection(client: Client): Transaction {
  let open = true;
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    open = false;
    try {
      await client.execute(statement);
    } catch (error) {
      // a COMMIT that failed (disk full, busy) leaves SQLite inside the transaction: end it,
      // or every later statement on this connection would run in it
      if (statement === 'COMMIT') await client.execute('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  return {
    execute: (statement: InStatement) => client.execute(statement),
    async batch(statements: InStatement[]) {
      const results = [];
      for (const statement of statements) results.push(await client.execute(statement));
      return results;
    },
    async executeMultiple() {
      // libsql's executeMultiple rolls back an open transaction when it ends: never inside one
      throw new Error('executeMultiple is not available inside a transaction');
    },
    commit: () => end('COMMIT'),
    rollback: async () => {
      if (open) await end('ROLLBACK');
    },
    close() {
      if (open) void end('ROLLBACK');
    },
    get closed() {
      return !open;
    },
  };
}

export class SingleConnectionLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    const client = createClient(config);
    return new Proxy(client, {
      get(target, property) {
        if (property === 'transaction') {
          return async (mode: TransactionMode = 'write') => {
            await target.execute(mode === 'deferred' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
            return transactionOnConnection(target);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
