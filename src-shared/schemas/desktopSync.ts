import { z } from '../zod';
import { MUTATIONS, type MutationName } from './sync';

/**
 * What the desktop shows of its own sync (docs/DESIGN.md, "Data and sync"): the header's state, the
 * 同步 page's queue, and the mark on each kept record.
 */

/** A kept record: as the server has it, changed here and waiting to be pushed, or refused (a conflict). */
export const localSyncStateSchema = z.enum(['synced', 'pending', 'conflict']);
export type LocalSyncState = z.infer<typeof localSyncStateSchema>;

/** The per-record mark the read channels add to a record kept on this computer. */
export const withLocalSync = { sync: localSyncStateSchema } as const;

export const syncStatusSchema = z.object({
  online: z.boolean(),
  /** A push or pull is running now. */
  syncing: z.boolean(),
  /** Mutations not yet acknowledged by the server (待同步). */
  pending: z.number().int().nonnegative(),
  /** Mutations the server refused, waiting for the user (再次提交 / 放弃我的修改). */
  rejected: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  /** The last failure in Chinese (network, server), null after a good sync. */
  lastError: z.string().nullable(),
  /** First sync of this account: records received so far, and whether it reached the end. */
  pulled: z.number().int().nonnegative(),
  caughtUp: z.boolean(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

const mutationNames = Object.keys(MUTATIONS) as [MutationName, ...MutationName[]];

export const syncQueueItemSchema = z.object({
  mutationId: z.number().int(),
  name: z.enum(mutationNames),
  /** What it does, in Chinese (提交申请「…」, 审核通过 SQ…, 修改个人资料). */
  title: z.string(),
  recordKind: z.string(),
  recordId: z.string(),
  status: z.enum(['pending', 'rejected']),
  rejection: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  /** The user's version: the mutation's args as entered. */
  mine: z.unknown(),
  /** The server's version of the record when rejected (null when the server has none). */
  server: z.unknown().nullable(),
});
export type SyncQueueItem = z.infer<typeof syncQueueItemSchema>;

export const syncQueueSchema = z.object({ items: z.array(syncQueueItemSchema) });
export type SyncQueue = z.infer<typeof syncQueueSchema>;

export const syncMutationRefInput = z.object({
  mutationId: z
    .number({ error: '操作序号应为正整数' })
    .int('操作序号应为正整数')
    .positive('操作序号应为正整数')
    .meta({ label: '操作序号' }),
});
