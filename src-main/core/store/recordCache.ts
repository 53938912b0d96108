import { and, eq } from 'drizzle-orm';
import type { LocalDb } from './db';
import { cachedRecords } from './schema';

export interface CachedRecord {
  json: unknown;
  version: number;
  cachedAt: string;
}

/** Last known copies of server records, keyed by kind and id. */
export interface RecordCache {
  get(kind: string, id: string): CachedRecord | null;
  put(kind: string, id: string, value: unknown, version: number): void;
  remove(kind: string, id: string): void;
  /** Drops every kept record (the app now talks to another server). */
  clear(): void;
}

export function createRecordCache(db: LocalDb): RecordCache {
  const key = (kind: string, id: string) => and(eq(cachedRecords.kind, kind), eq(cachedRecords.id, id));
  return {
    get(kind, id) {
      const row = db.select().from(cachedRecords).where(key(kind, id)).get();
      return row === undefined
        ? null
        : { json: JSON.parse(row.json) as unknown, version: row.version, cachedAt: row.cachedAt };
    },
    put(kind, id, value, version) {
      const row = { kind, id, json: JSON.stringify(value), version, cachedAt: new Date().toISOString() };
      db.insert(cachedRecords)
        .values(row)
        .onConflictDoUpdate({ target: [cachedRecords.kind, cachedRecords.id], set: row })
        .run();
    },
    remove(kind, id) {
      db.delete(cachedRecords).where(key(kind, id)).run();
    },
    clear() {
      db.delete(cachedRecords).run();
    },
  };
}
