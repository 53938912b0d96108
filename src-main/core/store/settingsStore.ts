import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { LocalDb } from './db';
import { settings } from './schema';

/** Key/value settings with JSON values. */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** This installation's id for the sync outbox: made once, never changes. */
  clientId(): string;
}

export function createSettingsStore(db: LocalDb): SettingsStore {
  const store: SettingsStore = {
    get(key) {
      const row = db.select().from(settings).where(eq(settings.key, key)).get();
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    },
    set(key, value) {
      const json = JSON.stringify(value);
      db.insert(settings)
        .values({ key, value: json })
        .onConflictDoUpdate({ target: settings.key, set: { value: json } })
        .run();
    },
    delete(key) {
      db.delete(settings).where(eq(settings.key, key)).run();
    },
    clientId() {
      const existing = store.get('clientId');
      if (typeof existing === 'string') return existing;
      const id = randomUUID();
      store.set('clientId', id);
      return id;
    },
  };
  return store;
}
