import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { FOLDER_BUSY_EXIT_CODE } from '../../src-shared/node/dataFolderLock';
import { isHealthy } from './api/health';
import type { Logger } from './logger';
import { silentLogger } from './logger';

/** How to run the API server that ships with the app (development only). */
export interface BundledServerCommand {
  command: string;
  /** Arguments for a server that listens on `port` and keeps its database under `dataDir`. */
  args(port: number, dataDir: string): string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** What starts the process; default: child_process.spawn. Electron passes a utilityProcess spawner. */
  spawn?: ServerSpawner;
}

/** The running server process, whatever started it. */
export interface ServerProcess {
  /** Its stdout and stderr, as they come. */
  onOutput(listener: (chunk: string) => void): void;
  onExit(listener: (code: number | null) => void): void;
  onError(listener: (error: Error) => void): void;
  running(): boolean;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type ServerSpawner = (
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
) => ServerProcess;

/** A child process of this one (start:web); the server follows this process's pid (--exit-with-parent). */
export const childProcessSpawner: ServerSpawner = (command, args, options) => {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    onOutput: (listener) => {
      child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8')));
    },
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    onError: (listener) => child.once('error', listener),
    running: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => child.kill(signal),
  };
};

export interface BundledServer {
  /** Its address; a restart on another port (the old one was taken meanwhile) changes it. */
  readonly url: string;
  /** Called with the address once the server runs again after it died unexpectedly. */
  onRestart(listener: (url: string) => void): void;
  stop(): Promise<void>;
}

/** `node --import tsx src-server/cli.ts --dev --demo …` from the app root: the source tree under tsx. */
export function tsxServerCommand(appRoot: string): BundledServerCommand {
  return {
    command: process.execPath,
    args: (port, dataDir) => [
      '--import',
      'tsx',
      path.join(appRoot, 'src-server', 'cli.ts'),
      '--dev',
      '--demo',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--exit-with-parent',
    ],
    cwd: appRoot,
  };
}

const START_FAILED = '内置服务启动失败，请重新启动程序；如仍失败，请在设置中填写服务地址';

export interface BundledServerOptions {
  command: BundledServerCommand;
  dataDir: string;
  logger?: Logger;
  readyTimeoutMs?: number;
  stopGraceMs?: number;
  /** Restarts after unexpected exits before giving up; a server that ran a minute starts the count anew. Default 5. */
  restartLimit?: number;
  /** Wait before the first restart, doubled for each next one (at most 15 s). Default 500 ms. */
  restartBackoffMs?: number;
}

/**
 * Starts the bundled API server as a child process (never imported: it is another program) on a free
 * loopback port and resolves once its /health answers. When it dies unexpectedly it is started again,
 * with backoff, up to a limit.
 */
export async function startBundledServer(options: BundledServerOptions): Promise<BundledServer> {
  const logger = options.logger ?? silentLogger;
  const limit = options.restartLimit ?? 5;
  const backoffMs = options.restartBackoffMs ?? 500;
  const stopping = new AbortController();
  const listeners: ((url: string) => void)[] = [];
  let port = await freePort();
  let current = await launchOnceFree(options, port, logger);
  let upSince = Date.now();
  let restarts = 0;
  let restarting: Promise<void> = Promise.resolve();

  function watch(running: Launched) {
    void running.exited.then((code) => {
      if (stopping.signal.aborted || running !== current) return;
      logger.error('bundled server exited unexpectedly', { exitCode: code, output: running.tail() });
      if (Date.now() - upSince >= 60_000) restarts = 0;
      restarting = restart();
    });
  }

  async function restart(): Promise<void> {
    let samePort = true;
    while (!stopping.signal.aborted) {
      if (restarts >= limit) {
        logger.error('bundled server: not restarted again', { restarts });
        return;
      }
      await abortableSleep(Math.min(backoffMs * 2 ** restarts, 15_000), stopping.signal);
      restarts++;
      if (stopping.signal.aborted) return;
      try {
        const nextPort = samePort ? port : await freePort();
        const next = await launch(options, nextPort, stopping.signal);
        current = next;
        port = nextPort;
        upSince = Date.now();
        watch(next);
        logger.info('bundled server restarted', { url: urlOf(port), restarts });
        for (const listener of listeners) listener(urlOf(port));
        return;
      } catch {
        // Logged by launch. The port may be someone else's by now: the next try takes a fresh one.
        samePort = false;
      }
    }
  }

  watch(current);
  return {
    get url() {
      return urlOf(port);
    },
    onRestart: (listener) => void listeners.push(listener),
    async stop() {
      stopping.abort();
      await restarting;
      await current.stop();
    },
  };
}

interface Launched {
  exited: Promise<number | null>;
  tail(): string;
  stop(): Promise<void>;
}

/**
 * The first run. A server of an app that was just killed may still hold the database folder for a moment
 * (it stops once it sees its parent gone): a refusal for that is tried again for a few seconds.
 */
async function launchOnceFree(
  options: BundledServerOptions,
  port: number,
  logger: Logger,
): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, port, new AbortController().signal);
    } catch (error) {
      if (!(error instanceof StartFailed) || error.exitCode !== FOLDER_BUSY_EXIT_CODE || attempt >= 10)
        throw error;
      logger.warn('bundled server: its data folder is still taken, trying again', { attempt });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

class StartFailed extends AppError {
  constructor(readonly exitCode: number | null | undefined) {
    super('SERVICE_UNAVAILABLE', START_FAILED);
  }
}

/** One run of the server: spawned, and resolved once healthy; throws StartFailed (or when aborted). */
async function launch(options: BundledServerOptions, port: number, abort: AbortSignal): Promise<Launched> {
  const logger = options.logger ?? silentLogger;
  const url = urlOf(port);
  const { command } = options;
  const child = (command.spawn ?? childProcessSpawner)(command.command, command.args(port, options.dataDir), {
    cwd: command.cwd,
    env: { ...bundledServerEnv(process.env), ...command.env },
  });
  const tail = captureTail(child);
  const exited = new Promise<number | null>((resolve) => child.onExit(resolve));
  child.onError((error) => logger.error('bundled server: spawn failed', { error: error.message }));

  async function stop(): Promise<void> {
    if (!child.running()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 5_000);
    await exited;
    clearTimeout(timer);
  }

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (!(await isHealthy(url, 1_000))) {
    if (exitCode !== undefined || Date.now() > deadline || abort.aborted) {
      if (!abort.aborted) logger.error('bundled server did not start', { exitCode, output: tail() });
      await stop();
      throw new StartFailed(exitCode);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  logger.info('bundled server ready', { url });
  return { exited, tail, stop };
}

function urlOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** What the bundled server inherits: never the user's DATABASE_URL or CERTDESK_* server configuration. */
const INHERITED_ENV = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'LANG',
  'LANGUAGE',
  'TZ',
  'SOFTHSM2_CONF',
];

export function bundledServerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (INHERITED_ENV.includes(name) || name.startsWith('LC_'))) kept[name] = value;
  }
  return kept;
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Keeps the last lines of the child's output for the log when it fails to start. */
function captureTail(child: ServerProcess, maxChars = 4_000): () => string {
  let text = '';
  child.onOutput((chunk) => {
    text = (text + chunk).slice(-maxChars);
  });
  return () => text;
}
