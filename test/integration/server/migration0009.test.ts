import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIGRATIONS_FOLDER,
  openDatabase,
  type Database,
  type DatabaseOptions,
} from '../../../src-server/db/database';
import { allocateRecordNumber } from '../../../src-server/services/recordNumbers';
import { backends, createScratchDatabase } from '../../helpers/apiServer';

/**
 * Migration 0009 (record numbers) on a database made by the migrations before it: existing
 * applications and orders get numbers per Beijing day of creation, in order of creation, and the
 * counts go on from there — through migration 0010, which turns 0009's counter rows into the
 * sequences' day rows.
 */

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** A copy of the migrations folder that ends before `tag`. */
async function migrationsBefore(tag: string): Promise<{ folder: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'certdesk-migrations-'));
  await cp(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const path = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(path, 'utf8')) as Journal;
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at).toBeGreaterThan(0);
  await writeFile(path, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Rows as today's release keeps them: no numbers. Beijing days: 12-01 (twice), 12-02 (three times). */
async function fillOldRows(db: Database): Promise<string> {
  const now = new Date('2026-12-01T00:00:00Z');
  const [account] = await rows<{ id: string }>(
    db,
    sql`insert into accounts (phone, password_hash, password_changed_at, created_at, updated_at)
        values ('13900000009', 'x', ${now}, ${now}, ${now}) returning id`,
  );
  const applicant = account!.id;
  const application = (id: string, at: string) =>
    db.execute(
      sql`insert into applications (id, service_code, applicant_id, state, values, attachments, created_at, updated_at)
          values (${id}, 'cert.new.person', ${applicant}, 'pending', '{}'::jsonb, '{}'::jsonb, ${at}::timestamptz, ${at}::timestamptz)`,
    );
  // Inserted out of order: numbers follow created_at, not insertion.
  await application('00000000-0000-4000-8000-000000000003', '2026-12-01T16:00:00Z'); // 12-02 00:00
  await application('00000000-0000-4000-8000-000000000001', '2026-12-01T01:00:00Z'); // 12-01 09:00
  await application('00000000-0000-4000-8000-000000000002', '2026-12-01T15:59:59Z'); // 12-01 23:59
  await application('00000000-0000-4000-8000-000000000005', '2026-12-02T08:00:00Z'); // 12-02 16:00
  await application('00000000-0000-4000-8000-000000000004', '2026-12-02T03:00:00Z'); // 12-02 11:00
  await db.execute(
    sql`insert into orders (id, owner_id, payment_method, amount_fen, state, invoice, mailing, contact_phone, created_at, updated_at)
        values ('00000000-0000-4000-9000-000000000002', ${applicant}, 'transfer', 100, 'unpaid', '{}'::jsonb, '{}'::jsonb, '13900000009', '2026-12-02T03:00:00Z', '2026-12-02T03:00:00Z'),
               ('00000000-0000-4000-9000-000000000001', ${applicant}, 'transfer', 100, 'unpaid', '{}'::jsonb, '{}'::jsonb, '13900000009', '2026-12-02T02:00:00Z', '2026-12-02T02:00:00Z')`,
  );
  return applicant;
}

async function checkBackfill(db: Database): Promise<void> {
  const numbered = await rows<{ id: string; number: string }>(
    db,
    sql`select id, number from applications order by id`,
  );
  expect(numbered.map((row) => row.number)).toEqual([
    'SQ20261201-0001',
    'SQ20261201-0002',
    'SQ20261202-0001',
    'SQ20261202-0002',
    'SQ20261202-0003',
  ]);
  const ordered = await rows<{ number: string }>(db, sql`select number from orders order by id`);
  expect(ordered.map((row) => row.number)).toEqual(['DD20261202-0001', 'DD20261202-0002']);
  // New records continue each day's count; a new day starts at 0001.
  await db.transaction(async (tx) => {
    expect(await allocateRecordNumber(tx, 'SQ', new Date('2026-12-02T09:00:00Z'))).toBe('SQ20261202-0004');
    expect(await allocateRecordNumber(tx, 'DD', new Date('2026-12-02T09:00:00Z'))).toBe('DD20261202-0003');
    expect(await allocateRecordNumber(tx, 'DD', new Date('2026-12-03T09:00:00Z'))).toBe('DD20261203-0001');
  });
  // The number is required and unique from now on.
  await expect(db.execute(sql`update applications set number = 'SQ20261201-0001'`)).rejects.toThrow();
  await expect(db.execute(sql`update orders set number = null`)).rejects.toThrow();
}

async function upgrade(options: DatabaseOptions): Promise<void> {
  const old = await migrationsBefore('0009_record_numbers');
  try {
    const before = await openDatabase(options, old.folder);
    await fillOldRows(before.db).finally(() => before.close());
  } finally {
    await old.remove();
  }
  const after = await openDatabase(options);
  try {
    await checkBackfill(after.db);
  } finally {
    await after.close();
  }
}

describe.each(backends())('migration 0009: record numbers (%s)', (backend) => {
  it('numbers existing applications and orders per Beijing day in order of creation', async () => {
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      try {
        await upgrade({ kind: 'postgres', url: scratch.url });
      } finally {
        await scratch.drop();
      }
      return;
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'certdesk-pglite-'));
    try {
      await upgrade({ kind: 'pglite', dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('migration 0009 on an empty database', () => {
  it('leaves no counters behind', async () => {
    const { db, close } = await openDatabase({ kind: 'pglite' });
    try {
      expect(await rows(db, sql`select * from record_number_days`)).toEqual([]);
    } finally {
      await close();
    }
  });
});
