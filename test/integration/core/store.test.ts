import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { openStore, STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { createSessionStore, type SecretBox } from '../../../src-main/core/store/sessionStore';
import { createSettingsStore } from '../../../src-main/core/store/settingsStore';

const migrationsFolder = path.join(findAppRoot(), 'drizzle', 'local');
const session = {
  token: 'secret-token-123',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: {
    id: 'u1',
    name: '张三',
    phone: '13800000001',
    idNumber: null,
    roles: ['applicant' as const],
    enterpriseName: null,
  },
};

/** Reversible and visibly not the plain text: enough to tell sealed from unsealed. */
const xorBox = (key: number): SecretBox => ({
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ key)),
  decrypt: (sealed) => {
    if (sealed[0] === undefined) throw new Error('empty');
    return Buffer.from(sealed.map((byte) => byte ^ key)).toString('utf8');
  },
});

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-store-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function columns(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (db.prepare(`pragma table_info(${name})`).all() as { name: string }[]).map((c) => c.name),
      ]),
    );
  } finally {
    db.close();
  }
}

describe('local store migrations', () => {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { tag: string }[];
  };

  it('the migrations create settings, session, cached_records and outbox on a fresh file', () => {
    expect(journal.entries.map((entry) => entry.tag)).toContain('0000_init');
    const store = openStore(dataDir, migrationsFolder);
    store.close();
    const tables = columns(path.join(dataDir, STORE_FILE_NAME));
    expect(tables.settings).toEqual(['key', 'value']);
    expect(tables.session).toEqual(['id', 'token', 'sealed', 'expires_at', 'user', 'created_at']);
    expect(tables.cached_records).toEqual(['kind', 'id', 'json', 'version', 'cached_at']);
    // 0001_sync makes the outbox again with its account and record columns (localMigrations.test.ts).
    expect(tables.outbox).toContain('mutation_id');
  });

  it('applies every shipped migration once: reopening changes nothing', () => {
    openStore(dataDir, migrationsFolder).close();
    openStore(dataDir, migrationsFolder).close();
    const db = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
    const applied = db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    db.close();
    expect(applied.n).toBe(journal.entries.length);
  });

  it('keeps the file private (0600) in WAL mode', () => {
    const store = openStore(dataDir, migrationsFolder);
    try {
      expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
      const db = new Database(store.file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      store.close();
    }
  });
});

describe('settings and session stores', () => {
  it('keeps one clientId across reopening', () => {
    const first = openStore(dataDir, migrationsFolder);
    const id = createSettingsStore(first.db).clientId();
    first.close();
    const second = openStore(dataDir, migrationsFolder);
    expect(createSettingsStore(second.db).clientId()).toBe(id);
    second.close();
  });

  it('seals the token with the secret box and drops a session it cannot unseal', () => {
    const store = openStore(dataDir, migrationsFolder);
    try {
      createSessionStore(store.db, xorBox(0x5a)).save(session);
      const reader = new Database(store.file, { readonly: true });
      const raw = reader.prepare('select token, sealed from session').get() as {
        token: Buffer;
        sealed: number;
      };
      reader.close();
      expect(raw.sealed).toBe(1);
      expect(raw.token.toString('utf8')).not.toContain(session.token);
      expect(createSessionStore(store.db, xorBox(0x5a)).load()?.token).toBe(session.token);
      // Without the box that sealed it (another computer, another keyring) the session is gone.
      expect(createSessionStore(store.db).load()).toBeNull();
      expect(createSessionStore(store.db, xorBox(0x5a)).load()).toBeNull();
    } finally {
      store.close();
    }
  });

  it('forgets an expired session', () => {
    const store = openStore(dataDir, migrationsFolder);
    try {
      const sessions = createSessionStore(store.db);
      sessions.save({ ...session, expiresAt: new Date(Date.now() - 1_000).toISOString() });
      expect(sessions.load()).toBeNull();
    } finally {
      store.close();
    }
  });
});
