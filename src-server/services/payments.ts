import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type {
  PaymentCallbackInput,
  PaymentNotification,
  PaymentStarted,
} from '../../src-shared/schemas/order';
import { payments, paymentNotifications, type PaymentRow } from '../db/schema';
import { violatedUniqueIndex } from './accountErrors';
import { notFound } from './access';
import type { ServiceContext } from './context';
import { ensureInvoiceLogged } from './invoices';
import { findOrder } from './orderRecords';
import { markPaid } from './orders';
import type { Authenticated } from './sessions';

/** Online payment of an order through the configured provider, and the provider's signed callback. */

export async function startPayment(
  ctx: ServiceContext,
  auth: Authenticated,
  orderId: string,
): Promise<PaymentStarted> {
  const order = await findOrder(ctx.db, orderId);
  if (!order || order.ownerId !== auth.account.id) throw notFound('订单');
  if (order.paymentMethod !== 'online') {
    throw new AppError('TRANSITION_NOT_ALLOWED', '该订单选择的是对公转账，请上传汇款底单');
  }
  if (order.state !== 'unpaid')
    throw new AppError('TRANSITION_NOT_ALLOWED', '该订单已完成缴费，无需再次支付');
  if (!ctx.payments) throw new AppError('SERVICE_UNAVAILABLE', '在线支付暂未开通，请选择对公转账');
  const payment = await pendingPayment(ctx, order.id, order.amountFen, ctx.payments.name);
  return { paymentId: payment.id, payUrl: ctx.payments.payUrl(payment.id), amountFen: payment.amountFen };
}

/**
 * The order's one pending payment (a partial unique index): a second 在线支付, or two at once, get the
 * payment already started, so the payer cannot pay one order twice through two pay pages.
 */
async function pendingPayment(
  ctx: ServiceContext,
  orderId: string,
  amountFen: number,
  provider: string,
): Promise<PaymentRow> {
  const [started] = await ctx.db
    .insert(payments)
    .values({ orderId, provider, amountFen, status: 'pending', createdAt: ctx.clock.now() })
    .onConflictDoNothing({
      target: payments.orderId,
      where: sql`${payments.status} = 'pending'`,
    })
    .returning();
  if (started) return started;
  const [existing] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')))
    .limit(1);
  // Paid by its callback between the insert and this read: the order is paid now.
  if (!existing) throw new AppError('TRANSITION_NOT_ALLOWED', '该订单已完成缴费，无需再次支付');
  return existing;
}

async function findPayment(ctx: ServiceContext, id: string): Promise<PaymentRow | undefined> {
  const [row] = await ctx.db.select().from(payments).where(eq(payments.id, id)).limit(1);
  return row;
}

/**
 * The provider's notification: genuine (signature, compared in constant time), for a payment we
 * started, of exactly its amount, and never seen before. Then the payment and its order are paid.
 */
export async function handlePaymentCallback(
  ctx: ServiceContext,
  input: PaymentCallbackInput,
): Promise<{ ok: true }> {
  const { notification, signature } = input;
  if (!ctx.payments || !ctx.payments.verify(notification, signature)) {
    throw new AppError('SIGNATURE_INVALID', '支付通知的签名无效，已拒绝');
  }
  const payment = await findPayment(ctx, notification.paymentId);
  if (!payment) throw notFound('支付记录');
  if (notification.amountFen !== payment.amountFen) {
    throw new AppError('PAYMENT_MISMATCH', '支付金额与订单金额不符，已拒绝，请联系客服核对');
  }
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .insert(paymentNotifications)
        .values({ notificationId: notification.notificationId, paymentId: payment.id, receivedAt: now });
      await tx
        .update(payments)
        .set({ status: 'paid', paidAt: new Date(notification.paidAt) })
        .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending')));
      await markPaid(tx, payment.orderId, now);
    });
  } catch (error) {
    if (violatedUniqueIndex(error) === 'payment_notifications_pkey') {
      throw new AppError('PAYMENT_REPLAYED', '该支付通知已处理过（重复通知），已拒绝');
    }
    throw error;
  }
  await ensureInvoiceLogged(ctx, payment.orderId);
  return { ok: true };
}

/** What the sandbox's pay page shows about a payment. */
export async function sandboxPayment(
  ctx: ServiceContext,
  paymentId: string,
): Promise<{ orderNumber: string; amountFen: number; paid: boolean }> {
  if (!ctx.sandboxPayments) throw new AppError('NOT_FOUND', '沙箱支付未启用');
  const payment = await findPayment(ctx, paymentId);
  if (!payment) throw notFound('支付记录');
  const order = await findOrder(ctx.db, payment.orderId);
  return {
    orderNumber: order!.number,
    amountFen: payment.amountFen,
    paid: payment.status === 'paid',
  };
}

/**
 * The sandbox's pay page: the payer "pays", the sandbox signs a notification as a gateway would and,
 * unless told to hold it back (tests of late or forged delivery), delivers it to the callback.
 */
export async function sandboxPay(
  ctx: ServiceContext,
  paymentId: string,
  deliver: boolean,
): Promise<{ notification: PaymentNotification; signature: string; delivered: boolean }> {
  const sandbox = ctx.sandboxPayments;
  if (!sandbox) throw new AppError('NOT_FOUND', '沙箱支付未启用');
  const payment = await findPayment(ctx, paymentId);
  if (!payment) throw notFound('支付记录');
  const notification: PaymentNotification = {
    notificationId: randomUUID(),
    paymentId: payment.id,
    amountFen: payment.amountFen,
    status: 'paid',
    paidAt: ctx.clock.now().toISOString(),
  };
  const signature = sandbox.sign(notification);
  if (deliver) await handlePaymentCallback(ctx, { notification, signature });
  return { notification, signature, delivered: deliver };
}
