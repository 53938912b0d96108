import { desc, eq } from 'drizzle-orm';
import type { Notification } from '../../src-shared/schemas/notification';
import { notifications } from '../db/schema';
import type { ServiceContext } from './context';

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
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      certificateId: row.certificateId,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}
