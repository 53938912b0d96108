import { createHmac } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, ORDER_INVOICE_PATH, routePath } from '../../../src-shared/api/routes';
import { MIXED_ENTERPRISES_REASON, type PaymentNotification } from '../../../src-shared/schemas/order';
import { applications, orders, paymentNotifications, payments } from '../../../src-server/db/schema';
import { SandboxPaymentProvider } from '../../../src-server/payments/sandboxProvider';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { pdfText } from '../../helpers/pdfText';
import { call, login, ok, RELAXED_LIMITS, type Reply } from './api';
import { freshCreditCode, ORDER_DETAILS, pngBytes, uploadOk } from './fixtures';
import { submitNewEnterprise, submitRenewal } from './flows';
import { softKey, type SoftKey } from './keys';

const SECRET = 'orders-test-secret';
/** The sandbox's signing key, as the server derives it from its secret: lets the test forge on purpose. */
const sandbox = new SandboxPaymentProvider(
  createHmac('sha256', Buffer.from(SECRET)).update('sandbox-payments').digest(),
);

describe.each(backends())('orders, payment and e-invoice (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;
  let person: string;
  let staff: string;
  let key: SoftKey;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS, secret: SECRET });
    const tokenOf = async (who: 'operator' | 'person' | 'staff') =>
      (await login(server, DEMO_ACCOUNTS[who].phone, DEMO_ACCOUNTS[who].password)).token;
    operator = await tokenOf('operator');
    person = await tokenOf('person');
    staff = await tokenOf('staff');
    key = await softKey('EC');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function snapshot() {
    const [o] = await server.db.select({ n: count() }).from(orders);
    const [p] = await server.db.select({ n: count() }).from(payments);
    const [n] = await server.db.select({ n: count() }).from(paymentNotifications);
    const apps = await server.db
      .select({ id: applications.id, version: applications.version, orderId: applications.orderId })
      .from(applications)
      .orderBy(applications.id);
    const orderRows = await server.db
      .select({ id: orders.id, version: orders.version, state: orders.state })
      .from(orders)
      .orderBy(orders.id);
    return { orders: o?.n, payments: p?.n, notifications: n?.n, apps, orderRows };
  }

  async function expectRefused(
    request: () => Promise<Reply<{ code: string; message: string }>>,
    status: number,
    code: string,
    message: RegExp | string,
  ) {
    const before = await snapshot();
    const reply = await request();
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
    expect(reply.body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  const order = (
    applicationIds: string[],
    paymentMethod: 'transfer' | 'online',
    extra: Record<string, unknown> = {},
  ) => call(server, 'orders.create', { applicationIds, paymentMethod, ...ORDER_DETAILS, ...extra }, operator);

  async function invoice(orderId: string, token: string) {
    return fetch(`${server.url}${routePath(ORDER_INVOICE_PATH, { id: orderId })}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  describe('placing orders', () => {
    it('refuses applications of two enterprises, with the reason', async () => {
      const ours = await submitNewEnterprise(server, operator, key);
      const theirs = await submitNewEnterprise(server, operator, key, {
        name: '厦门另一家有限公司',
        creditCode: freshCreditCode(),
      });
      await expectRefused(
        () => order([ours.id, theirs.id], 'transfer'),
        400,
        'VALIDATION',
        MIXED_ENTERPRISES_REASON,
      );
    });

    it('refuses online payment when a new certificate is in the order', async () => {
      const fresh = await submitNewEnterprise(server, operator, key);
      await expectRefused(
        () => order([fresh.id], 'online'),
        400,
        'VALIDATION',
        /含有新证申请，只能选择对公转账/,
      );
    });

    it('refuses applications of another account, unsubmitted ones, and a bad taxpayer number', async () => {
      const fresh = await submitNewEnterprise(server, operator, key);
      await expectRefused(
        () =>
          call(
            server,
            'orders.create',
            { applicationIds: [fresh.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
            person,
          ),
        404,
        'NOT_FOUND',
        /申请单不存在/,
      );
      const withdrawn = await submitNewEnterprise(server, operator, key);
      await ok(
        server,
        'applications.transition',
        { id: withdrawn.id, name: 'withdraw', version: withdrawn.version },
        operator,
      );
      await expectRefused(
        () => order([withdrawn.id], 'transfer'),
        400,
        'VALIDATION',
        /当前为「已撤回」，不能下单缴费/,
      );
      await expectRefused(
        () =>
          order([fresh.id], 'transfer', {
            invoice: { ...ORDER_DETAILS.invoice, taxpayerNumber: '91350100MA2Y0C3K1X' },
          }),
        400,
        'VALIDATION',
        /纳税人识别号/,
      );
    });
  });

  describe('bank transfer', () => {
    let orderId: string;
    let version: number;

    it('orders several applications of one enterprise; the fee is the catalogue’s; a repeat creates nothing', async () => {
      const first = await submitNewEnterprise(server, operator, key);
      const second = await submitNewEnterprise(server, operator, key);
      const headers = { 'idempotency-key': 'order-0001-abcdef' };
      const input = { applicationIds: [first.id, second.id], paymentMethod: 'transfer', ...ORDER_DETAILS };
      const placed = await call(server, 'orders.create', input, operator, headers);
      expect(placed.status).toBe(200);
      expect(placed.body).toMatchObject({
        state: 'unpaid',
        stateLabel: '待缴费',
        amountFen: 800_00,
        paymentMethod: 'transfer',
        enterpriseCreditCode: DEMO_ENTERPRISE.creditCode,
        invoiceReady: false,
      });
      expect([...placed.body.applicationIds].sort()).toEqual([first.id, second.id].sort());
      const before = await snapshot();
      const again = await call(server, 'orders.create', input, operator, headers);
      expect(again.body.id).toBe(placed.body.id);
      expect(await snapshot()).toEqual(before);
      // An application is in one order only.
      await expectRefused(() => order([first.id], 'transfer'), 400, 'VALIDATION', /已在其他订单中/);
      expect((await ok(server, 'applications.get', { id: first.id }, operator)).orderId).toBe(placed.body.id);
      orderId = placed.body.id;
      version = placed.body.version;
    });

    it('the slip is uploaded later; finance returns it with the reason, then confirms the next one', async () => {
      const slip = await uploadOk(
        server,
        operator,
        { attachment: 'remittanceSlip', fileName: '底单.png' },
        pngBytes(),
      );
      await expectRefused(
        () => call(server, 'orders.attachSlip', { id: orderId, version, uploadId: slip.id }, person),
        404,
        'NOT_FOUND',
        /订单不存在/,
      );
      const scan = await uploadOk(server, operator, {
        service: 'cert.new.enterprise',
        attachment: 'idCardFront',
      });
      await expectRefused(
        () => call(server, 'orders.attachSlip', { id: orderId, version, uploadId: scan.id }, operator),
        400,
        'VALIDATION',
        /汇款底单未找到/,
      );
      await expectRefused(
        () => call(server, 'orders.confirmTransfer', { id: orderId, version }, staff),
        409,
        'TRANSITION_NOT_ALLOWED',
        /需先有汇款底单/,
      );
      const submitted = await ok(
        server,
        'orders.attachSlip',
        { id: orderId, version, uploadId: slip.id },
        operator,
      );
      expect(submitted).toMatchObject({ state: 'slip_submitted', slipUploadId: slip.id });
      await expectRefused(
        () => call(server, 'orders.confirmTransfer', { id: orderId, version: submitted.version }, operator),
        403,
        'FORBIDDEN',
        /只有财务可以确认到账/,
      );
      const queue = await ok(server, 'staff.orders', { state: 'slip_submitted' }, staff);
      expect(queue.items.map((item) => item.id)).toContain(orderId);
      await expectRefused(() => call(server, 'staff.orders', {}, operator), 403, 'FORBIDDEN', /只有财务/);

      const returned = await ok(
        server,
        'orders.returnSlip',
        { id: orderId, version: submitted.version, feedback: '底单金额看不清' },
        staff,
      );
      expect(returned).toMatchObject({ state: 'slip_returned', financeFeedback: '底单金额看不清' });
      const again = await ok(
        server,
        'orders.attachSlip',
        { id: orderId, version: returned.version, uploadId: slip.id },
        operator,
      );
      version = again.version;
      const early = await invoice(orderId, operator);
      expect(early.status).toBe(409);
      expect(((await early.json()) as { message: string }).message).toMatch(/尚未完成缴费/);
    });

    it('finance confirms the transfer; the e-invoice in Chinese downloads for the owner only', async () => {
      const paid = await ok(server, 'orders.confirmTransfer', { id: orderId, version }, staff);
      expect(paid).toMatchObject({
        state: 'paid',
        stateLabel: '已缴费',
        paidAt: clock.now().toISOString(),
        invoiceReady: true,
      });
      await expectRefused(
        () => call(server, 'orders.confirmTransfer', { id: orderId, version: paid.version }, staff),
        409,
        'TRANSITION_NOT_ALLOWED',
        /已缴费/,
      );

      const download = await invoice(orderId, operator);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(Buffer.from(await download.arrayBuffer()));
      expect(text).toContain('电子发票（普通发票）');
      expect(text).toContain(DEMO_ENTERPRISE.name);
      expect(text).toContain('企业证书新办');
      expect(text).toContain('¥800.00');
      expect((await invoice(orderId, person)).status).toBe(404);
    });
  });

  describe('online payment (sandbox)', () => {
    let orderId: string;
    let paymentId: string;

    const pay = async (deliver: boolean) => {
      const response = await fetch(`${server.url}${API_PREFIX}/payments/sandbox/${paymentId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deliver }),
      });
      return (await response.json()) as {
        notification: PaymentNotification;
        signature: string;
        delivered: boolean;
      };
    };
    const callback = (notification: PaymentNotification, signature: string) =>
      call(server, 'payments.callback', { notification, signature });

    beforeAll(async () => {
      const renewal = await submitRenewal(server, operator, await softKey('EC'), await softKey('EC'));
      const placed = await ok(
        server,
        'orders.create',
        { applicationIds: [renewal.id], paymentMethod: 'online', ...ORDER_DETAILS },
        operator,
      );
      expect(placed.amountFen).toBe(300_00);
      orderId = placed.id;
      const started = await ok(server, 'orders.startPayment', { id: orderId }, operator);
      expect(started.payUrl).toBe(`${API_PREFIX}/payments/sandbox/${started.paymentId}/pay`);
      paymentId = started.paymentId;
    });

    it('refuses a tampered callback: changed amount, forged signature, wrong amount signed', async () => {
      const { notification, signature } = await pay(false);
      await expectRefused(
        () => callback({ ...notification, amountFen: 1 }, signature),
        400,
        'SIGNATURE_INVALID',
        /签名无效/,
      );
      await expectRefused(
        () =>
          callback(
            notification,
            signature.replace(/^./, (c) => (c === '0' ? '1' : '0')),
          ),
        400,
        'SIGNATURE_INVALID',
        /签名无效/,
      );
      const cheap = { ...notification, amountFen: 1 };
      await expectRefused(
        () => callback(cheap, sandbox.sign(cheap)),
        400,
        'PAYMENT_MISMATCH',
        /金额与订单金额不符/,
      );
      expect((await ok(server, 'orders.get', { id: orderId }, operator)).state).toBe('unpaid');
    });

    it('a genuine callback pays the order and makes the invoice; a replay is refused', async () => {
      const { notification, signature } = await pay(false);
      expect(await ok(server, 'payments.callback', { notification, signature })).toEqual({ ok: true });
      const paid = await ok(server, 'orders.get', { id: orderId }, operator);
      expect(paid).toMatchObject({ state: 'paid', invoiceReady: true });
      await expectRefused(() => callback(notification, signature), 409, 'PAYMENT_REPLAYED', /已处理过/);
      const text = await pdfText(Buffer.from(await (await invoice(orderId, operator)).arrayBuffer()));
      expect(text).toContain('证书续费');
      expect(text).toContain('在线支付');
      await expectRefused(
        () => call(server, 'orders.startPayment', { id: orderId }, operator),
        409,
        'TRANSITION_NOT_ALLOWED',
        /无需再次支付/,
      );
    });

    it('the sandbox delivers its own callback when asked to', async () => {
      const renewal = await submitRenewal(server, operator, await softKey('EC'), await softKey('EC'));
      const placed = await ok(
        server,
        'orders.create',
        { applicationIds: [renewal.id], paymentMethod: 'online', ...ORDER_DETAILS },
        operator,
      );
      paymentId = (await ok(server, 'orders.startPayment', { id: placed.id }, operator)).paymentId;
      expect((await pay(true)).delivered).toBe(true);
      expect((await ok(server, 'orders.get', { id: placed.id }, operator)).state).toBe('paid');
    });

    it('a transfer order cannot be paid online', async () => {
      const fresh = await submitNewEnterprise(server, operator, key);
      const placed = await ok(
        server,
        'orders.create',
        { applicationIds: [fresh.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
        operator,
      );
      await expectRefused(
        () => call(server, 'orders.startPayment', { id: placed.id }, operator),
        409,
        'TRANSITION_NOT_ALLOWED',
        /对公转账/,
      );
    });
  });
});
