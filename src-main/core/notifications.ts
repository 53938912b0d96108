import type { NotificationsResult } from '../../src-shared/ipc/contract';
import { notificationSchema } from '../../src-shared/schemas/notification';
import { z } from '../../src-shared/zod';
import type { SessionService } from './session';
import type { RecordCache } from './store/recordCache';
import type { SyncService } from './sync';
import { keptReads } from './sync/keptReads';

/**
 * Messages for the account (certificate expiry reminders), kept on this computer by the sync pull;
 * marking one read is a `notification.markRead` in the outbox, so every desk of the account sees it.
 */
export interface NotificationService {
  list(): Promise<NotificationsResult>;
  markRead(ids: readonly string[]): Promise<{ ok: true }>;
}

/** Release 0000 kept which ones were read on this computer only, in the record cache. */
const LEGACY_READ = 'notificationsRead';
const readIdsSchema = z.array(z.string());

export function createNotificationService(deps: {
  session: SessionService;
  cache: RecordCache;
  sync: SyncService;
}): NotificationService {
  const { session, cache, sync } = deps;
  const reads = keptReads(sync, 'notification', notificationSchema, '消息不存在');

  /** Once per account: the ids read under release 0000 are marked read through the outbox. */
  function carryLegacyRead(userId: string) {
    const record = cache.get(LEGACY_READ, userId);
    if (record === null) return;
    const parsed = readIdsSchema.safeParse(record.json);
    for (const id of parsed.success ? parsed.data : []) {
      const kept = sync.kept('notification', id);
      if (kept?.json.readAt == null) sync.enqueue('notification.markRead', { id });
    }
    cache.remove(LEGACY_READ, userId);
  }

  return {
    async list() {
      const user = session.requireUser();
      carryLegacyRead(user.id);
      const { items, ...from } = await reads.list();
      const withRead = items.map((item) => ({ ...item, read: item.readAt !== null }));
      return { items: withRead, unread: withRead.filter((item) => !item.read).length, ...from };
    },
    async markRead(ids) {
      const user = session.requireUser();
      carryLegacyRead(user.id);
      for (const id of new Set(ids)) {
        const kept = sync.kept('notification', id);
        if (kept && kept.json.readAt == null) sync.enqueue('notification.markRead', { id });
      }
      return { ok: true };
    },
  };
}
