import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { LOCK_FILE_NAME } from '../../../src-shared/node/dataFolderLock';

// start:web hosts as real processes on one data folder (the host of `npm run start:web`, with a stand-in
// renderer build and no API server: what is under test is who owns the folder).

const HOST = `
  import { startWebHost } from './src-main/host/webHost.ts';
  const [dataDir, rendererDir] = process.argv.slice(1);
  try {
    const host = await startWebHost({ dataDir, rendererDir, env: {}, ownerCommand: 'npm run start:web' });
    console.log('URL ' + host.origin);
    process.on('SIGTERM', () => void host.close().then(() => process.exit(0)));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }`;

let rendererDir: string;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  rendererDir = tempDir('certdesk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>证书服务中心</title>');
});
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

interface HostRun {
  child: ChildProcess;
  /** The origin once listening, or the exit code and stderr when it did not start. */
  started: Promise<{ origin: string } | { code: number | null; stderr: string }>;
}

function startHost(dataDir: string): HostRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', HOST, dataDir, rendererDir],
    {
      cwd: findAppRoot(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const started = new Promise<{ origin: string } | { code: number | null; stderr: string }>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const found = /URL (\S+)/.exec(stdout);
      if (found?.[1]) resolve({ origin: found[1] });
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  return { child, started };
}

async function origin(run: HostRun): Promise<string> {
  const result = await run.started;
  if (!('origin' in result)) throw new Error(`host did not start (${result.code}): ${result.stderr}`);
  return result.origin;
}

async function answers(url: string): Promise<number> {
  return (await fetch(url)).status;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', resolve));
}

/** A pid nobody has any more: a process that ran and is gone. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

describe('one start:web per data folder', () => {
  it('refuses a second host on the same folder in Chinese, naming the first one, which keeps working', async () => {
    const dataDir = tempDir('certdesk-owner-');
    const first = startHost(dataDir);
    const firstOrigin = await origin(first);

    const second = await startHost(dataDir).started;
    expect(second).toMatchObject({ code: 1 });
    const refusal = 'stderr' in second ? second.stderr : '';
    expect(refusal).toContain(`数据目录 ${dataDir} 正由进程 ${first.child.pid}（npm run start:web）使用`);
    expect(refusal).toContain('CERTDESK_DATA_DIR');

    expect(await answers(`${firstOrigin}/`)).toBe(200);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    // Stopped normally: the folder is free again, with no lock left behind.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  }, 120_000);

  it('takes over the lock of a host that was killed', async () => {
    const dataDir = tempDir('certdesk-owner-');
    fs.writeFileSync(
      path.join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({ pid: deadPid(), startedAt: new Date().toISOString(), command: 'npm run start:web' }),
    );
    const host = startHost(dataDir);
    expect(await answers(`${await origin(host)}/`)).toBe(200);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(host.child.pid);

    // Killed outright, it leaves its lock; the next start takes it over.
    host.child.kill('SIGKILL');
    await exited(host.child);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    const next = startHost(dataDir);
    expect(await answers(`${await origin(next)}/`)).toBe(200);
    next.child.kill('SIGTERM');
    expect(await exited(next.child)).toBe(0);
  }, 120_000);
});
