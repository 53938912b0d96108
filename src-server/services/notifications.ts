import { and, desc, eq } from 'drizzle-orm';
import type { Notification } from '../../src-shared/schemas/notification';
import { bumped } from '../db/records';
import { notifications, type NotificationRow } from '../db/schema';
import { notFound } from './access';
import type { ServiceContext } from './context';

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    certificateId: row.certificateId,
    readAt: row.readAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listNotifications(
  ctx: ServiceContext,
  accountId: string,
): Promise<{ items: Notification[] }> {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(eq(notifications.accountId, accountId))
    .orderBy(desc(notifications.createdAt), desc(notifications.changeSeq))
    .limit(200);
  return { items: rows.map(toNotification) };
}

/** Marks one of the account's messages read; marking it again changes nothing. */
export async function markNotificationRead(
  ctx: ServiceContext,
  accountId: string,
  id: string,
): Promise<Notification> {
  const [row] = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)))
    .limit(1);
  if (!row) throw notFound('消息');
  if (row.readAt !== null) return toNotification(row);
  const now = ctx.clock.now();
  const [saved] = await ctx.db
    .update(notifications)
    .set({ readAt: now, ...bumped(notifications, now) })
    .where(eq(notifications.id, row.id))
    .returning();
  return toNotification(saved!);
}
