import { AppError } from '../../../src-shared/errors';
import { rejectionSchema, type Rejection } from '../../../src-shared/schemas/sync';
import { z } from '../../../src-shared/zod';
import type { ApiClient } from '../api/client';
import type { OfflineFiles } from './offlineFiles';
import type { SyncStore } from './syncStore';

/**
 * One sync run of an account: push the outbox in order, in batches, then pull pages until the end.
 * Every step is saved before the next starts, so a run stopped anywhere (network, crash) resumes
 * where it was: a row goes only after the server acknowledged it, a page's records and its cursor are
 * written together.
 */

export const PUSH_BATCH = 100;
/**
 * A push body stays under the server's 64 KiB limit: a batch is cut when its mutations' args pass this
 * many bytes (a submit with a CSR is about 2 KB). One mutation always goes, even alone over the budget.
 */
export const PUSH_MAX_BYTES = 48 * 1024;
export const PULL_PAGE = 500;

/** Why a run stopped early: the caller backs off (retry) or waits for the user (stop). */
export type RunOutcome =
  | { kind: 'done' }
  | { kind: 'retry'; message: string }
  | { kind: 'stop'; message: string; signedOut: boolean };

export interface RunOptions {
  pushBatch?: number;
  pushMaxBytes?: number;
  pullPage?: number;
  /** Called after each push batch and each pull page (status.pending, status.pulled). */
  onProgress?: () => void;
  /** Files chosen offline, uploaded before the first mutation naming them is pushed. */
  files?: OfflineFiles;
  /** Stops between two steps (the core closes, the account changed). */
  cancelled?: () => boolean;
}

const outOfOrderDetails = z.object({
  lastMutationId: z.number().int(),
  rejections: z.array(rejectionSchema).default([]),
});

const SIGNED_OUT =
  '登录已失效，待同步的修改已保留在本机：请重新登录后自动同步（本程序不保存可自动续期的登录凭据）';

const GAP_MESSAGE = '本机待同步的修改与服务器的记录对不上，无法继续同步，请联系客服';

function classify(error: unknown): RunOutcome {
  if (!(error instanceof AppError)) throw error;
  // 401: the API client already ended the session. There is no refresh token: the outbox waits
  // for the user to sign in again, untouched.
  if (error.status === 401) return { kind: 'stop', message: SIGNED_OUT, signedOut: true };
  if (error.status >= 500 || error.status === 429) return { kind: 'retry', message: error.message };
  return { kind: 'stop', message: error.message, signedOut: false };
}

export async function runSync(
  api: ApiClient,
  store: SyncStore,
  accountId: string,
  options: RunOptions = {},
): Promise<RunOutcome> {
  let pushBatch = options.pushBatch ?? PUSH_BATCH;
  const pushMaxBytes = options.pushMaxBytes ?? PUSH_MAX_BYTES;
  const pullPage = options.pullPage ?? PULL_PAGE;
  const cancelled = options.cancelled ?? (() => false);
  try {
    for (;;) {
      if (cancelled()) return { kind: 'done' };
      const batch = withinBytes(store.pendingBatch(accountId, pushBatch), pushMaxBytes);
      if (batch.length === 0) break;
      if (options.files) {
        for (const row of batch) {
          const resolved = await options.files.resolve(accountId, JSON.parse(row.args) as unknown);
          if (!resolved.changed) continue;
          store.rewriteArgs(row, resolved.args);
          row.args = JSON.stringify(resolved.args);
        }
      }
      const { clientId } = store.state(accountId);
      try {
        const result = await api.call('sync.push', {
          clientId,
          mutations: batch.map((row) => ({
            mutationId: row.mutationId,
            name: row.name,
            args: JSON.parse(row.args) as unknown,
          })),
        });
        const applied = result.results.filter((r) => r.status === 'applied').map((r) => r.mutationId);
        store.acknowledge(accountId, result.lastMutationId, applied, result.rejections);
        options.onProgress?.();
      } catch (error) {
        // Still too large for the server (its limit is lower than ours): push fewer at a time.
        if (error instanceof AppError && error.status === 413 && batch.length > 1) {
          pushBatch = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        if (!(error instanceof AppError) || error.code !== 'MUTATION_OUT_OF_ORDER') throw error;
        const details = outOfOrderDetails.safeParse(error.details);
        if (!details.success) throw error;
        const rejections: Rejection[] = details.data.rejections;
        // The server is behind or ahead of what this computer last heard: push again from there.
        store.acknowledge(accountId, details.data.lastMutationId, [], rejections);
        const next = store.pendingBatch(accountId, 1)[0];
        if (next && next.mutationId !== details.data.lastMutationId + 1) {
          return { kind: 'stop', message: GAP_MESSAGE, signedOut: false };
        }
      }
    }
    for (;;) {
      if (cancelled()) return { kind: 'done' };
      const { clientId, cursor } = store.state(accountId);
      const page = await api.call('sync.pull', { clientId, cursor, limit: pullPage });
      store.applyPullPage(accountId, page);
      options.onProgress?.();
      if (!page.hasMore) break;
    }
    return { kind: 'done' };
  } catch (error) {
    return classify(error);
  }
}

/** The leading rows whose args fit in `maxBytes` (at least one). */
function withinBytes<T extends { args: string }>(rows: T[], maxBytes: number): T[] {
  let bytes = 0;
  let take = 0;
  for (const row of rows) {
    bytes += Buffer.byteLength(row.args);
    if (take > 0 && bytes > maxBytes) break;
    take += 1;
  }
  return rows.slice(0, take);
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs = 1_000, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
