import { eq } from 'drizzle-orm';
import { sessionUserSchema, type Session, type SessionUser } from '../../../src-shared/schemas/account';
import type { LocalDb } from './db';
import { session } from './schema';

/** Encrypts secrets at rest; the Electron host implements it with safeStorage. */
export interface SecretBox {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export interface StoredSession {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

/** The one session of this computer. */
export interface SessionStore {
  /** The kept session, unless it ended before `now` (ms). */
  load(now?: number): StoredSession | null;
  save(value: Session): void;
  /** Moves the kept session's deadline (the server slid it). */
  extend(expiresAt: string): void;
  clear(): void;
}

const ROW_ID = 1;

export function createSessionStore(db: LocalDb, secretBox?: SecretBox): SessionStore {
  function unseal(token: Buffer, sealed: boolean): string | null {
    if (!sealed) return token.toString('utf8');
    if (secretBox === undefined) return null;
    try {
      return secretBox.decrypt(token);
    } catch {
      return null;
    }
  }

  const store: SessionStore = {
    load(now = Date.now()) {
      const row = db.select().from(session).where(eq(session.id, ROW_ID)).get();
      if (row === undefined) return null;
      const token = unseal(row.token, row.sealed);
      const user = sessionUserSchema.safeParse(JSON.parse(row.user));
      // A token sealed by another secret box (or a row from an older format) is as good as none.
      if (token === null || !user.success || Date.parse(row.expiresAt) <= now) {
        store.clear();
        return null;
      }
      return { token, expiresAt: row.expiresAt, user: user.data };
    },
    save(value) {
      const row = {
        id: ROW_ID,
        token: secretBox ? secretBox.encrypt(value.token) : Buffer.from(value.token, 'utf8'),
        sealed: secretBox !== undefined,
        expiresAt: value.expiresAt,
        user: JSON.stringify(value.user),
        createdAt: new Date().toISOString(),
      };
      db.insert(session).values(row).onConflictDoUpdate({ target: session.id, set: row }).run();
    },
    extend(expiresAt) {
      db.update(session).set({ expiresAt }).where(eq(session.id, ROW_ID)).run();
    },
    clear() {
      db.delete(session).where(eq(session.id, ROW_ID)).run();
    },
  };
  return store;
}

/**
 * A store that keeps nothing across restarts: the session lives in the service's memory only. A row
 * left by an earlier version (which kept the token in plain text) is deleted at once.
 */
export function createUnkeptSessionStore(db: LocalDb): SessionStore {
  const clear = () => {
    db.delete(session).where(eq(session.id, ROW_ID)).run();
  };
  return {
    load() {
      clear();
      return null;
    },
    save: clear,
    extend: () => undefined,
    clear,
  };
}
