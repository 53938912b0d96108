import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIXED_ENTERPRISES_REASON, type Order } from '../../../src-shared/schemas/order';
import type { ApplicationDetail, UploadedFile } from '../../../src-shared/schemas/application';
import type { OrderResult, OrdersResult, PaymentOpened, PdfFile } from '../../../src-shared/ipc/contract';
import { CENTRE_DETAILS } from '../../../src-shared/print/centre';
import { MISSING_PRINT_FONT } from '../../../src-main/core/print/cjkFont';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { pdfText } from '../../helpers/pdfText';
import { base64, submitEnterprise, type Desk, useDeskServer } from '../core/desk';
import { login, ok as apiOk, RELAXED_LIMITS } from '../server/api';
import { ORDER_DETAILS, pngBytes } from '../server/fixtures';
import { submitRenewal } from '../server/flows';
import { softKey } from '../server/keys';

const { operator, staff } = DEMO_ACCOUNTS;

const centre = useDeskServer({ limits: RELAXED_LIMITS });

async function newEnterpriseApplication(desk: Desk): Promise<ApplicationDetail> {
  const submitted = await submitEnterprise(desk);
  if (!submitted.ok) throw new Error(submitted.error.message);
  return submitted.data as ApplicationDetail;
}

const pdfOf = async (file: PdfFile) => pdfText(Buffer.from(file.pdfBase64, 'base64'));

function orderInput(applicationIds: string[], extra: Record<string, unknown> = {}) {
  return { id: randomUUID(), applicationIds, paymentMethod: 'transfer', ...ORDER_DETAILS, ...extra };
}

