import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
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
