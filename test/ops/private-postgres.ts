// A private PostgreSQL cluster for fault tests that stop and restart the server: the machine's
// shared PostgreSQL (127.0.0.1:5432) serves everyone else's tests and must never be touched.
// initdb refuses to run as root, so the cluster belongs to the postgres user (runuser).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../support/free-port.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why a private cluster cannot run here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!existsSync(path.join(BIN, 'initdb'))) return `${BIN}/initdb is not installed`;
  if (process.getuid?.() !== 0) return 'the tests are not running as root (runuser -u postgres is needed for initdb)';
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return 'there is no postgres system user';
  }
  return null;
}

export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** the application database's URL */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/cutri`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cutri-pg-'));
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    const cluster = new PrivatePostgres(dir, await freePort());
    cluster.asPostgres(`${BIN}/initdb`, ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    cluster.start();
    const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${cluster.port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE cutri');
    await admin.end();
    return cluster;
  }

  private asPostgres(command: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore' });
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.asPostgres(`${BIN}/pg_ctl`, [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      path.join(this.dir, 'server.log'),
      '-w',
      'start',
    ]);
  }

  /** fast shutdown: open connections are cut, transactions in flight roll back */
  stop(): void {
    this.asPostgres(`${BIN}/pg_ctl`, ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.asPostgres(`${BIN}/pg_ctl`, ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
