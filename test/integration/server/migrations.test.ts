import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
import { startServer } from '../../../src-server/server';
import { createScratchDatabase } from '../../helpers/apiServer';

const TABLES = [
  'accounts',
  'application_transitions',
  'applications',
  'blobs',
  'bound_certificates',
  'captchas',
  'enterprises',
  'issued_certificates',
  'key_challenges',
  'login_failures',
  'login_throttle',
  'notifications',
  'orders',
  'payment_notifications',
  'payments',
  'record_number_days',
  'request_counts',
  'revocation_lists',
  'sessions',
  'sms_codes',
  'sync_clients',
  'sync_rejections',
  'uploads',
];

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function checkSchema(db: Database): Promise<void> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(TABLES);

  const sequences = await rows<{ sequence_name: string }>(
    db,
    sql`select sequence_name from information_schema.sequences where sequence_schema = 'public'`,
  );
  expect(sequences.map((s) => s.sequence_name)).toEqual(
    expect.arrayContaining(['change_seq', 'crl_number', 'record_number_dd', 'record_number_sq']),
  );

  const indexes = await rows<{ indexname: string }>(
    db,
    sql`select indexname from pg_indexes where schemaname = 'public'`,
  );
  expect(indexes.map((i) => i.indexname)).toEqual(
    expect.arrayContaining([
      'accounts_phone_key',
      'accounts_id_number_key',
      'sessions_token_hash_key',
      'issued_certificates_serial_key',
      'issued_certificates_fingerprint_key',
      'bound_certificates_certificate_key',
      'applications_live_renewal_key',
      'applications_number_key',
      'orders_number_key',
    ]),
  );

  // Record tables take their change sequence number from the one shared sequence.
  const now = new Date();
  await db.execute(
    sql`insert into enterprises (name, credit_code, legal_representative, address, created_at, updated_at)
        values ('甲', '91350100MA2Y0C3K1W', '乙', '丙', ${now}, ${now})`,
  );
  await db.execute(
    sql`insert into accounts (phone, password_hash, password_changed_at, created_at, updated_at)
        values ('13900000000', 'x', ${now}, ${now}, ${now})`,
  );
  const seqs = await rows<{ change_seq: string; version: number }>(
    db,
    sql`select change_seq, version from enterprises union all select change_seq, version from accounts`,
  );
  expect(seqs.map((s) => Number(s.change_seq))).toEqual([1, 2]);
  expect(seqs.every((s) => s.version === 1)).toBe(true);
}

describe('server migrations', () => {
  it('build the schema on a fresh in-memory PGlite', async () => {
    const { db, close } = await openDatabase({ kind: 'pglite' });
    try {
      await checkSchema(db);
    } finally {
      await close();
    }
  });

  it('are applied once: reopening a PGlite folder keeps the data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'certdesk-pglite-'));
    try {
      const options: DatabaseOptions = { kind: 'pglite', dataDir };
      const first = await openDatabase(options);
      await checkSchema(first.db).finally(() => first.close());
      const second = await openDatabase(options);
      try {
        const accounts = await rows<{ n: number }>(second.db, sql`select count(*)::int as n from accounts`);
        expect(accounts[0]?.n).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(process.env.DATABASE_URL)('build the schema on a fresh PostgreSQL database', async () => {
    const scratch = await createScratchDatabase();
    try {
      const { db, close } = await openDatabase({ kind: 'postgres', url: scratch.url });
      await checkSchema(db).finally(close);
    } finally {
      await scratch.drop();
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'two instances starting together on one fresh PostgreSQL database both start, migrating once',
    async () => {
      const scratch = await createScratchDatabase();
      try {
        const starts = await Promise.allSettled(
          [1, 2].map(() =>
            startServer({
              port: 0,
              dev: true,
              database: { kind: 'postgres', url: scratch.url },
              logLevel: 'silent',
            }),
          ),
        );
        await Promise.all(starts.map((start) => start.status === 'fulfilled' && start.value.close()));
        expect(
          starts.map((start) => (start.status === 'rejected' ? String(start.reason) : 'started')),
        ).toEqual(['started', 'started']);
        const journal = JSON.parse(
          await readFile(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
        ) as { entries: unknown[] };
        const { db, close } = await openDatabase({ kind: 'postgres', url: scratch.url });
        try {
          const applied = await rows<{ n: number }>(
            db,
            sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
          );
          expect(applied[0]?.n).toBe(journal.entries.length);
          await checkSchema(db);
        } finally {
          await close();
        }
      } finally {
        await scratch.drop();
      }
    },
  );
});
