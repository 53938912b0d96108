import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  DRAFT,
  REJECTED,
  WITHDRAWN,
  feeOf,
  serviceCatalogue,
  stateLabel,
  totalFen,
} from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import {
  MIXED_ENTERPRISES_REASON,
  ORDER_MOVES,
  ORDER_STATES,
  paymentMethodRefusal,
  REMITTANCE_SLIP,
  type CreateOrderInput,
  type Order,
  type OrderState,
} from '../../src-shared/schemas/order';
import { ORDER_NUMBER_KIND } from '../../src-shared/recordNumbers';
import type { Database } from '../db/database';
import { bumped, created } from '../db/records';
import { applications, orders, type AccountRow, type OrderRow } from '../db/schema';
import { notFound, requireRole, versionConflict } from './access';
import { violatedUniqueIndex } from './accountErrors';
import type { ServiceContext } from './context';
import { ensureInvoiceLogged } from './invoices';
import { ORDER, ownOrder, visibleOrder } from './orderRecords';
import { allocateRecordNumber } from './recordNumbers';
import type { Authenticated } from './sessions';
import { ownedUploads } from './uploads';

/** Orders over several of an applicant's applications; transfer slips and finance's confirmation. */

/** States an application cannot be paid for: not yet submitted, or sent back or withdrawn. */
const UNPAYABLE_STATES = [DRAFT, REJECTED, WITHDRAWN];

function refuse(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { fields: [{ field, message }] });
}

async function applicationIdsOf(db: Database, orderIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (orderIds.length === 0) return map;
  const rows = await db
    .select({ id: applications.id, orderId: applications.orderId })
    .from(applications)
    .where(inArray(applications.orderId, [...orderIds]))
    .orderBy(applications.createdAt);
  for (const row of rows) map.set(row.orderId!, [...(map.get(row.orderId!) ?? []), row.id]);
  return map;
}

