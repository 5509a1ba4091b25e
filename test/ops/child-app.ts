// Runs `src/main.ts` as a real child process (node --import tsx, one process, so SIGKILL hits
// the app itself), and finds its address in the "Server listening" log line.
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';

export interface ChildApp {
  url: URL;
  child: ChildProcess;
  /** everything the process wrote */
  output(): string;
  /** kill -9: no shutdown hook runs */
  kill(): Promise<void>;
  /** SIGTERM and wait */
  stop(): Promise<void>;
}

const listening = z.object({ msg: z.string() });

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function spawnApp(env: Record<string, string>): Promise<ChildApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = listening.safeParse(JSON.parse(line));
        const address = parsed.success
          ? /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(parsed.data.msg)?.[1]
          : undefined;
        if (address) {
          clearTimeout(timer);
          resolve(new URL(address));
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
