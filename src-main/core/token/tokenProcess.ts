import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerRequest } from './protocol';

/**
 * The token process as the supervisor sees it. `child_process.fork` implements it here; the Electron host
 * plugs in `utilityProcess.fork` through the same interface, so this folder never imports electron.
 */
export interface TokenProcess {
  readonly pid: number | undefined;
  send(request: WorkerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone, however it ended. */
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  kill(): void;
}

export type TokenProcessFactory = (env: NodeJS.ProcessEnv) => TokenProcess;

/** The worker next to this module: worker.ts under tsx (tests, start:web), or a bundled entry passed in. */
export function defaultWorkerEntry(): string {
  return fileURLToPath(new URL('./worker.ts', import.meta.url));
}

export function forkTokenProcess(entry: string = defaultWorkerEntry()): TokenProcessFactory {
  return (env) => {
    const child = fork(entry, [], {
      env,
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => {
        if (child.connected) child.send(request);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        let reported = false;
        const report = (code: number | null, signal: string | null) => {
          if (reported) return;
          reported = true;
          listener({ code, signal });
        };
        child.once('exit', (code, signal) => report(code, signal));
        child.once('error', () => {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
            report(child.exitCode, null);
        });
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}
