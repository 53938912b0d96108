import type { NotificationsResult } from '../../src-shared/ipc/contract';
import { notificationListSchema } from '../../src-shared/schemas/notification';
import { z } from '../../src-shared/zod';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { keptValue } from './store/keptCopy';
import type { RecordCache } from './store/recordCache';

/**
 * Messages for the account (certificate expiry reminders): the list is kept on this computer for
 * reading offline, and which ones were read is kept here too, since the server does not track it.
 */
export interface NotificationService {
  list(): Promise<NotificationsResult>;
  markRead(ids: readonly string[]): { ok: true };
  /** Drops the kept list (logout); what was read stays, so the badge does not come back. */
  forget(userId: string): void;
}

const LIST = 'notifications';
const READ = 'notificationsRead';
const readIdsSchema = z.array(z.string());

export function createNotificationService(deps: {
  api: ApiClient;
  session: SessionService;
  cache: RecordCache;
}): NotificationService {
  const { api, session, cache } = deps;

  function readIds(userId: string): Set<string> {
    const record = cache.get(READ, userId);
    const parsed = record === null ? null : readIdsSchema.safeParse(record.json);
    return new Set(parsed?.success ? parsed.data : []);
  }

  function userId(): string {
    return session.requireUser().id;
  }

  return {
    async list() {
      const id = userId();
      const { value, fromCache, cachedAt } = await keptValue(
        cache,
        { kind: LIST, id },
        notificationListSchema,
        () => api.call('notifications.list', {}),
      );
      const read = readIds(id);
      if (!fromCache) {
        // Only what the server still lists needs remembering: the kept ids never grow without end.
        const live = new Set(value.items.map((item) => item.id));
        const kept = [...read].filter((readId) => live.has(readId));
        if (kept.length !== read.size) cache.put(READ, id, kept, 0);
      }
      const items = value.items.map((item) => ({ ...item, read: read.has(item.id) }));
      return { items, unread: items.filter((item) => !item.read).length, fromCache, cachedAt };
    },
    markRead(ids) {
      const id = userId();
      cache.put(READ, id, [...new Set([...readIds(id), ...ids])], 0);
      return { ok: true };
    },
    forget(id) {
      cache.remove(LIST, id);
    },
  };
}
