import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core';
import { isHealthy } from '../../../src-main/core/api/health';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { startBundledServer, tsxServerCommand } from '../../../src-main/core/bundledServer';
import { createIpcHandlers, dispatch } from '../../../src-main/ipc/handlers';
import { FOLDER_BUSY_EXIT_CODE, LOCK_FILE_NAME } from '../../../src-shared/node/dataFolderLock';

function lockPid(file: string): number {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid;
}

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-bundled-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('bundled API server', () => {
  it('starts as a child process when no API URL is configured, serves demo data, and stops with the core', async () => {
    const core = await createCore({ dataDir, env: {}, bundledServer: tsxServerCommand(findAppRoot()) });
    const apiUrl = core.settings.apiUrl();
    try {
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await isHealthy(apiUrl)).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'server'))).toBe(true);
      const handlers = createIpcHandlers(core, { host: 'web', version: '0.0.0-test' });
      expect(await dispatch(handlers, 'captcha.new', {})).toMatchObject({ ok: true });
    } finally {
      await core.close();
    }
    expect(await isHealthy(apiUrl, 1_000)).toBe(false);
    // A fresh embedded database plus compiling the server under tsx: slow on a busy 2-core machine.
  }, 150_000);

  it('starts the server again when it is killed, and the app comes back online', async () => {
    const core = await createCore({
      dataDir,
      env: {},
      bundledServer: tsxServerCommand(findAppRoot()),
      connectivityIntervalMs: 200,
    });
    try {
      const seen: boolean[] = [];
      core.events.on('connectivity', ({ online }) => void seen.push(online));
      await expect.poll(() => core.connectivity.online()).toBe(true);
      const serverLock = path.join(dataDir, 'server', LOCK_FILE_NAME);
      const killed = lockPid(serverLock);
      process.kill(killed, 'SIGKILL');

      await expect
        .poll(() => seen.includes(false) && core.connectivity.online(), { timeout: 120_000, interval: 300 })
        .toBe(true);
      expect(seen.slice(seen.indexOf(false))).toEqual([false, true]);
      // The new server took over the lock its killed predecessor left.
      expect(lockPid(serverLock)).not.toBe(killed);
      expect(await isHealthy(core.settings.apiUrl())).toBe(true);
    } finally {
      await core.close();
    }
  }, 240_000);

  it('gives up restarting a server that keeps dying, and says so in the log', async () => {
    const dying = {
      ...tsxServerCommand(findAppRoot()),
      args: (port: number) => [
        '-e',
        `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1');
         setTimeout(() => process.exit(1), 300);`,
      ],
    };
    const logged: string[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (message: string) => void logged.push(message) };
    const server = await startBundledServer({
      command: dying,
      dataDir,
      logger,
      restartLimit: 2,
      restartBackoffMs: 10,
    });
    try {
      await expect
        .poll(() => logged.includes('bundled server: not restarted again'), { timeout: 30_000 })
        .toBe(true);
      expect(logged.filter((message) => message === 'bundled server exited unexpectedly')).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });

  it('waits for a data folder the server of a killed app still holds for a moment', async () => {
    const busy = path.join(dataDir, 'still-taken');
    fs.writeFileSync(busy, '');
    const waiting = {
      ...tsxServerCommand(findAppRoot()),
      args: (port: number) => [
        '-e',
        `if (require('node:fs').existsSync(${JSON.stringify(busy)})) process.exit(${FOLDER_BUSY_EXIT_CODE});
         require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1');`,
      ],
    };
    const warned: string[] = [];
    const logger = { info: () => {}, warn: (message: string) => void warned.push(message), error: () => {} };
    const starting = startBundledServer({ command: waiting, dataDir, logger });
    await expect.poll(() => warned.length, { timeout: 30_000 }).toBeGreaterThan(0);
    fs.rmSync(busy);
    const server = await starting;
    try {
      expect(await isHealthy(server.url)).toBe(true);
      expect(warned[0]).toBe('bundled server: its data folder is still taken, trying again');
    } finally {
      await server.stop();
    }
  });

  it("never hands the user's DATABASE_URL or CERTDESK_* server configuration to the server", async () => {
    const saved = { ...process.env };
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/not-this-one';
    process.env.CERTDESK_SERVER_SECRET = 'from-the-user-shell';
    try {
      const reporter = {
        ...tsxServerCommand(findAppRoot()),
        args: (port: number) => [
          '-e',
          `const seen = JSON.stringify({ db: process.env.DATABASE_URL ?? null, secret: process.env.CERTDESK_SERVER_SECRET ?? null });
           require('node:http').createServer((q, s) => s.end(q.url === '/env' ? seen : '{"status":"ok"}')).listen(${port}, '127.0.0.1');`,
        ],
      };
      const server = await startBundledServer({ command: reporter, dataDir });
      try {
        const seen = (await (await fetch(`${server.url}/env`)).json()) as Record<string, unknown>;
        expect(seen).toEqual({ db: null, secret: null });
      } finally {
        await server.stop();
      }
    } finally {
      process.env = saved;
    }
  });

  it('runs the server in development mode with demo data', () => {
    const args = tsxServerCommand('/app').args(1234, '/data');
    expect(args).toEqual(expect.arrayContaining(['--dev', '--demo', '--exit-with-parent']));
  });

  it('kills a server that ignores SIGTERM once the grace period is over', async () => {
    const stubborn = {
      ...tsxServerCommand(findAppRoot()),
      args: (port: number) => [
        '-e',
        `process.on('SIGTERM', () => {});
         require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1');`,
      ],
    };
    const server = await startBundledServer({ command: stubborn, dataDir, stopGraceMs: 300 });
    expect(await isHealthy(server.url)).toBe(true);
    await server.stop();
    expect(await isHealthy(server.url, 1_000)).toBe(false);
  });

  it('reports a server that dies on start as a Chinese error', async () => {
    const broken = { ...tsxServerCommand(findAppRoot()), args: () => ['-e', 'process.exit(3)'] };
    await expect(startBundledServer({ command: broken, dataDir })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringContaining('内置服务启动失败'),
    });
  });
});

describe('bundled API server when the app is killed', () => {
  it('stops by itself once the process that started it dies without cleaning up (kill -9)', async () => {
    const appRoot = findAppRoot();
    const starter = `
      import { startBundledServer, tsxServerCommand } from './src-main/core/bundledServer.ts';
      const server = await startBundledServer({ command: tsxServerCommand(process.cwd()), dataDir: process.argv[1] });
      console.log('URL ' + server.url);
      setInterval(() => {}, 1000);`;
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', starter, dataDir],
      {
        cwd: appRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /URL (\S+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      parent.once('exit', (code) => reject(new Error(`starter exited with ${code}`)));
    });
    expect(await isHealthy(url)).toBe(true);
    parent.kill('SIGKILL');
    await expect.poll(() => isHealthy(url, 1_000), { timeout: 30_000, interval: 500 }).toBe(false);
  }, 150_000);
});