export function toOrder(row: OrderRow, applicationIds: string[]): Order {
  return {
    id: row.id,
    number: row.number,
    ownerId: row.ownerId,
    state: row.state,
    stateLabel: ORDER_STATES[row.state],
    paymentMethod: row.paymentMethod,
    amountFen: row.amountFen,
    applicationIds,
    enterpriseCreditCode: row.enterpriseCreditCode,
    invoice: row.invoice,
    mailing: row.mailing,
    contactPhone: row.contactPhone,
    slipUploadId: row.slipUploadId,
    financeFeedback: row.financeFeedback,
    paidAt: row.paidAt?.toISOString() ?? null,
    invoiceReady: row.invoiceSha256 !== null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function toOrders(db: Database, rows: readonly OrderRow[]): Promise<Order[]> {
  const ids = await applicationIdsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toOrder(row, ids.get(row.id) ?? []));
}

async function orderView(db: Database, row: OrderRow): Promise<Order> {
  return (await toOrders(db, [row]))[0]!;
}

async function checkSlip(db: Database, account: AccountRow, uploadId: string): Promise<void> {
  const [upload] = await ownedUploads(db, account.id, [uploadId]);
  if (!upload || upload.attachmentKey !== REMITTANCE_SLIP.key || upload.serviceCode !== null) {
    throw refuse('slipUploadId', '汇款底单未找到，请重新上传');
  }
}

async function earlierOrder(
  db: Database,
  account: AccountRow,
  id: string | undefined,
  idempotencyKey: string | null,
): Promise<OrderRow | undefined> {
  const conditions: SQL[] = [];
  if (idempotencyKey !== null) {
    conditions.push(and(eq(orders.ownerId, account.id), eq(orders.idempotencyKey, idempotencyKey))!);
  }
  if (id !== undefined) conditions.push(eq(orders.id, id));
  if (conditions.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(orders)
    .where(or(...conditions))
    .limit(1);
  if (row && row.ownerId !== account.id) throw refuse('id', '订单编号已被使用，请刷新后重新下单');
  return row;
}

/**
 * An order over several of the caller's submitted, unpaid applications of one enterprise. The fee is
 * the catalogue's; online payment only when every application may be paid online.
 */
export async function createOrder(
  ctx: ServiceContext,
  auth: Authenticated,
  input: CreateOrderInput,
  idempotencyKey: string | null,
): Promise<Order> {
  const { account } = auth;
  const earlier = await earlierOrder(ctx.db, account, input.id, idempotencyKey);
  if (earlier) return orderView(ctx.db, earlier);

  const ids = [...new Set(input.applicationIds)];
  const rows = await ctx.db
    .select()
    .from(applications)
    .where(and(inArray(applications.id, ids), isNull(applications.deletedAt)));
  for (const id of ids) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row || row.applicantId !== account.id) throw notFound('申请单');
    const service = serviceCatalogue[row.serviceCode];
    if (UNPAYABLE_STATES.includes(row.state)) {
      throw refuse(
        'applicationIds',
        `「${service.name}」申请单当前为「${stateLabel(service, row.state)}」，不能下单缴费`,
      );
    }
    if (row.orderId) throw refuse('applicationIds', `「${service.name}」申请单已在其他订单中，请勿重复下单`);
    if (feeOf(row.serviceCode).fen === 0)
      throw refuse('applicationIds', `「${service.name}」无需缴费，请勿加入订单`);
  }
  const enterprises = new Set(rows.map((row) => row.enterpriseCreditCode));
  if (enterprises.size > 1) throw refuse('applicationIds', MIXED_ENTERPRISES_REASON);
  const codes = rows.map((row) => row.serviceCode);
  const methodRefusal = paymentMethodRefusal(input.paymentMethod, codes);
  if (methodRefusal) throw refuse('paymentMethod', methodRefusal);
  if (input.slipUploadId !== undefined) {
    if (input.paymentMethod !== 'transfer') throw refuse('slipUploadId', '只有对公转账需要上传汇款底单');
    await checkSlip(ctx.db, account, input.slipUploadId);
  }

  const now = ctx.clock.now();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const number = await allocateRecordNumber(tx, ORDER_NUMBER_KIND, now);
      const [order] = await tx
        .insert(orders)
        .values({
          ...(input.id ? { id: input.id } : {}),
          number,
          ownerId: account.id,
          enterpriseCreditCode: rows[0]?.enterpriseCreditCode ?? null,
          paymentMethod: input.paymentMethod,
          amountFen: totalFen(codes),
          state: input.slipUploadId ? ORDER_MOVES.attachSlip.to : 'unpaid',
          invoice: input.invoice,
          mailing: input.mailing,
          contactPhone: input.contactPhone,
          slipUploadId: input.slipUploadId ?? null,
          idempotencyKey,
          ...created(now),
        })
        .returning();
      const taken = await tx
        .update(applications)
        .set({ orderId: order!.id, ...bumped(applications, now) })
        .where(and(inArray(applications.id, ids), isNull(applications.orderId)))
        .returning({ id: applications.id });
      // Another order took one of them meanwhile.
      if (taken.length !== ids.length)
        throw refuse('applicationIds', '所选申请单已在其他订单中，请刷新后重试');
      return order!;
    });
    return await orderView(ctx.db, row);
  } catch (error) {
    const index = violatedUniqueIndex(error);
    if (index !== 'orders_idempotency_key' && index !== 'orders_pkey') throw error;
    const winner = await earlierOrder(ctx.db, account, input.id, idempotencyKey);
    if (!winner) throw error;
    return orderView(ctx.db, winner);
  }
}

export async function listMyOrders(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { state?: OrderState },
): Promise<{ items: Order[] }> {
  const conditions = [eq(orders.ownerId, account.id)];
  if (filter.state) conditions.push(eq(orders.state, filter.state));
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.createdAt), desc(orders.changeSeq))
    .limit(500);
  return { items: await toOrders(ctx.db, rows) };
}

/** The finance queue: every order, by state. */
export async function financeOrders(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { state?: OrderState },
): Promise<{ items: Order[] }> {
  requireRole(account, ['finance'], '查看缴费订单');
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(filter.state ? eq(orders.state, filter.state) : undefined)
    .orderBy(desc(orders.updatedAt), desc(orders.changeSeq))
    .limit(500);
  return { items: await toOrders(ctx.db, rows) };
}

export async function getOrder(ctx: ServiceContext, account: AccountRow, id: string): Promise<Order> {
  return orderView(ctx.db, await visibleOrder(ctx.db, account, id));
}

