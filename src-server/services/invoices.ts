import { eq } from 'drizzle-orm';
import { feeOf, serviceCatalogue } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import { bumped } from '../db/records';
import { applications, orders, type AccountRow, type OrderRow } from '../db/schema';
import { MISSING_CJK_FONT } from '../invoice/cjkFont';
import { renderInvoicePdf } from '../invoice/invoicePdf';
import type { ServiceContext } from './context';
import { findOrder, visibleOrder } from './orderRecords';
import { readBlob, storeBlob } from './uploads';

/** E-invoices: made once an order is paid, stored by content hash, downloaded by the order's owner. */

export const SELLER = 'certdesk 证书服务中心';

/** 20250310-1A2B3C4D: the Beijing date and the order id's first characters. */
export function invoiceNumber(order: OrderRow): string {
  const day = new Date(order.paidAt!.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}-${order.id.slice(0, 8).toUpperCase()}`;
}

/** Makes and stores the order's invoice unless it has one; returns the order as saved. */
export async function ensureInvoice(ctx: ServiceContext, orderId: string): Promise<OrderRow> {
  const order = await findOrder(ctx.db, orderId);
  if (!order) throw new AppError('NOT_FOUND', '订单不存在');
  if (order.invoiceSha256 !== null || order.state !== 'paid') return order;
  if (!ctx.invoiceFont) throw new AppError('SERVICE_UNAVAILABLE', MISSING_CJK_FONT);
  const items = await ctx.db
    .select({ serviceCode: applications.serviceCode })
    .from(applications)
    .where(eq(applications.orderId, order.id))
    .orderBy(applications.createdAt);
  const pdf = await renderInvoicePdf(
    {
      number: invoiceNumber(order),
      issuedAt: order.paidAt!,
      buyer: order.invoice,
      seller: SELLER,
      paymentMethod: order.paymentMethod,
      lines: items.map((item) => ({
        name: serviceCatalogue[item.serviceCode].name,
        fen: feeOf(item.serviceCode).fen,
      })),
    },
    ctx.invoiceFont,
  );
  const now = ctx.clock.now();
  // Requests that race here (a payment callback, finance's confirmation, the owner's download) each
  // drew a PDF; the order's row lock lets the first one in keep its invoice and the others return it.
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(orders).where(eq(orders.id, order.id)).for('update');
    if (current!.invoiceSha256 !== null) return current!;
    const sha256 = await storeBlob(tx, pdf, now);
    const [saved] = await tx
      .update(orders)
      .set({ invoiceSha256: sha256, ...bumped(orders, now) })
      .where(eq(orders.id, order.id))
      .returning();
    return saved!;
  });
}

/**
 * Right after a payment: the payment stands even if the invoice cannot be made now (no font); the
 * download makes it later and says why it cannot.
 */
export async function ensureInvoiceLogged(ctx: ServiceContext, orderId: string): Promise<OrderRow | null> {
  try {
    return await ensureInvoice(ctx, orderId);
  } catch (error) {
    ctx.log.error({ err: error, orderId }, 'e-invoice could not be made');
    return null;
  }
}

export async function invoiceFile(
  ctx: ServiceContext,
  account: AccountRow,
  orderId: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await visibleOrder(ctx.db, account, orderId);
  if (row.state !== 'paid') {
    throw new AppError('PRECONDITION_FAILED', '订单尚未完成缴费，电子发票在财务确认到账或在线支付完成后开具');
  }
  const order = await ensureInvoice(ctx, row.id);
  const bytes = await readBlob(ctx.db, order.invoiceSha256!);
  if (!bytes) throw new AppError('SERVER_ERROR', '电子发票文件丢失，请联系客服');
  return { bytes, fileName: `电子发票-${invoiceNumber(order)}.pdf` };
}
