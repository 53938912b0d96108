import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import { createCore } from '../../../src-main/core';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { pngBytes } from '../server/fixtures';
import { enterpriseValues } from './desk';

/**
 * Issue 9: the desktop process SIGKILLed at random points while it pushes 200 mutations; started again
 * on the same data folder until it is done: none lost, none twice, and the SQLite file intact.
 */

const { operator } = DEMO_ACCOUNTS;
const MUTATIONS = 200;
const KILLS = 6;
let server: TestServer;
let dataDir: string;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-synckill-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function runChild(killAfterMs: number | null): Promise<{ killed: boolean; output: string }> {
  const appRoot = findAppRoot();
  const tsx = pathToFileURL(path.join(appRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(appRoot, 'test', 'integration', 'core', 'syncChild.ts'), dataDir, server.url],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // The kill point: somewhere after the core started, most often in the middle of a push or pull.
  const killer =
    killAfterMs === null
      ? null
      : setTimeout(() => {
          child.kill('SIGKILL');
        }, killAfterMs);
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => {
      if (killer) clearTimeout(killer);
      resolve({ killed: signal === 'SIGKILL', output });
    });
  });
}

it('loses and repeats nothing across SIGKILLs in the middle of a push of 200 mutations', async () => {
  const core = await createCore({ dataDir, apiUrl: server.url, env: {}, syncIntervalMs: 0 });
  const { captchaId } = await core.accounts.newCaptcha();
  await core.accounts.loginPassword({
    account: operator.phone,
    password: operator.password,
    captchaId,
    captchaText: await server.captchaText(captchaId),
  });
  const attachments: Record<string, string> = {};
  for (const attachment of ['businessLicence', 'idCardFront', 'idCardBack']) {
    const stored: UploadedFile = await core.api.upload(
      { service: 'cert.new.enterprise', attachment, fileName: `${attachment}.png` },
      pngBytes(),
    );
    attachments[attachment] = stored.id;
  }
  const ids: string[] = [];
  for (let i = 0; i < MUTATIONS; i += 1) {
    const id = randomUUID();
    ids.push(id);
    core.sync.enqueue('application.submit', {
      id,
      service: 'cert.new.enterprise',
      values: enterpriseValues(),
      attachments,
      blankKey: true,
    });
  }
  await core.sync.stop();
  await core.close();

  const outboxSize = () => {
    const sqlite = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
    try {
      return (sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  };
  let kills = 0;
  const leftAfterKills: number[] = [];
  for (let i = 0; i < KILLS && outboxSize() > 0; i += 1) {
    const run = await runChild(1_000 + Math.floor(Math.random() * 1_500));
    if (run.killed) {
      kills += 1;
      leftAfterKills.push(outboxSize());
    } else expect(run.output).toMatch(/"pending":0/);
  }
  console.info('outbox rows left after each kill:', leftAfterKills.join(', '));
  const last = await runChild(null);
  expect(last.output).toMatch(/"pending":0/);

  const sqlite = new Database(path.join(dataDir, STORE_FILE_NAME));
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  } finally {
    sqlite.close();
  }
  const check = await createCore({ dataDir, apiUrl: server.url, env: {}, syncIntervalMs: 0 });
  try {
    const mine = (await check.api.call('applications.listMine', {})).items.filter((row) =>
      ids.includes(row.id),
    );
    expect(mine).toHaveLength(MUTATIONS);
    expect(new Set(mine.map((row) => row.id)).size).toBe(MUTATIONS);
  } finally {
    await check.close();
  }
  expect(kills).toBeGreaterThan(0);
}, 300_000);
