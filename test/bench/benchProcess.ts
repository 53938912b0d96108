import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database } from '../../src-server/db/database';
import * as schema from '../../src-server/db/schema';
import { createScratchDatabase, devReaders, type TestServer } from '../helpers/apiServer';
import { DEFAULT_DATABASE_URL, probe, withoutPassword } from './applicants';
import type { BenchServerKind, BenchServerMessage } from './benchServer';

/** A bench server (benchServer.ts) in a child process: its URL, its CPU time so far, and a way to stop it. */
export interface BenchServer {
  url: string;
  /** CPU time the server process has used so far. */
  cpu(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

const ENTRY = path.join(import.meta.dirname, 'benchServer.ts');

function nextMessage<T extends BenchServerMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<BenchServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: BenchServerMessage) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<BenchServerMessage, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench server exited (${code}) before it sent '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Forks the server with this process's loader flags (tsx), so the TypeScript entry runs as is. */
export async function startBenchServer(kind: BenchServerKind, databaseUrl: string): Promise<BenchServer> {
  // BENCH_CPU_PROF=<folder>: the API server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF;
  const execArgv =
    kind === 'api' && profile
      ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`]
      : process.execArgv;
  const child = fork(ENTRY, [kind, databaseUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const { url } = await nextMessage(child, 'ready');
    return {
      url,
      async cpu() {
        const reply = nextMessage(child, 'cpu');
        child.send('cpu');
        return (await reply).usage;
      },
      async close() {
        if (child.connected) child.send('close');
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** What a benchmark on PostgreSQL runs against: both bench servers on one scratch database. */
export interface BenchSetup {
  /** PostgreSQL's version. */
  version: string;
  api: BenchServer;
  bare: BenchServer;
  /** The API server as the server tests see it: its URL, the scratch database, the dev readers. */
  server: TestServer;
}

/**
 * Runs `bench` against the API and the bare server (each in its own process) on a scratch database
 * of DATABASE_URL's (or the local default's) PostgreSQL, then stops both and drops the database.
 * Prints why and returns when PostgreSQL is not reachable. `poolSize`: connections of the pool `db`
 * uses in this process.
 */
export async function withBenchServers(
  benchName: string,
  poolSize: number,
  bench: (setup: BenchSetup) => Promise<void>,
): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const postgres = await probe(adminUrl);
  if ('error' in postgres) {
    console.log(`skipped: PostgreSQL is not reachable at ${withoutPassword(adminUrl)} (${postgres.error}).`);
    console.log(`Start PostgreSQL or set DATABASE_URL=postgres://… and run \`npm run bench ${benchName}\`.`);
    return;
  }
  const scratch = await createScratchDatabase(adminUrl);
  const started: BenchServer[] = [];
  // A connection the drop below terminates while it is still closing reports an error that is
  // expected then.
  const pool = new pg.Pool({ connectionString: scratch.url, max: poolSize });
  pool.on('error', () => undefined);
  try {
    // The API server migrates the database; the bare server copies its applications table.
    const api = await startBenchServer('api', scratch.url);
    started.push(api);
    const bare = await startBenchServer('bare', scratch.url);
    started.push(bare);
    const db: Database = drizzle({ client: pool, schema });
    const server: TestServer = {
      url: api.url,
      db,
      databaseUrl: null,
      close: async () => undefined,
      ...devReaders(api.url),
    };
    await bench({ version: postgres.version, api, bare, server });
  } finally {
    await pool.end().catch(() => undefined);
    for (const s of started.reverse()) await s.close();
    await scratch.drop();
  }
}
