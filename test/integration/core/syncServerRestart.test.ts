import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src-shared/schemas/desktopSync';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends } from '../../helpers/apiServer';
import { openDesk } from '../../helpers/desk';
import { createServerProcess, type ServerProcess } from '../../helpers/serverProcess';
import { enterpriseValues, uploadScans } from './desk';

/**
 * Issue 9, desktop side: the API server process is killed in the middle of a desktop push of 60 mutations
 * and started again on the same port and data. Nobody presses 立即同步: the desktop retries with backoff
 * (and at once when the health check sees the server back) until every mutation landed, each exactly once.
 */

const MUTATIONS = 60;

describe.each(backends())('a desktop push across a restarted server process (%s)', (backend) => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await createServerProcess(backend);
    await server.start();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('keeps retrying while the server is down; every mutation lands exactly once', async () => {
    const desk = await openDesk(server, server.url, DEMO_ACCOUNTS.operator, {
      core: { syncIntervalMs: 0, syncSizes: { pushBatch: 2 }, connectivityIntervalMs: 300 },
    });
    try {
      const { core } = desk;
      const attachments = await uploadScans(desk);
      const seen: SyncStatus[] = [];
      core.events.on('sync.status', (status) => void seen.push(status));
      const ids: string[] = Array.from({ length: MUTATIONS }, () => randomUUID());
      // Each write starts (or joins) a sync: the push runs while the rest are queued.
      for (const id of ids) {
        core.sync.enqueue('application.submit', {
          id,
          service: 'cert.new.enterprise',
          values: enterpriseValues(),
          attachments,
          blankKey: true,
        });
      }

      // Killed once a few batches are in, most likely with one on its way.
      await expect
        .poll(() => core.sync.status().pending, { timeout: 60_000, interval: 10 })
        .toBeLessThanOrEqual(MUTATIONS - 6);
      await server.kill();
      const pendingAtKill = core.sync.status().pending;
      // The desktop notices: the push fails, the app goes offline, the outbox keeps the rest.
      await expect
        .poll(() => seen.some((status) => status.lastError !== null) && !core.connectivity.online(), {
          timeout: 60_000,
        })
        .toBe(true);
      expect(core.sync.status().pending).toBeGreaterThan(0);

      await server.start();
      await expect
        .poll(
          () => {
            const status = core.sync.status();
            return status.pending === 0 && status.lastError === null && !status.syncing;
          },
          { timeout: 120_000, interval: 200 },
        )
        .toBe(true);
      console.info(
        `${backend}: ${pendingAtKill} of ${MUTATIONS} rows were waiting when the server was killed`,
      );

      const mine = await core.api.call('applications.listMine', {});
      const pushed = mine.items.filter((item) => ids.includes(item.id));
      expect(pushed.map((item) => item.id).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const detail = await core.api.call('applications.get', { id });
        expect(detail.timeline.map((move) => move.transition)).toEqual(['submit']);
      }
    } finally {
      await desk.close();
    }
  }, 300_000);
});
