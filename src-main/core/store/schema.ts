import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/**
 * What an account sees of one server record, kept on this computer (docs/DESIGN.md, "Data and sync"):
 * `json` is the server's copy with this account's pending outbox mutations applied on top;
 * `serverJson` is the server's copy alone (null for a record made here and not yet pushed).
 * Kinds: application, order, boundCertificate, issuedCertificate, notification, profile.
 */
export const localRecords = sqliteTable(
  'local_records',
  {
    accountId: text('account_id').notNull(),
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    json: text('json').notNull(),
    serverJson: text('server_json'),
    serverVersion: integer('server_version'),
    /** When this row last changed here (ISO time): from a pull or a local mutation. */
    changedAt: text('changed_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.kind, table.id] })],
);

/**
 * Mutations of an account, in `mutationId` order per client: `pending` until the server acknowledged
 * them (then the row is dropped), `rejected` when the server refused one for a business reason (kept,
 * with the user's args, until the user submits it again or gives it up).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    clientId: text('client_id').notNull(),
    mutationId: integer('mutation_id').notNull(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    args: text('args').notNull(),
    /** The record the mutation changes (for the local view and conflicts). */
    recordKind: text('record_kind').notNull(),
    recordId: text('record_id').notNull(),
    status: text('status', { enum: ['pending', 'rejected'] }).notNull(),
    /** The server's refusal (code, message, details) when rejected. */
    rejection: text('rejection'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.clientId, table.mutationId] }),
    index('outbox_account_status').on(table.accountId, table.status, table.mutationId),
    index('outbox_record').on(table.accountId, table.recordKind, table.recordId),
  ],
);

/**
 * Sync position of one account on this computer. The server ties a client id to the first account
 * that pushes with it, so each account gets its own.
 */
export const syncState = sqliteTable('sync_state', {
  accountId: text('account_id').primaryKey(),
  clientId: text('client_id').notNull().unique(),
  /** The next mutation id to hand out. */
  nextMutationId: integer('next_mutation_id').notNull(),
  /** The server's lastMutationId for this client, as last seen. */
  ackedMutationId: integer('acked_mutation_id').notNull(),
  /** The last pull's cursor; null before the first complete page. */
  cursor: integer('cursor'),
  /** True once a pull reached the end (hasMore false) at least once. */
  caughtUp: integer('caught_up', { mode: 'boolean' }).notNull(),
  lastSyncAt: text('last_sync_at'),
  lastError: text('last_error'),
  lastErrorAt: text('last_error_at'),
});

/**
 * Files chosen for an upload while offline, kept in the data folder under their SHA-256 and uploaded
 * before the first mutation that references them.
 */
export const offlineFiles = sqliteTable(
  'offline_files',
  {
    accountId: text('account_id').notNull(),
    sha256: text('sha256').notNull(),
    fileName: text('file_name').notNull(),
    /** The upload query it was chosen for (JSON). */
    query: text('query').notNull(),
    size: integer('size').notNull(),
    /** The server's file once uploaded (JSON of UploadedFile), null before. */
    uploaded: text('uploaded'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.sha256] })],
);

/**
 * The searchable text of each kept application and order (issue 9), one row per record, kept by the
 * triggers of migration 0002 on `local_records` from the view `record_search_source`. The FTS5 table
 * `record_search` (trigram tokenizer) indexes `body` with `rowId` as its rowid (an external-content
 * table, kept by triggers on this one): a virtual table, a view and triggers drizzle-kit does not describe.
 */
export const recordSearchRows = sqliteTable(
  'record_search_rows',
  {
    rowId: integer('row_id').primaryKey(),
    accountId: text('account_id').notNull(),
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    /** The fields joined by line breaks (no search box can type one, so no match spans two fields). */
    body: text('body').notNull(),
  },
  (table) => [uniqueIndex('record_search_rows_record').on(table.accountId, table.kind, table.id)],
);
