import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHealthy } from '../../../src-main/core/api/health';
import { serverCliArgs } from '../../helpers/serverCli';

/**
 * The app that starts the server: it pipes the server's stdio, keeps requests going while the server
 * logs at debug level, and (when asked) hands the read end of the server's stdout to a process that
 * never reads it — as a wrapper process of the real app does — so the pipe fills up once it is gone.
 */
const PARENT = `
const { spawn } = require('node:child_process');
const [args, holdStdout] = JSON.parse(process.argv[1]);
const server = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
if (holdStdout) {
  const holder = spawn('sleep', ['600'], { stdio: ['ignore', server.stdout, 'ignore'], detached: true });
  console.log('HOLDER ' + holder.pid);
  server.stdout.pause();
} else {
  server.stdout.on('data', () => {});
}
server.stderr.on('data', () => {});
const url = 'http://127.0.0.1:' + args[args.indexOf('--port') + 1];
const hammer = async () => {
  for (;;) {
    await Promise.all(Array.from({ length: 8 }, () =>
      fetch(url + '/api/v1/captcha', { method: 'POST' }).catch(() => undefined)));
  }
};
(async () => {
  for (;;) {
    try { if ((await fetch(url + '/health')).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log('SERVER ' + server.pid);
  void hammer();
})();
`;

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-exit-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each([
  ['its stdout pipe is closed', false],
  ['its stdout pipe is held by a process that never reads it', true],
])('the server when its parent is killed mid-request and %s', (_label, holdStdout) => {
  it('is gone within seconds and frees its port', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const args = serverCliArgs([
      '--dev',
      '--log-level',
      'debug',
      '--exit-with-parent',
      '--port',
      String(port),
      '--data-dir',
      path.join(dataDir, String(port)),
    ]);
    const parent = spawn(process.execPath, ['-e', PARENT, JSON.stringify([args, holdStdout])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let holder: number | undefined;
    let serverPid: number | undefined;
    try {
      serverPid = await new Promise<number>((resolve, reject) => {
        let out = '';
        parent.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const held = /HOLDER (\d+)/.exec(out);
          if (held?.[1]) holder = Number(held[1]);
          const found = /SERVER (\d+)/.exec(out);
          if (found?.[1]) resolve(Number(found[1]));
        });
        parent.once('exit', (code) => reject(new Error(`parent exited with ${code}`)));
      });
      // Let the requests and their debug lines pile up (and fill the unread pipe).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      parent.kill('SIGKILL');
      // A bound, not a timing claim: the process must go, and its port with it.
      const pid = serverPid;
      await expect.poll(() => alive(pid), { timeout: 15_000, interval: 250 }).toBe(false);
      expect(await isHealthy(`http://127.0.0.1:${port}`, 1_000)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (holder !== undefined) process.kill(holder, 'SIGKILL');
      // A server that failed the test must not outlive it.
      if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  }, 120_000);
});
