import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import {
  acquireDataFolderLock,
  DataFolderBusyError,
  LOCK_FILE_NAME,
  type DataFolderLock,
} from '../../../src-shared/node/dataFolderLock';

const dirs: string[] = [];
const locks: DataFolderLock[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-lock-'));
  dirs.push(dir);
  return dir;
}

async function acquire(dir: string): Promise<DataFolderLock> {
  const lock = await acquireDataFolderLock(dir, { command: 'test', otherFolderHint: '换一个目录' });
  locks.push(lock);
  return lock;
}

function writeLock(dir: string, owner: { pid: number; startedAt: string; command?: string }) {
  fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ command: 'earlier', ...owner }));
}

function lockPid(dir: string): number {
  return (JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as { pid: number }).pid;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout);
}

/** A process that runs until the test ends, started now. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child.pid ?? 0;
}

describe('the data folder lock', () => {
  it('refuses a second owner in this same process, and is free again once released', async () => {
    const dir = tempDir();
    const lock = await acquire(dir);
    await expect(acquire(dir)).rejects.toThrow(
      `数据目录 ${dir} 正由进程 ${process.pid}（test）使用：请先关闭它，或换一个目录`,
    );
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    await acquire(dir);
    expect(lockPid(dir)).toBe(process.pid);
  });

  it('gives the folder to only one of two takes started together in this process', async () => {
    const dir = tempDir();
    const outcomes = await Promise.allSettled([acquire(dir), acquire(dir)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('refuses while the owning process runs, naming its pid and command', async () => {
    const dir = tempDir();
    const pid = await liveProcess();
    writeLock(dir, { pid, startedAt: new Date(Date.now() + 1_000).toISOString(), command: 'npm run server' });
    const refusal = await acquire(dir).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DataFolderBusyError);
    expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { pid } });
    expect((refusal as Error).message).toContain(`正由进程 ${pid}（npm run server）使用`);
  });

  it('takes over the lock of a dead process, an unreadable lock, and one of our own pid it does not hold', async () => {
    for (const stale of [
      JSON.stringify({ pid: deadPid(), startedAt: new Date().toISOString(), command: 'x' }),
      '{"pid": 12', // the owner died while writing it
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), command: 'x' }), // pid 1 again in a restarted container
    ]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), stale);
      await acquire(dir);
      expect(lockPid(dir)).toBe(process.pid);
    }
  });

  it.skipIf(process.platform !== 'linux')(
    'takes over a lock whose pid now belongs to a process started after the lock was taken',
    async () => {
      const dir = tempDir();
      writeLock(dir, { pid: await liveProcess(), startedAt: new Date(Date.now() - 3_600_000).toISOString() });
      await acquire(dir);
      expect(lockPid(dir)).toBe(process.pid);
    },
  );

  it('lets exactly one of several processes racing for a stale lock have it', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid(), startedAt: new Date().toISOString() });
    const racer = `
      import { acquireDataFolderLock } from './src-shared/node/dataFolderLock.ts';
      // All at one moment, once each has loaded.
      await new Promise((resolve) => setTimeout(resolve, Number(process.argv[2]) - Date.now()));
      try {
        await acquireDataFolderLock(process.argv[1], { command: 'racer', otherFolderHint: '-' });
        console.log('won');
        setTimeout(() => {}, 60_000);
      } catch (error) {
        console.log(error.name === 'DataFolderBusyError' ? 'busy' : 'error ' + error.message);
        process.exit(0);
      }`;
    const startAt = String(Date.now() + 4_000);
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', racer, dir, startAt],
          {
            cwd: findAppRoot(),
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        children.push(child);
        return new Promise<{ pid: number; outcome: string }>((resolve) =>
          child.stdout.once('data', (chunk: Buffer) =>
            resolve({ pid: child.pid ?? 0, outcome: chunk.toString('utf8').trim() }),
          ),
        );
      }),
    );
    const winners = outcomes.filter(({ outcome }) => outcome === 'won');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter(({ outcome }) => outcome === 'busy')).toHaveLength(3);
    expect(lockPid(dir)).toBe(winners[0]?.pid);
  }, 60_000);
});