/** Moves an order from one of `from` with the given changes, at the version the caller saw. */
async function updateOrder(
  ctx: ServiceContext,
  row: OrderRow,
  version: number,
  from: readonly OrderState[],
  changes: Partial<OrderRow>,
  refusal: string,
): Promise<OrderRow> {
  const wrongState = (state: OrderState) =>
    new AppError('TRANSITION_NOT_ALLOWED', `订单当前为「${ORDER_STATES[state]}」，${refusal}`);
  // The state first: a request that lost a race to the same move hears where the order is now.
  if (!from.includes(row.state)) throw wrongState(row.state);
  if (version !== row.version) throw versionConflict(ORDER);
  const saved = await ctx.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(orders)
      .set({ ...changes, ...bumped(orders, ctx.clock.now()) })
      .where(and(eq(orders.id, row.id), eq(orders.version, version)))
      .returning();
    if (moved) await touchOrderApplications(tx, moved.id);
    return moved;
  });
  if (saved) return saved;
  // Lost a race (two 确认到账 at once): answer as the later request would have been answered.
  const [now] = await ctx.db.select().from(orders).where(eq(orders.id, row.id)).limit(1);
  if (now && !from.includes(now.state)) throw wrongState(now.state);
  throw versionConflict(ORDER);
}

/** The owner uploads the remittance slip, at order time or later (also after finance returned one). */
export async function attachSlip(
  ctx: ServiceContext,
  auth: Authenticated,
  input: { id: string; version: number; uploadId: string },
): Promise<Order> {
  const row = await ownOrder(ctx.db, auth.account, input.id);
  if (row.paymentMethod !== 'transfer') throw refuse('uploadId', '在线支付的订单无需上传汇款底单');
  await checkSlip(ctx.db, auth.account, input.uploadId);
  const saved = await updateOrder(
    ctx,
    row,
    input.version,
    ORDER_MOVES.attachSlip.from,
    { state: ORDER_MOVES.attachSlip.to, slipUploadId: input.uploadId, financeFeedback: null },
    '不能再上传汇款底单',
  );
  return orderView(ctx.db, saved);
}

/** Finance confirms the transfer arrived: the order is paid and its e-invoice is made. */
export async function confirmTransfer(
  ctx: ServiceContext,
  auth: Authenticated,
  input: { id: string; version: number },
): Promise<Order> {
  requireRole(auth.account, ['finance'], '确认到账');
  const row = await visibleOrder(ctx.db, auth.account, input.id);
  const saved = await updateOrder(
    ctx,
    row,
    input.version,
    ORDER_MOVES.confirmTransfer.from,
    { state: ORDER_MOVES.confirmTransfer.to, paidAt: ctx.clock.now(), financeFeedback: null },
    '不能确认到账（需先有汇款底单）',
  );
  return orderView(ctx.db, (await ensureInvoiceLogged(ctx, saved.id)) ?? saved);
}

/** Finance returns the slip with the reason; the owner uploads another. */
export async function returnSlip(
  ctx: ServiceContext,
  auth: Authenticated,
  input: { id: string; version: number; feedback: string },
): Promise<Order> {
  requireRole(auth.account, ['finance'], '退回汇款底单');
  const row = await visibleOrder(ctx.db, auth.account, input.id);
  const saved = await updateOrder(
    ctx,
    row,
    input.version,
    ORDER_MOVES.returnSlip.from,
    { state: ORDER_MOVES.returnSlip.to, financeFeedback: input.feedback },
    '不能退回汇款底单',
  );
  return orderView(ctx.db, saved);
}

/** Marks an order paid (online payment), if it is not already; inside the caller's transaction. */
export async function markPaid(db: Database, orderId: string, now: Date): Promise<void> {
  const paid = await db
    .update(orders)
    .set({ state: 'paid', paidAt: now, ...bumped(orders, now) })
    .where(and(eq(orders.id, orderId), eq(orders.state, 'unpaid')))
    .returning({ id: orders.id });
  if (paid.length > 0) await touchOrderApplications(db, orderId);
}

/**
 * An application shows its order's state (the issuer waits for 已缴费), so a move of the order gives
 * its applications a new change sequence number: a sync pull brings them again. Their version stays,
 * since nobody edited them.
 */
async function touchOrderApplications(db: Database, orderId: string): Promise<void> {
  await db
    .update(applications)
    .set({ changeSeq: sql<number>`nextval('change_seq')` })
    .where(eq(applications.orderId, orderId));
}
