import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

/** Drizzle over the store, and its better-sqlite3 connection (FTS5 queries are plain SQL). */
export type LocalDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface LocalStore {
  db: LocalDb;
  /** The file on disk. */
  file: string;
  close(): void;
}

export const STORE_FILE_NAME = 'certdesk.sqlite';

/**
 * Opens (creating if needed) the local store in `dataDir` and applies the shipped migrations.
 * The folder is private to the user (0700) and the file 0600: it holds the session token.
 */
export function openStore(dataDir: string, migrationsFolder: string): LocalStore {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, STORE_FILE_NAME);
  // Create it ourselves so it is born 0600; SQLite gives the -wal/-shm files the same mode.
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);

  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder });
    return { db, file, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
