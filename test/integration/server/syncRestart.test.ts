import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../../src-shared/schemas/sync';
import { isHealthy } from '../../../src-main/core/api/health';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, createScratchDatabase, devReaders, type TestServer } from '../../helpers/apiServer';
import { spawnServerCli } from '../../helpers/serverCli';
import { freePort } from '../../helpers/serverProcess';
import { call, login, ok } from './api';
import { enterpriseForm, enterpriseScans } from './fixtures';
import { softKey } from './keys';

/** Issue 9: the API server stopped in the middle of a push and restarted lands every mutation exactly once. */

describe.each(backends())('a push across a killed server (%s)', (backend) => {
  let workDir: string;
  let databaseEnv: Record<string, string> = {};
  let dropDatabase: () => Promise<void> = async () => {};
  let port: number;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-sync-restart-'));
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      databaseEnv = { DATABASE_URL: scratch.url };
      dropDatabase = scratch.drop;
    }
    port = await freePort();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await dropDatabase();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** The real CLI in development mode with the demo accounts, on the same data folder or database each time. */
  async function start(): Promise<TestServer> {
    const args = ['--dev', '--demo', '--port', String(port), '--data-dir', path.join(workDir, 'data')];
    const spawned = spawnServerCli([...args, '--log-level', 'warn'], { cwd: workDir, env: databaseEnv });
    child = spawned;
    let output = '';
    spawned.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (!(await isHealthy(url, 1_000))) {
      if (Date.now() > deadline || spawned.exitCode !== null)
        throw new Error(`server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return {
      url,
      databaseUrl: databaseEnv.DATABASE_URL ?? null,
      db: undefined as never,
      close: async () => {},
      ...devReaders(url),
    };
  }

  async function kill(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  it('every mutation lands exactly once after a restart on the same database', async () => {
    let server = await start();
    const token = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
    const key = await softKey('EC');
    const scans = await enterpriseScans(server, token);
    const clientId = randomUUID();
    const ids: string[] = Array.from({ length: 30 }, () => randomUUID());
    const batch: Mutation[] = ids.map((id, index) => ({
      mutationId: index + 1,
      name: 'application.submit',
      args: {
        id,
        service: 'cert.new.enterprise',
        values: enterpriseForm(),
        attachments: scans,
        csrPem: key.csrPem,
      },
    }));

    // The first push is cut off by SIGKILL once a few mutations are in (or after it ended, on a fast day).
    let answered: unknown = null;
    const interrupted = call(server, 'sync.push', { clientId, mutations: batch }, token).then(
      (reply) => (answered = reply),
      () => null,
    );
    for (let done = 0; done < 3;) {
      const settled = answered !== null;
      const pulled = await call(server, 'sync.pull', { clientId, cursor: null, limit: 1 }, token);
      done = pulled.status === 200 ? pulled.body.lastMutationId : 0;
      if (settled && done < 3) throw new Error(`push answered: ${JSON.stringify(answered)}`);
    }
    await kill();
    await interrupted;

    server = await start();
    const { lastMutationId: landed } = await ok(
      server,
      'sync.pull',
      { clientId, cursor: null, limit: 1 },
      token,
    );
    expect(landed).toBeGreaterThanOrEqual(3);
    // The client does not know how far it got: it pushes the whole outbox again.
    const again = await ok(server, 'sync.push', { clientId, mutations: batch }, token);
    expect(again.lastMutationId).toBe(batch.length);
    expect(again.rejections).toEqual([]);
    expect(again.results.filter((result) => result.status === 'repeat')).toHaveLength(landed);
    expect(again.results.filter((result) => result.status === 'applied')).toHaveLength(batch.length - landed);

    const mine = await ok(server, 'applications.listMine', {}, token);
    const pushed = mine.items.filter((item) => ids.includes(item.id));
    expect(pushed.map((item) => item.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const detail = await ok(server, 'applications.get', { id }, token);
      expect(detail.timeline.map((move) => move.transition)).toEqual(['submit']);
    }
    await kill();
  }, 240_000);
});
