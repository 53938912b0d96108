import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Local SQLite tables of the desktop client. Change them, then run `npm run db:generate`. */

/** Key/value settings; `value` is JSON. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** The one session of this computer (row id 1). The token is a secret: sealed by the host when it can. */
export const session = sqliteTable('session', {
  id: integer('id').primaryKey(),
  token: blob('token', { mode: 'buffer' }).notNull(),
  /** 1 when `token` was encrypted by the host's secret box (Electron safeStorage), 0 when stored as is. */
  sealed: integer('sealed', { mode: 'boolean' }).notNull(),
  expiresAt: text('expires_at').notNull(),
  user: text('user').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Last known copy of server records this account may see (now: the profile), for offline reading. */
export const cachedRecords = sqliteTable(
  'cached_records',
  {
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    json: text('json').notNull(),
    version: integer('version').notNull(),
    cachedAt: text('cached_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.id] })],
);

/** Mutations waiting to be pushed, in `mutationId` order (docs/DESIGN.md, "Data and sync"). */
export const outbox = sqliteTable('outbox', {
  mutationId: integer('mutation_id').primaryKey(),
  clientId: text('client_id').notNull(),
  name: text('name').notNull(),
  args: text('args').notNull(),
  createdAt: text('created_at').notNull(),
});
