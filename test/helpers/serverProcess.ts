import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isHealthy } from '../../src-main/core/api/health';
import { createScratchDatabase, devReaders, type Backend, type TestServer } from './apiServer';
import { spawnServerCli } from './serverCli';

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a test reads from a server process: its address and the dev routes (no database handle). */
export type ServerProcessReaders = Pick<TestServer, 'url' | 'smsCode' | 'captchaText'>;

export interface ServerProcess extends ServerProcessReaders {
  /** Runs the real CLI (again) on the same port and data: PGlite data folder or scratch PostgreSQL database. */
  start(): Promise<void>;
  /** SIGKILLs the running server and waits until it is gone (no-op when it is not running). */
  kill(): Promise<void>;
  /** Kills the server, drops the scratch database and removes the data folder. */
  close(): Promise<void>;
}

/**
 * The API server as its own process (`src-server/cli.ts --dev --demo`, as `npm run server`), for tests that
 * kill it and start it again: always on one port, over a PGlite data folder or, on `postgres`, a scratch
 * database on DATABASE_URL that outlives the restarts.
 */
export async function createServerProcess(backend: Backend): Promise<ServerProcess> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-server-process-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase() : null;
  const env: NodeJS.ProcessEnv = scratch ? { DATABASE_URL: scratch.url } : {};
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  async function kill(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  return {
    url,
    ...devReaders(url),
    async start() {
      const args = ['--dev', '--demo', '--port', String(port), '--data-dir', path.join(workDir, 'data')];
      const spawned = spawnServerCli([...args, '--log-level', 'warn'], { cwd: workDir, env });
      child = spawned;
      let output = '';
      spawned.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const deadline = Date.now() + 90_000;
      while (!(await isHealthy(url, 1_000))) {
        if (Date.now() > deadline || spawned.exitCode !== null) {
          await kill();
          throw new Error(`server did not start: ${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    kill,
    async close() {
      try {
        await kill();
        await scratch?.drop();
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}
