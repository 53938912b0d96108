import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isHealthy } from '../../../src-main/core/api/health';
import { runServerCli, serverCliArgs, spawnServerCli } from '../../helpers/serverCli';
import { processExists } from '../../../src-server/parentWatch';

// `--exit-with-parent` as an Electron utility process needs it: no stdin at all (ignored), and a parent
// named by pid (the app's main process).

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-parent-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const started: ChildProcess[] = [];
const strays: number[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  // A server that failed the test must not outlive it.
  for (const pid of strays.splice(0)) if (processExists(pid)) process.kill(pid, 'SIGKILL');
});

/** A process that lives until it is killed. */
function longLived(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
  started.push(child);
  return child;
}

const randomPort = () => 20_000 + Math.floor(Math.random() * 20_000);

function serverArgs(port: number, extra: string[]): string[] {
  return [
    '--dev',
    '--port',
    String(port),
    '--data-dir',
    path.join(workDir, String(port)),
    '--exit-with-parent',
    ...extra,
  ];
}

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  await expect
    .poll(
      async () => {
        if (exited !== undefined) throw new Error(`server exited with ${exited}`);
        return isHealthy(`http://127.0.0.1:${port}`, 1_000);
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
}

describe('the server with --exit-with-parent and no stdin', () => {
  it('follows the process named by --parent-pid: serves while it lives, stops once it is gone', async () => {
    const parent = longLived();
    const port = randomPort();
    const server = spawnServerCli(serverArgs(port, ['--parent-pid', String(parent.pid)]), {
      cwd: workDir,
      env: {},
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.push(server);
    strays.push(server.pid!);
    const exit = new Promise<number | null>((resolve) => server.once('exit', resolve));
    await waitHealthy(port, server);

    // A stdin that is at its end already (as in a utility process) is no reason to stop.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await isHealthy(`http://127.0.0.1:${port}`, 1_000)).toBe(true);
    }

    parent.kill('SIGKILL');
    // A bound, not a timing claim: the server goes, cleanly, and its port with it.
    expect(await exit).toBe(0);
    expect(await isHealthy(`http://127.0.0.1:${port}`, 1_000)).toBe(false);
  }, 120_000);

  it('follows its own parent by default, even when that parent is killed', async () => {
    const port = randomPort();
    const args = serverCliArgs(serverArgs(port, []));
    const script = `
      const { spawn } = require('node:child_process');
      const server = spawn(process.execPath, JSON.parse(process.argv[1]), { stdio: ['ignore', 'ignore', 'ignore'] });
      console.log('SERVER ' + server.pid);
      setInterval(() => {}, 60_000);
    `;
    const parent = spawn(process.execPath, ['-e', script, JSON.stringify(args)], {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.push(parent);
    const serverPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /SERVER (\d+)/.exec(out);
        if (found?.[1]) resolve(Number(found[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited with ${code}`)));
    });
    strays.push(serverPid);
    await expect
      .poll(() => isHealthy(`http://127.0.0.1:${port}`, 1_000), { timeout: 60_000, interval: 250 })
      .toBe(true);

    parent.kill('SIGKILL');
    await expect.poll(() => processExists(serverPid), { timeout: 15_000, interval: 250 }).toBe(false);
    expect(await isHealthy(`http://127.0.0.1:${port}`, 1_000)).toBe(false);
  }, 120_000);

  it('refuses a --parent-pid that is not a pid, or without --exit-with-parent', async () => {
    const bad = await runServerCli(['--dev', '--exit-with-parent', '--parent-pid', '12abc'], {
      cwd: workDir,
      env: {},
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--parent-pid 应为正整数进程号，当前为「12abc」');
    const alone = await runServerCli(['--dev', '--parent-pid', '1'], { cwd: workDir, env: {} });
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toContain('--parent-pid 须与 --exit-with-parent 同用');
  }, 60_000);
});
