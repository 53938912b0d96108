import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
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
  url: string;
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

/**
 * Starts the bundled API server as a child process (never imported: it is another program) on a free
 * loopback port and resolves once its /health answers.
 */
export async function startBundledServer(options: {
  command: BundledServerCommand;
  dataDir: string;
  logger?: Logger;
  readyTimeoutMs?: number;
  stopGraceMs?: number;
}): Promise<BundledServer> {
  const logger = options.logger ?? silentLogger;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
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
    if (exitCode !== undefined || Date.now() > deadline) {
      logger.error('bundled server did not start', { exitCode, output: tail() });
      await stop();
      throw new AppError('SERVICE_UNAVAILABLE', START_FAILED);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  logger.info('bundled server ready', { url });
  return { url, stop };
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
