import { AppError } from '../../../src-shared/errors';
import type { LocalSyncState } from '../../../src-shared/schemas/desktopSync';
import type { z } from '../../../src-shared/zod';
import type { SyncService } from './index';
import type { KeptFieldFilter, KeptRecord } from './syncStore';

/**
 * Reads of kept records (docs/DESIGN.md, "Data and sync"): online a sync runs first, then the answer is
 * the local copy — the server's, with this account's pending changes on top — each marked with its
 * sync state. `fromCache` says the sync could not reach the server.
 */

export type Synced<T> = T & { sync: LocalSyncState };

export interface KeptReads<T> {
  /**
   * Newest first; with `search`, only those whose kept text contains it (sync/recordSearch.ts); with
   * `where`, only those whose kept JSON has these field values, asked of SQLite (sync/syncStore.ts).
   */
  list(
    keep?: (record: T) => boolean,
    search?: string,
    where?: KeptFieldFilter,
  ): Promise<{ items: Synced<T>[]; fromCache: boolean; cachedAt: string | null }>;
  /** The kept copy; one not kept here (staff reading another's record) from `fetch` when online. */
  get(
    id: string,
    fetch?: () => Promise<T>,
  ): Promise<{ record: Synced<T>; fromCache: boolean; cachedAt: string | null }>;
  /** The kept copy now (after a write), or null. */
  now(record: KeptRecord | null): Synced<T> | null;
}

function createdAt(record: object): string {
  const value = (record as { createdAt?: unknown }).createdAt;
  return typeof value === 'string' ? value : '';
}

export function keptReads<S extends z.ZodType<{ id: string }>>(
  sync: SyncService,
  kind: string,
  schema: S,
  notFound: string,
): KeptReads<z.output<S>> {
  type T = z.output<S>;
  function parse(record: KeptRecord | null): Synced<T> | null {
    if (record === null) return null;
    const parsed = schema.safeParse(record.json);
    return parsed.success ? { ...parsed.data, sync: record.sync } : null;
  }
  return {
    async list(keep = () => true, search, where) {
      const { fresh, syncedAt } = await sync.refresh();
      // A search reads only the records it found, not every kept one.
      const found = sync.keptMatching(kind, search);
      const items = sync
        .keptAll(kind, found ?? undefined, where)
        .map(parse)
        .filter((item): item is Synced<T> => item !== null && keep(item));
      items.sort((a, b) => createdAt(b).localeCompare(createdAt(a)));
      return { items, fromCache: !fresh, cachedAt: fresh ? null : syncedAt };
    },
    async get(id, fetch) {
      const { fresh, syncedAt } = await sync.refresh();
      const record = parse(sync.kept(kind, id));
      if (!record && fetch && fresh) {
        return { record: { ...(await fetch()), sync: 'synced' as const }, fromCache: false, cachedAt: null };
      }
      if (!record) throw new AppError('NOT_FOUND', notFound);
      return { record, fromCache: !fresh, cachedAt: fresh ? null : syncedAt };
    },
    now: parse,
  };
}
