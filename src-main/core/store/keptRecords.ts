import { fresh } from '../../../src-shared/ipc/contract';
import { z } from '../../../src-shared/zod';
import { liveOrKept } from './keptCopy';
import type { RecordCache } from './recordCache';

/**
 * An account's list of server records and their details, kept in the record cache for reading
 * offline (applications, orders). The list rows may be a slimmer form of the detail (no timeline).
 */
export interface KeptRecords<Row, Detail> {
  list(userId: string): { items: Row[]; cachedAt: string } | null;
  detail(userId: string, id: string): { detail: Detail; cachedAt: string } | null;
  /** A detail the server just sent, and its row in the kept list (when that list exists). */
  keep(userId: string, detail: Detail): void;
  drop(userId: string, id: string): void;
  /** Drops everything kept for the account (logout). */
  forget(userId: string): void;
  /** The list from `fetch` (then kept), or the kept one when the API cannot be reached. */
  liveList(userId: string, fetch: () => Promise<Row[]>): Promise<Kept<{ items: Row[] }>>;
  /** One record from `fetch` (kept by the caller's `fetch` where it should be), or the kept copy offline. */
  liveDetail(userId: string, id: string, fetch: () => Promise<Detail>): Promise<Kept<{ detail: Detail }>>;
}

/** An answer and whether it is the copy kept on this computer (and since when). */
export type Kept<T> = T & { fromCache: boolean; cachedAt: string | null };

export interface KeptRecordsOptions<Row, Detail> {
  /** Cache kinds of the list and of the details map. */
  listKind: string;
  detailsKind: string;
  row: z.ZodType<Row>;
  detail: z.ZodType<Detail>;
  rowOf: (detail: Detail) => Row;
}

export function keptRecords<Row extends { id: string }, Detail extends { id: string }>(
  cache: RecordCache,
  options: KeptRecordsOptions<Row, Detail>,
): KeptRecords<Row, Detail> {
  const { listKind, detailsKind, rowOf } = options;
  const listSchema = z.object({ items: z.array(options.row) });
  const detailsSchema = z.record(z.string(), options.detail);

  function list(userId: string): { items: Row[]; cachedAt: string } | null {
    const record = cache.get(listKind, userId);
    const parsed = record === null ? null : listSchema.safeParse(record.json);
    return record !== null && parsed?.success
      ? { items: parsed.data.items, cachedAt: record.cachedAt }
      : null;
  }

  function details(userId: string): { details: Record<string, Detail>; cachedAt: string } {
    const record = cache.get(detailsKind, userId);
    const parsed = record === null ? null : detailsSchema.safeParse(record.json);
    return record !== null && parsed?.success
      ? { details: parsed.data, cachedAt: record.cachedAt }
      : { details: {}, cachedAt: new Date().toISOString() };
  }

  return {
    list,
    detail(userId, id) {
      const kept = details(userId);
      const detail = kept.details[id];
      return detail === undefined ? null : { detail, cachedAt: kept.cachedAt };
    },
    keep(userId, detail) {
      cache.put(detailsKind, userId, { ...details(userId).details, [detail.id]: detail }, 0);
      const kept = list(userId);
      if (kept === null) return;
      const others = kept.items.filter((item) => item.id !== detail.id);
      cache.put(listKind, userId, { items: [rowOf(detail), ...others] }, 0);
    },
    drop(userId, id) {
      const { [id]: _dropped, ...rest } = details(userId).details;
      cache.put(detailsKind, userId, rest, 0);
      const kept = list(userId);
      if (kept) cache.put(listKind, userId, { items: kept.items.filter((item) => item.id !== id) }, 0);
    },
    forget(userId) {
      cache.remove(listKind, userId);
      cache.remove(detailsKind, userId);
    },
    liveList(userId, fetch) {
      return liveOrKept<Kept<{ items: Row[] }>>(
        async () => {
          const items = await fetch();
          cache.put(listKind, userId, { items }, 0);
          return fresh({ items });
        },
        () => {
          const kept = list(userId);
          return kept && { items: kept.items, fromCache: true, cachedAt: kept.cachedAt };
        },
      );
    },
    liveDetail(userId, id, fetch) {
      return liveOrKept<Kept<{ detail: Detail }>>(
        async () => fresh({ detail: await fetch() }),
        () => {
          const kept = details(userId).details[id];
          return kept === undefined
            ? null
            : { detail: kept, fromCache: true, cachedAt: details(userId).cachedAt };
        },
      );
    },
  };
}
