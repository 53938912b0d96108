import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { openStore, STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { ftsTrigrams, likeContains } from '../../../src-main/core/sync/recordSearch';

/** Each local migration, and the upgrade of a cache made by the release that shipped only 0000_init. */
const migrationsFolder = path.join(findAppRoot(), 'drizzle', 'local');

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-migrate-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The migrations folder as a release shipped it: the journal cut after `tag`. */
function migrationsUpTo(tag: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-migrations-'));
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(end).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, end + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

function columnsOf(sqlite: Database.Database, table: string): string[] {
  return (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

const detail = (id: string, version: number) => ({
  id,
  applicantId: 'u1',
  serviceCode: 'cert.new',
  state: 'pending_review',
  version,
  timeline: [{ at: '2026-12-01T08:00:00.000Z', state: 'pending_review', note: null }],
});

describe('local migrations', () => {
  it('0001_sync makes the record, outbox, sync state and offline file tables on a new store', () => {
    const store = openStore(dataDir, migrationsFolder);
    store.close();
    const sqlite = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
    expect(columnsOf(sqlite, 'local_records')).toEqual([
      'account_id',
      'kind',
      'id',
      'json',
      'server_json',
      'server_version',
      'changed_at',
    ]);
    expect(columnsOf(sqlite, 'outbox')).toContain('record_id');
    expect(columnsOf(sqlite, 'outbox')).toContain('status');
    expect(columnsOf(sqlite, 'sync_state')).toContain('cursor');
    expect(columnsOf(sqlite, 'offline_files')).toContain('sha256');
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
  });

  it('upgrades a cache made by release 0000: kept records become rows, the session stays', () => {
    const old = migrationsUpTo('0000_init');
    try {
      openStore(dataDir, old).close();
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
    const file = path.join(dataDir, STORE_FILE_NAME);
    const sqlite = new Database(file);
    const put = sqlite.prepare(
      'INSERT INTO cached_records (kind, id, json, version, cached_at) VALUES (?, ?, ?, ?, ?)',
    );
    const at = '2026-12-01T09:00:00.000Z';
    put.run('applicationDetails', 'u1', JSON.stringify({ a1: detail('a1', 3) }), 0, at);
    // a2 is only in the list (never opened): it comes over without its timeline.
    const { timeline: _t, ...row2 } = detail('a2', 1);
    const { timeline: _t1, ...row1 } = detail('a1', 2);
    put.run('applications', 'u1', JSON.stringify({ items: [row1, row2] }), 0, at);
    put.run('orders', 'u1', JSON.stringify({ items: [{ id: 'o1', ownerId: 'u1', version: 4 }] }), 0, at);
    put.run('profile', 'u1', JSON.stringify({ id: 'u1', name: '张三', version: 7 }), 7, at);
    put.run('boundCertificates', 'u1', JSON.stringify({ items: [{ id: 'b1', version: 1 }] }), 0, at);
    put.run('notificationsRead', 'u1', JSON.stringify(['n1']), 0, at);
    sqlite
      .prepare(
        'INSERT INTO session (id, token, sealed, expires_at, "user", created_at) VALUES (1, ?, 0, ?, ?, ?)',
      )
      .run(Buffer.from('token-1'), '2026-12-31T00:00:00.000Z', '{"id":"u1"}', at);
    sqlite.close();

    openStore(dataDir, migrationsFolder).close();

    const after = new Database(file, { readonly: true });
    const rows = after
      .prepare(
        'SELECT account_id, kind, id, json, server_json, server_version FROM local_records ORDER BY kind, id',
      )
      .all() as {
      account_id: string;
      kind: string;
      id: string;
      json: string;
      server_json: string;
      server_version: number;
    }[];
    expect(rows.map((r) => [r.account_id, r.kind, r.id, r.server_version])).toEqual([
      ['u1', 'application', 'a1', 3],
      ['u1', 'application', 'a2', 1],
      ['u1', 'boundCertificate', 'b1', 1],
      ['u1', 'order', 'o1', 4],
      ['u1', 'profile', 'u1', 7],
    ]);
    // The detail wins over its older list row; a list-only row gets an empty timeline.
    expect(JSON.parse(rows[0]!.json)).toEqual(detail('a1', 3));
    expect(JSON.parse(rows[1]!.json)).toEqual({ ...row2, timeline: [] });
    expect(rows.every((r) => r.json === r.server_json)).toBe(true);
    // What was moved is gone from the old table; what the app still reads there stays.
    const kinds = after.prepare('SELECT kind FROM cached_records').all() as { kind: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(['notificationsRead']);
    expect(after.prepare('SELECT count(*) AS n FROM session').get()).toEqual({ n: 1 });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });

  it('0002_search makes what 0001 kept searchable, and keeps the index in step with the records', () => {
    const old = migrationsUpTo('0001_sync');
    try {
      openStore(dataDir, old).close();
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
    const file = path.join(dataDir, STORE_FILE_NAME);
    const sqlite = new Database(file);
    const put = sqlite.prepare(
      `INSERT INTO local_records (account_id, kind, id, json, server_json, server_version, changed_at)
       VALUES (?, ?, ?, ?, ?, 1, '2026-12-01T09:00:00.000Z')`,
    );
    const application = JSON.stringify({
      id: 'a1',
      number: 'SQ20261202-0001',
      applicantName: '李四',
      trackingNumber: 'SF1234567890',
      values: { enterpriseName: '福州远航物流有限公司', operatorIdNumber: '350102199001011234' },
    });
    put.run('u1', 'application', 'a1', application, application);
    const order = JSON.stringify({ id: 'o1', number: 'DD20261202-0007', mailing: { phone: '13800000002' } });
    put.run('u1', 'order', 'o1', order, order);
    put.run('u1', 'profile', 'u1', '{"name":"李四"}', '{"name":"李四"}');
    sqlite.close();

    openStore(dataDir, migrationsFolder).close();

    const after = new Database(file);
    const found = (text: string) =>
      after
        .prepare(
          `SELECT k.kind, k.id FROM record_search s JOIN record_search_rows k ON k.row_id = s.rowid
           WHERE record_search MATCH ? AND k.body LIKE ? ESCAPE '\\' ORDER BY k.kind, k.id`,
        )
        .all(ftsTrigrams(text), likeContains(text));
    expect(after.prepare('SELECT sqlite_version() AS v').pluck().get()).toMatch(/^3\./);
    expect(found('远航物流')).toEqual([{ kind: 'application', id: 'a1' }]);
    expect(found('199001011234')).toEqual([{ kind: 'application', id: 'a1' }]);
    expect(found('DD20261202')).toEqual([{ kind: 'order', id: 'o1' }]);
    expect(found('0002')).toEqual([{ kind: 'order', id: 'o1' }]);
    // Profiles, notifications and the rest are not indexed.
    expect(after.prepare('SELECT count(*) FROM record_search_rows').pluck().get()).toBe(2);

    // The triggers: an update replaces the text, a delete takes it out, an insert adds it.
    after
      .prepare(
        "UPDATE local_records SET json = json_set(json, '$.trackingNumber', 'YT999000111') WHERE id = 'a1'",
      )
      .run();
    expect(found('SF1234567890')).toEqual([]);
    expect(found('YT999000111')).toEqual([{ kind: 'application', id: 'a1' }]);
    after.prepare("DELETE FROM local_records WHERE id = 'o1'").run();
    expect(found('DD20261202')).toEqual([]);
    after
      .prepare(
        `INSERT INTO local_records (account_id, kind, id, json, changed_at)
         VALUES ('u1', 'order', 'o2', '{"number":"DD20261203-0001"}', '2026-12-03T00:00:00.000Z')`,
      )
      .run();
    expect(found('DD20261203')).toEqual([{ kind: 'order', id: 'o2' }]);
    expect(after.prepare('SELECT count(*) FROM record_search_rows').pluck().get()).toBe(2);
    // FTS5's own check throws when the index and its text disagree.
    after.prepare("INSERT INTO record_search (record_search) VALUES ('integrity-check')").run();
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });
});
