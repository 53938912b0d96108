/**
 * The write path on PostgreSQL (issue 9): 1,000 application submissions queued in a desktop outbox
 * (real SQLite store) and pushed by the sync engine in its batches to a running API server, and 1,000
 * submits one after another over `POST /applications`; both against the same 1,000 requests sent one
 * after another to a bare Fastify route doing one pg INSERT each, measured in the same run. One client,
 * as a desktop is. Each server runs in its own process. Skips when PostgreSQL is not reachable.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { count } from 'drizzle-orm';
import { createApiClient } from '../../src-main/core/api/client';
import { findAppRoot } from '../../src-main/core/appRoot';
import { openStore } from '../../src-main/core/store/db';
import { PUSH_BATCH, runSync } from '../../src-main/core/sync/engine';
import { createSyncStore } from '../../src-main/core/sync/syncStore';
import { applications } from '../../src-server/db/schema';
import { API_PREFIX, apiRoutes } from '../../src-shared/api/routes';
import { ok } from '../integration/server/api';
import { prepareApplicants, submissions } from './applicants';
import { withBenchServers } from './benchProcess';
import { drive } from './load';

const SUBMISSIONS = 1_000;
const MIGRATIONS = path.join(findAppRoot(), 'drizzle', 'local');
/**
 * Mutations per push. The engine's PUSH_BATCH (100) of these submits (each carries a CSR, ~2 KB) is
 * over the server's 64 KiB body limit and the run stops with 413: the batch size is cut here.
 */
const PUSH_BATCH_HERE = 20;

/** `SUBMISSIONS` requests one after another: the milliseconds they took. */
async function sequential(url: string, body: string, token: string): Promise<number> {
  const next = submissions(url, [{ token, body }]);
  const start = performance.now();
  for (let i = 0; i < SUBMISSIONS; i += 1) {
    const { url: target, init } = next(0);
    const response = await fetch(target, init);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${target}: ${response.status} ${text.slice(0, 300)}`);
  }
  return performance.now() - start;
}

/** The outbox filled with `SUBMISSIONS` submits, then one sync run: the push's milliseconds. */
async function pushThroughOutbox(
  url: string,
  token: string,
  accountId: string,
  body: string,
): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-bench-push-'));
  const store = openStore(dir, MIGRATIONS);
  try {
    const sync = createSyncStore(store.db);
    const request = JSON.parse(body) as Record<string, unknown>;
    for (let i = 0; i < SUBMISSIONS; i += 1) {
      sync.enqueue(accountId, 'application.submit', { ...request, id: randomUUID(), blankKey: false });
    }
    const api = createApiClient({ baseUrl: () => url, token: () => token });
    const start = performance.now();
    let pushed: number | null = null;
    const outcome = await runSync(api, sync, accountId, {
      pushBatch: PUSH_BATCH_HERE,
      onProgress: () => {
        if (pushed === null && sync.counts(accountId).pending === 0) pushed = performance.now() - start;
      },
    });
    if (outcome.kind !== 'done') throw new Error(`the sync run stopped: ${JSON.stringify(outcome)}`);
    const left = sync.counts(accountId);
    if (left.pending > 0 || left.rejected > 0 || pushed === null) {
      throw new Error(`the outbox still holds ${left.pending} pending, ${left.rejected} refused`);
    }
    return pushed;
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function line(name: string, ms: number, bare: number): void {
  console.log(
    name.padEnd(52),
    `${(ms / 1000).toFixed(2)} s`.padStart(9),
    `${((SUBMISSIONS / ms) * 1000).toFixed(0)}/s`.padStart(8),
    `${(bare / ms).toFixed(2)}×`.padStart(8),
  );
}

export async function run(): Promise<void> {
  await withBenchServers('syncPush', 4, async ({ version, api, bare, server }) => {
    const { db } = server;
    const [applicant] = await prepareApplicants(server, 1);
    const { token, body } = applicant!;
    const profile = await ok(server, 'profile.get', {}, token);
    const submitUrl = `${api.url}${API_PREFIX}${apiRoutes['applications.submit'].path}`;
    const bareUrl = `${bare.url}/applications`;
    // Warm both servers up (JIT, pool connections) before anything is measured.
    for (const url of [submitUrl, bareUrl]) await drive(1, 1, submissions(url, [{ token, body }]));

    // Bare first and last, so that a change of pace on the machine shows in the baseline too.
    const bareBefore = await sequential(bareUrl, body, token);
    const outbox = await pushThroughOutbox(api.url, token, profile.id, body);
    const submits = await sequential(submitUrl, body, token);
    const bareAfter = await sequential(bareUrl, body, token);
    const bareMs = (bareBefore + bareAfter) / 2;

    const [stored] = await db.select({ n: count() }).from(applications);
    console.log(
      `${SUBMISSIONS} submissions each way, one client; outbox pushed in batches of ${PUSH_BATCH_HERE} (not the engine's ${PUSH_BATCH}: over the body limit);`,
      `PostgreSQL ${version}, ${os.cpus().length} CPUs, Node ${process.version},`,
      `load average ${os.loadavg()[0]!.toFixed(1)}; ${stored?.n} applications stored`,
    );
    console.log('route'.padEnd(52), 'time'.padStart(9), 'rate'.padStart(8), 'bare ÷'.padStart(8));
    line('desktop outbox → sync.push (1,000 application.submit)', outbox, bareMs);
    line('POST /applications, one after another', submits, bareMs);
    line('bare Fastify route, one pg INSERT (mean of 2 runs)', bareMs, bareMs);
    console.log(
      `bare runs: ${(bareBefore / 1000).toFixed(2)} s and ${(bareAfter / 1000).toFixed(2)} s.`,
      'Ratio = bare time ÷ this time (1.00× = as fast as the bare route).',
    );
  });
}
