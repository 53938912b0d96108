import { eq } from 'drizzle-orm';
import type { Database } from '../db/database';
import { orders, type AccountRow, type OrderRow } from '../db/schema';
import { hasRole, notFound } from './access';

/** Finding an order and deciding whether the caller may see it. */

export const ORDER = '订单';

export async function findOrder(db: Database, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  return row;
}

/** The order if the caller may see it: its owner, or finance; else NOT_FOUND. */
export async function visibleOrder(db: Database, account: AccountRow, id: string): Promise<OrderRow> {
  const row = await findOrder(db, id);
  if (!row || (row.ownerId !== account.id && !hasRole(account, 'finance'))) throw notFound(ORDER);
  return row;
}

export async function ownOrder(db: Database, account: AccountRow, id: string): Promise<OrderRow> {
  const row = await findOrder(db, id);
  if (!row || row.ownerId !== account.id) throw notFound(ORDER);
  return row;
}
