import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

/** The one database type every service takes, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction is a database too: services written for `Database` run inside one unchanged. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseOptions =
  | { kind: 'pglite'; /** Omitted: in memory, gone when the server stops. */ dataDir?: string }
  | { kind: 'postgres'; url: string };

export interface OpenDatabase {
  db: Database;
  close(): Promise<void>;
}

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle/server', import.meta.url));

/**
 * Opens the database and brings its schema up to date with the generated migrations. `onIdleError` hears
 * of a pooled PostgreSQL connection that broke while idle (server restart, admin kill); without a listener
 * the pool's 'error' event would end the process.
 */
export async function openDatabase(
  options: DatabaseOptions,
  migrationsFolder = DEFAULT_MIGRATIONS_FOLDER,
  onIdleError: (error: Error) => void = () => {},
): Promise<OpenDatabase> {
  if (options.kind === 'pglite') {
    const client = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
    try {
      const db = drizzlePglite({ client, schema });
      // No lock: a PGlite folder has one owner, the process that opened it.
      await migratePglite(db, { migrationsFolder });
      return { db, close: () => client.close() };
    } catch (error) {
      await client.close();
      throw error;
    }
  }
  const pool = new pg.Pool({ connectionString: options.url, max: 10 });
  pool.on('error', onIdleError);
  try {
    await migrateLocked(pool, migrationsFolder);
    const db = drizzlePostgres({ client: pool, schema });
    return { db, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Arbitrary, fixed: the advisory lock every instance takes while it migrates. */
const MIGRATION_LOCK = 4_004_000;

/**
 * Instances starting together on one database migrate one after the other: the first applies what is
 * missing, the others wait for its lock and then find nothing left to do. The lock belongs to the
 * session, so the migrator runs on the connection that holds it.
 */
async function migrateLocked(pool: pg.Pool, migrationsFolder: string): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection that failed mid-lock is dropped, not pooled: its session (and lock) ends with it.
    client.release(broken);
  }
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
