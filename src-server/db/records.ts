import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** Timestamps of a new record; `version` and `change_seq` come from column defaults. */
export function created(now: Date) {
  return { createdAt: now, updatedAt: now };
}

/** What every update of a record sets besides its own fields: a new version and change sequence number. */
export function bumped(table: { version: AnyPgColumn }, now: Date) {
  return {
    version: sql<number>`${table.version} + 1`,
    changeSeq: sql<number>`nextval('change_seq')`,
    updatedAt: now,
  };
}
