import { createHmac, randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_INVOICE_PATH, routePath } from '../../../src-shared/api/routes';
import type { PaymentNotification } from '../../../src-shared/schemas/order';
import { orders, payments } from '../../../src-server/db/schema';
import { SandboxPaymentProvider } from '../../../src-server/payments/sandboxProvider';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, login, ok, RELAXED_LIMITS } from './api';
import { ORDER_DETAILS, pngBytes, uploadOk } from './fixtures';
import { submitNewEnterprise, submitRenewal } from './flows';
import { softKey } from './keys';

/** Concurrent requests about one order: one pending payment, one invoice, the same answer for everyone. */

const SECRET = 'order-races-secret';
const N = 8;
/** The sandbox's signing key, as the server derives it from its secret: signs notifications as the gateway. */
const gateway = new SandboxPaymentProvider(
  createHmac('sha256', Buffer.from(SECRET)).update('sandbox-payments').digest(),
);

describe.each(backends())('orders under concurrent requests (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;
  let staff: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS, secret: SECRET });
    operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
    staff = (await login(server, DEMO_ACCOUNTS.staff.phone, DEMO_ACCOUNTS.staff.password)).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Stored files no upload refers to: the e-invoices. */
  async function invoiceBlobs(): Promise<number> {
    const result = (await server.db.execute(
      sql`select count(*)::int as n from blobs where sha256 not in (select sha256 from uploads)`,
    )) as unknown as { rows: { n: number }[] };
    return result.rows[0]!.n;
  }

  async function orderRow(id: string) {
    const [row] = await server.db.select().from(orders).where(eq(orders.id, id));
    return row!;
  }

  async function onlineOrder(): Promise<string> {
    const renewal = await submitRenewal(server, operator, await softKey('EC'), await softKey('EC'));
    const placed = await ok(
      server,
      'orders.create',
      { applicationIds: [renewal.id], paymentMethod: 'online', ...ORDER_DETAILS },
      operator,
    );
    return placed.id;
  }

  const download = async (orderId: string) => {
    const response = await fetch(`${server.url}${routePath(ORDER_INVOICE_PATH, { id: orderId })}`, {
      headers: { authorization: `Bearer ${operator}` },
    });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it('concurrent 在线支付 clicks start one pending payment, and every click gets it', async () => {
    const orderId = await onlineOrder();
    const replies = await Promise.all(
      Array.from({ length: N }, () => call(server, 'orders.startPayment', { id: orderId }, operator)),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(N).fill(200));
    expect(new Set(replies.map((reply) => reply.body.paymentId)).size).toBe(1);
    const [rows] = await server.db.select({ n: count() }).from(payments).where(eq(payments.orderId, orderId));
    expect(rows!.n).toBe(1);
    // A later click still gets the same payment.
    const again = await ok(server, 'orders.startPayment', { id: orderId }, operator);
    expect(again.paymentId).toBe(replies[0]!.body.paymentId);
  });

  it('concurrent gateway callbacks pay the order once and make one invoice', async () => {
    const orderId = await onlineOrder();
    const { paymentId, amountFen } = await ok(server, 'orders.startPayment', { id: orderId }, operator);
    const before = { blobs: await invoiceBlobs(), version: (await orderRow(orderId)).version };
    // A gateway that notifies several times, each notification with its own id.
    const replies = await Promise.all(
      Array.from({ length: N }, () => {
        const notification: PaymentNotification = {
          notificationId: randomUUID(),
          paymentId,
          amountFen,
          status: 'paid',
          paidAt: clock.now().toISOString(),
        };
        return call(server, 'payments.callback', { notification, signature: gateway.sign(notification) });
      }),
    );
    expect(replies.map((reply) => [reply.status, reply.body])).toEqual(Array(N).fill([200, { ok: true }]));
    const paid = await orderRow(orderId);
    expect(paid).toMatchObject({ state: 'paid', version: before.version + 2 });
    expect(paid.invoiceSha256).not.toBeNull();
    expect(await invoiceBlobs()).toBe(before.blobs + 1);
    const paidPayments = await server.db.select().from(payments).where(eq(payments.orderId, orderId));
    expect(paidPayments.map((payment) => payment.status)).toEqual(['paid']);
  });

  it('concurrent downloads of an invoice not made yet all get the one invoice that is made', async () => {
    const orderId = await onlineOrder();
    const { paymentId, amountFen } = await ok(server, 'orders.startPayment', { id: orderId }, operator);
    const notification: PaymentNotification = {
      notificationId: randomUUID(),
      paymentId,
      amountFen,
      status: 'paid',
      paidAt: clock.now().toISOString(),
    };
    await ok(server, 'payments.callback', { notification, signature: gateway.sign(notification) });
    // As after a payment whose invoice could not be made then (no font): the download makes it.
    await server.db.update(orders).set({ invoiceSha256: null }).where(eq(orders.id, orderId));
    const before = { blobs: await invoiceBlobs(), version: (await orderRow(orderId)).version };
    const downloads = await Promise.all(Array.from({ length: N }, () => download(orderId)));
    expect(downloads.map((reply) => reply.status)).toEqual(Array(N).fill(200));
    expect(new Set(downloads.map((reply) => reply.bytes.toString('base64'))).size).toBe(1);
    expect((await orderRow(orderId)).version).toBe(before.version + 1);
    expect(await invoiceBlobs()).toBe(before.blobs + 1);
  });

  it('concurrent 确认到账 confirm once; the others hear the order is paid; one invoice', async () => {
    const application = await submitNewEnterprise(server, operator, await softKey('EC'));
    const placed = await ok(
      server,
      'orders.create',
      { applicationIds: [application.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      operator,
    );
    const slip = await uploadOk(server, operator, { attachment: 'remittanceSlip' }, pngBytes());
    const submitted = await ok(
      server,
      'orders.attachSlip',
      { id: placed.id, version: placed.version, uploadId: slip.id },
      operator,
    );
    const before = await invoiceBlobs();
    const replies = await Promise.all(
      Array.from({ length: N }, () =>
        call(server, 'orders.confirmTransfer', { id: placed.id, version: submitted.version }, staff),
      ),
    );
    const confirmed = replies.filter((reply) => reply.status === 200);
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!.body).toMatchObject({ state: 'paid', invoiceReady: true });
    for (const reply of replies.filter((r) => r.status !== 200)) {
      expect({ status: reply.status, code: reply.body.code }).toEqual({
        status: 409,
        code: 'TRANSITION_NOT_ALLOWED',
      });
      expect(reply.body.message).toMatch(/订单当前为「已缴费」/);
    }
    expect((await orderRow(placed.id)).version).toBe(submitted.version + 2);
    expect(await invoiceBlobs()).toBe(before + 1);
  });
});