describe('orders and printing through the IPC handler table', () => {
  it('prints the 申请表 with the applicant and every field; orders once by its id; prints the 回执; attaches the slip', async () => {
    const { server, cable } = centre;
    const desk = await centre.open(operator);
    const first = await newEnterpriseApplication(desk);
    const second = await newEnterpriseApplication(desk);

    const form = await desk.ok<PdfFile>('print.applicationForm', { id: first.id });
    expect(form.fileName).toBe(`申请表-企业证书新办-${first.number}.pdf`);
    const formText = await pdfOf(form);
    expect(first.number).toMatch(/^SQ\d{8}-\d{4}$/);
    expect(formText).not.toContain(first.id);
    for (const text of [
      '企业证书新办申请表',
      first.number,
      operator.name,
      DEMO_ENTERPRISE.name,
      DEMO_ENTERPRISE.creditCode,
      '统一社会信用代码',
      '经办人身份证号',
      operator.idNumber,
      '经办人签字',
      '单位公章',
    ]) {
      expect(formText).toContain(text);
    }

    // One order, however often the same form is sent.
    const input = orderInput([first.id, second.id]);
    const [a, b] = await Promise.all([
      desk.ok<Order>('orders.create', input),
      desk.ok<Order>('orders.create', input),
    ]);
    expect(a.id).toBe(input.id);
    expect(b.id).toBe(input.id);
    expect(a).toMatchObject({ state: 'unpaid', amountFen: 800_00, paymentMethod: 'transfer' });
    const listed = await desk.ok<OrdersResult>('orders.list');
    expect(listed.items.filter((item) => item.id === input.id)).toHaveLength(1);

    const receipt = await desk.ok<PdfFile>('print.orderReceipt', { id: input.id });
    expect(a.number).toMatch(/^DD\d{8}-\d{4}$/);
    expect(receipt.fileName).toBe(`回执-${a.number}.pdf`);
    const receiptText = await pdfOf(receipt);
    expect(receiptText).not.toContain(input.id);
    for (const text of [
      '申请回执',
      a.number,
      first.number,
      second.number,
      operator.name,
      '对公转账',
      '¥800.00',
      CENTRE_DETAILS.payee.bank,
      // The remark is the short 订单号, not the order's id.
      `请在汇款备注中填写订单号：${a.number}`,
      '营业执照扫描件的复印件（加盖公章）',
      '打印的申请表（签字并加盖公章）',
      ORDER_DETAILS.mailing.address,
    ]) {
      expect(receiptText.replace(/\s+/g, '')).toContain(String(text).replace(/\s+/g, ''));
    }

    // 汇款底单 later: uploaded with no service, then attached.
    const slip = await desk.ok<UploadedFile>('uploads.put', {
      attachment: 'remittanceSlip',
      fileName: '汇款底单.png',
      contentBase64: base64(pngBytes()),
    });
    const withSlip = await desk.ok<Order>('orders.attachSlip', {
      id: a.id,
      version: a.version,
      uploadId: slip.id,
    });
    expect(withSlip).toMatchObject({ state: 'slip_submitted', slipUploadId: slip.id });

    // No e-invoice before finance confirms.
    const early = await desk.call('orders.invoice', { id: a.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });

    // Offline: the list, the order and its 回执 come from this computer.
    await cable.unplug();
    const offline = await desk.ok<OrdersResult>('orders.list');
    expect(offline.fromCache).toBe(true);
    expect(offline.items.find((item) => item.id === a.id)?.state).toBe('slip_submitted');
    expect(await desk.ok<OrderResult>('orders.get', { id: a.id })).toMatchObject({
      fromCache: true,
      order: { id: a.id },
    });
    expect(await pdfOf(await desk.ok<PdfFile>('print.orderReceipt', { id: a.id }))).toContain(a.number);
    await cable.plugIn();

    // Finance confirms (staff desk, over the API): the e-invoice downloads through the desk.
    const finance = (await login(server, staff.phone, staff.password)).token;
    await apiOk(server, 'orders.confirmTransfer', { id: a.id, version: withSlip.version }, finance);
    const paid = await desk.ok<OrderResult>('orders.get', { id: a.id });
    expect(paid.order).toMatchObject({ state: 'paid', invoiceReady: true });
    const invoice = await desk.ok<PdfFile>('orders.invoice', { id: a.id });
    expect(invoice.fileName).toMatch(/^电子发票-.+\.pdf$/);
    const invoiceText = await pdfOf(invoice);
    expect(invoiceText).toContain(DEMO_ENTERPRISE.name);
    expect(invoiceText).toContain('¥800.00');

    // Logging out forgets the kept orders.
    await desk.ok('auth.logout');
    await cable.unplug();
    expect(await desk.call('orders.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses applications of two enterprises with the reason, and changes nothing', async () => {
    const desk = await centre.open(operator);
    const enterprise = await newEnterpriseApplication(desk);
    const person = await desk.ok<ApplicationDetail>('applications.submit', {
      idempotencyKey: randomUUID(),
      service: 'cert.new.person',
      values: {
        holderName: operator.name,
        holderIdNumber: operator.idNumber,
        holderPhone: operator.phone,
        agreement: true,
      },
      blankKey: true,
      attachments: Object.fromEntries(
        await Promise.all(
          ['idCardFront', 'idCardBack'].map(async (attachment) => [
            attachment,
            (
              await desk.ok<UploadedFile>('uploads.put', {
                service: 'cert.new.person',
                attachment,
                contentBase64: base64(pngBytes()),
              })
            ).id,
          ]),
        ),
      ),
    });
    const mixed = await desk.call('orders.create', orderInput([enterprise.id, person.id]));
    expect(mixed).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: MIXED_ENTERPRISES_REASON },
    });
    const online = await desk.call('orders.create', orderInput([enterprise.id], { paymentMethod: 'online' }));
    expect(online).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!online.ok && online.error.message).toContain('只能选择对公转账');
    for (const id of [enterprise.id, person.id]) {
      const { application } = await desk.ok<{ application: ApplicationDetail }>('applications.get', { id });
      expect(application.orderId).toBeNull();
    }
  });

  it('refuses the 申请表 where the catalogue does not allow it, and says which font is missing', async () => {
    const desk = await centre.open(operator);
    const application = await newEnterpriseApplication(desk);
    const withdrawn = await desk.ok<ApplicationDetail>('applications.transition', {
      id: application.id,
      name: 'withdraw',
      version: application.version,
    });
    const refused = await desk.call('print.applicationForm', { id: withdrawn.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PRECONDITION_FAILED' } });
    expect(!refused.ok && refused.error.message).toContain('不能打印申请表');

    const fontless = await centre.open(operator, {
      core: { printFont: { path: '/nonexistent/simsun.ttc' } },
    });
    const other = await newEnterpriseApplication(fontless);
    expect(await fontless.call('print.applicationForm', { id: other.id })).toEqual({
      ok: false,
      error: { code: 'PRECONDITION_FAILED', message: MISSING_PRINT_FONT },
    });
  });

  it('pays a renewal online: the host opens the pay page; 确认支付 there pays the order', async () => {
    const { server, cable } = centre;
    const opened: string[] = [];
    const desk = await centre.open(operator, {
      host: { host: 'electron', openExternal: async (url) => void opened.push(url) },
    });
    const token = (await login(server, operator.phone, operator.password)).token;
    const renewal = await submitRenewal(server, token, await softKey('EC'), await softKey('EC'));

    const order = await desk.ok<Order>(
      'orders.create',
      orderInput([renewal.id], { paymentMethod: 'online' }),
    );
    const payment = await desk.ok<PaymentOpened>('orders.startPayment', { id: order.id });
    expect(payment.opened).toBe(true);
    expect(opened).toEqual([payment.payUrl]);
    expect(payment.payUrl.startsWith(`${cable.url}/api/v1/payments/sandbox/`)).toBe(true);
    expect(await (await fetch(payment.payUrl)).text()).toContain('确认支付');
    await fetch(payment.payUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliver: true }),
    });
    expect((await desk.ok<OrderResult>('orders.get', { id: order.id })).order.state).toBe('paid');

    // The renewal's 回执 says to post the KEY, and no bank account.
    const receiptText = await pdfOf(await desk.ok<PdfFile>('print.orderReceipt', { id: order.id }));
    expect(receiptText).toContain('需要续费的 USB KEY');
    expect(receiptText).toContain('在线支付');
    expect(receiptText).not.toContain(CENTRE_DETAILS.payee.accountNumber);

    // Under start:web nothing is opened here: the renderer opens the page itself.
    const web = await centre.open(operator);
    const renewal2 = await submitRenewal(server, token, await softKey('EC'), await softKey('EC'));
    const order2 = await web.ok<Order>(
      'orders.create',
      orderInput([renewal2.id], { paymentMethod: 'online' }),
    );
    expect((await web.ok<PaymentOpened>('orders.startPayment', { id: order2.id })).opened).toBe(false);
  });
});
