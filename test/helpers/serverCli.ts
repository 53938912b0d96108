import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findAppRoot } from '../../src-main/core/appRoot';

const appRoot = findAppRoot();

/** `node --import tsx src-server/cli.ts …`, runnable from any folder (the real CLI, as `npm run server`). */
export function serverCliArgs(args: string[]): string[] {
  const tsx = pathToFileURL(path.join(appRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return ['--import', tsx, path.join(appRoot, 'src-server', 'cli.ts'), ...args];
}

export function spawnServerCli(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdio?: StdioOptions },
): ChildProcess {
  return spawn(process.execPath, serverCliArgs(args), {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to its end: exit code and output. */
export function runServerCli(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnServerCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
