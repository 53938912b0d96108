import { beforeAll, describe, expect, it } from 'vitest';
import { MIXED_ENTERPRISES_REASON } from '../../src-shared/schemas/order';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import { login as apiLogin, ok as apiOk, RELAXED_LIMITS } from '../integration/server/api';
import {
  enterpriseForm,
  enterpriseScans,
  ORDER_DETAILS,
  pngBytes,
  uploadOk,
} from '../integration/server/fixtures';
import { submitRenewal } from '../integration/server/flows';
import { softKey } from '../integration/server/keys';
import { screenshot } from './support/browser';
import {
  closeDrawer,
  downloadedPdf,
  field,
  fill,
  loginAs,
  openMenu,
  rowOf,
  squeeze,
  waitForToast,
} from './support/pages';
import { useWebSession } from './support/session';

const { operator, staff } = DEMO_ACCOUNTS;

const web = useWebSession({ limits: RELAXED_LIMITS });
let token: string;

beforeAll(async () => {
  token = (await apiLogin(web.host.api, operator.phone, operator.password)).token;
});

/** 李四's 企业证书新办 with a blank KEY, submitted over the API (the form itself has its own e2e test). */
async function submitEnterpriseApplication(): Promise<{ id: string; number: string }> {
  const application = await apiOk(
    web.host.api,
    'applications.submit',
    {
      service: 'cert.new.enterprise',
      values: enterpriseForm(),
      attachments: await enterpriseScans(web.host.api, token),
      blankKey: true,
    },
    token,
  );
  return numbered(application);
}

async function submitPersonApplication(): Promise<{ id: string; number: string }> {
  const scans: Record<string, string> = {};
  for (const attachment of ['idCardFront', 'idCardBack']) {
    scans[attachment] = (await uploadOk(web.host.api, token, { service: 'cert.new.person', attachment })).id;
  }
  const application = await apiOk(
    web.host.api,
    'applications.submit',
    {
      service: 'cert.new.person',
      values: {
        holderName: operator.name,
        holderIdNumber: operator.idNumber,
        holderPhone: operator.phone,
        agreement: true,
      },
      attachments: scans,
      blankKey: true,
    },
    token,
  );
  return numbered(application);
}

describe('orders in the browser', () => {
  it('李四 orders two applications by transfer, prints the 回执, uploads the slip later; a returned slip is uploaded again', async () => {
    const { page, host } = web;
    const first = await submitEnterpriseApplication();
    const second = await submitEnterpriseApplication();
    const person = await submitPersonApplication();

    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    await openMenu(page, '申请单管理');

    // 打印申请表 from the drawer: the PDF has the applicant's Chinese name.
    // The list shows the 申请单号.
    await rowOf(page, 'applications-table', first.id).getByText(first.number).waitFor();
    await rowOf(page, 'applications-table', first.id).getByRole('button', { name: '查看' }).click();
    const drawer = page.getByTestId('application-drawer');
    const form = await downloadedPdf(page, () => drawer.getByTestId('print-application-form').click());
    expect(form.name).toBe(`申请表-企业证书新办-${first.number}.pdf`);
    expect(form.text).toContain(operator.name);
    expect(form.text).toContain(DEMO_ENTERPRISE.name);
    expect(form.text).toContain(first.number);
    expect(form.text).not.toContain(first.id);
    await closeDrawer(drawer);

    // Select the two enterprise applications and the personal one → 下单缴费.
    for (const { id } of [first, second, person])
      await rowOf(page, 'applications-table', id).locator('.ant-checkbox-input').check();
    await screenshot(page, 'orders-01-applications-selected');
    await page.getByRole('button', { name: /下单缴费（3）/ }).click();
    await page.locator('[data-page="place-order"]').waitFor();
    await page.getByTestId('mixed-refusal').getByText(MIXED_ENTERPRISES_REASON).waitFor();
    // 在线支付 is disabled for new certificates, with the reason.
    expect(await page.getByRole('radio', { name: '在线支付' }).isDisabled()).toBe(true);
    await page.getByText('订单中含有新证申请，只能选择对公转账').first().waitFor();
    // Pre-filled from the profile and the enterprise.
    expect(await field(page, '发票抬头').locator('input').inputValue()).toBe(DEMO_ENTERPRISE.name);
    expect(await field(page, '纳税人识别号').locator('input').inputValue()).toBe(DEMO_ENTERPRISE.creditCode);
    expect(await field(page, '收件人').locator('input').inputValue()).toBe(operator.name);
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.locator('.form-error').getByText(MIXED_ENTERPRISES_REASON).waitFor();
    await screenshot(page, 'orders-02-mixed-refused');

    // Leave the personal one out: one enterprise, ¥800.
    await rowOf(page, 'order-applications', person.id).locator('.ant-checkbox-input').uncheck();
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('合计 ¥800.00');
    await fill(page, '电子邮箱', 'finance@example.com');
    await fill(page, '邮寄地址', ORDER_DETAILS.mailing.address);
    await screenshot(page, 'orders-03-place-order');
    await page.getByRole('button', { name: '提交订单' }).dblclick();
    const placed = page.getByTestId('order-placed');
    await placed.getByText('订单已提交').waitFor();
    // People see the short 订单号, and write it as the remittance remark; the id stays out of sight.
    const orderNumber = (await placed
      .locator('.ant-descriptions-item-content')
      .first()
      .textContent())!.trim();
    expect(orderNumber).toMatch(/^DD\d{8}-\d{4}$/);
    await placed
      .getByTestId('order-next-steps')
      .getByText(`请在汇款备注中填写订单号：${orderNumber}`)
      .waitFor();
    const mine = await apiOk(host.api, 'orders.listMine', {}, token);
    const orderId = mine.items.find((item) => item.number === orderNumber)!.id;
    expect(await placed.textContent()).not.toContain(orderId);
    await screenshot(page, 'orders-04-order-placed');

    // 打印回执: the order id, 李四, the payee account and what to post.
    const receipt = await downloadedPdf(page, () => placed.getByTestId('print-receipt').click());
    expect(receipt.name).toBe(`回执-${orderNumber}.pdf`);
    expect(squeeze(receipt.text)).not.toContain(orderId);
    for (const text of [
      orderNumber,
      first.number,
      second.number,
      `请在汇款备注中填写订单号：${orderNumber}`,
      operator.name,
      '对公转账',
      '¥800.00',
      '请在汇款备注中填写订单号',
      '营业执照',
    ]) {
      expect(squeeze(receipt.text)).toContain(squeeze(text));
    }

    // Later, from 订单管理: upload the 汇款底单.
    await openMenu(page, '订单管理');
    const orders = page.getByTestId('orders-table');
    await expect.poll(() => orders.locator('tr.ant-table-row').count()).toBe(1);
    await rowOf(page, 'orders-table', orderId).getByText('待缴费').waitFor();
    await rowOf(page, 'orders-table', orderId).getByText(orderNumber).waitFor();
    await screenshot(page, 'orders-05-orders-list');
    await rowOf(page, 'orders-table', orderId).getByRole('button', { name: '查看' }).click();
    const orderDrawer = page.getByTestId('order-drawer');
    await orderDrawer.getByRole('button', { name: '上传汇款底单' }).click();
    const slipModal = page.getByTestId('slip-modal');
    await slipModal.locator('input[type=file]').setInputFiles({
      name: '汇款底单.png',
      mimeType: 'image/png',
      buffer: pngBytes(),
    });
    await slipModal.getByText('汇款底单.png').waitFor();
    await screenshot(page, 'orders-06-slip-modal', { dialog: true });
    await slipModal.getByRole('button', { name: '提交汇款底单' }).click();
    await slipModal.waitFor({ state: 'hidden' });
    await orderDrawer.getByTestId('order-fields').getByText('待财务确认').waitFor();
    await screenshot(page, 'orders-07-slip-submitted', { dialog: true });
    await closeDrawer(orderDrawer);
    await rowOf(page, 'orders-table', orderId).getByText('待财务确认').waitFor();

    // Finance returns the slip; 李四 sees why and uploads another.
    const finance = (await apiLogin(host.api, staff.phone, staff.password)).token;
    const current = await apiOk(host.api, 'orders.get', { id: orderId }, token);
    await apiOk(
      host.api,
      'orders.returnSlip',
      { id: orderId, version: current.version, feedback: '汇款金额与订单金额不符' },
      finance,
    );
    await page.getByRole('button', { name: '刷新' }).click();
    await rowOf(page, 'orders-table', orderId).getByText('汇款底单被退回').waitFor();
    await rowOf(page, 'orders-table', orderId).getByRole('button', { name: '查看' }).click();
    await orderDrawer.getByTestId('finance-feedback').getByText('退回原因：汇款金额与订单金额不符').waitFor();
    await screenshot(page, 'orders-08-slip-returned', { dialog: true });
    await orderDrawer.getByRole('button', { name: '重新上传汇款底单' }).click();
    await slipModal.locator('input[type=file]').setInputFiles({
      name: '新底单.png',
      mimeType: 'image/png',
      buffer: pngBytes(900, 700),
    });
    await slipModal.getByText('新底单.png').waitFor();
    await slipModal.getByRole('button', { name: '提交汇款底单' }).click();
    await orderDrawer.getByTestId('order-fields').getByText('待财务确认').waitFor();

    // Finance confirms: 下载电子发票.
    const returned = await apiOk(host.api, 'orders.get', { id: orderId }, token);
    await apiOk(host.api, 'orders.confirmTransfer', { id: orderId, version: returned.version }, finance);
    await closeDrawer(orderDrawer);
    await page.getByRole('button', { name: '刷新' }).click();
    await rowOf(page, 'orders-table', orderId).getByText('已缴费').waitFor();
    await rowOf(page, 'orders-table', orderId).getByRole('button', { name: '查看' }).click();
    const invoice = await downloadedPdf(page, () => orderDrawer.getByTestId('download-invoice').click());
    expect(invoice.name).toMatch(/^电子发票-.+\.pdf$/);
    expect(invoice.text).toContain(DEMO_ENTERPRISE.name);
    await screenshot(page, 'orders-09-paid', { dialog: true });
    await closeDrawer(orderDrawer);
  });

  it('李四 pays a renewal online: the sandbox page opens, 确认支付, the app shows 已缴费 and the invoice', async () => {
    const { page, host } = web;
    const renewal = await submitRenewal(host.api, token, await softKey('EC'), await softKey('EC'));
    await openMenu(page, '订单管理');
    await page.getByRole('button', { name: '下单缴费' }).click();
    await page.locator('[data-page="place-order"]').waitFor();
    await rowOf(page, 'order-applications', renewal.id).locator('.ant-checkbox-input').check();
    await page.getByRole('radio', { name: '在线支付' }).check();
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('合计 ¥300.00');
    await page.getByRole('button', { name: '提交订单' }).click();
    const placed = page.getByTestId('order-placed');
    await placed.getByText('订单已提交').waitFor();

    const [payPage] = await Promise.all([
      page.waitForEvent('popup'),
      placed.getByRole('button', { name: '在线支付' }).click(),
    ]);
    await page.getByTestId('payment-waiting').getByText('请在打开的支付页面中完成支付').waitFor();
    await screenshot(page, 'orders-10-waiting-for-payment', { dialog: true });
    await payPage.getByText('¥300.00').waitFor();
    await screenshot(payPage, 'orders-11-sandbox-page');
    await payPage.getByRole('button', { name: '确认支付' }).click();
    await payPage.getByText('支付成功').waitFor();
    await payPage.close();

    await waitForToast(page, '支付成功，订单已缴费');
    await placed.getByText('订单已缴费').waitFor();
    await placed.locator('[data-order-state="paid"]').waitFor();
    await screenshot(page, 'orders-12-paid-online');
    const receipt = await downloadedPdf(page, () => placed.getByTestId('print-receipt').click());
    expect(receipt.text).toContain('需要续费的 USB KEY');

    await placed.getByRole('button', { name: '查看订单' }).click();
    const orderDrawer = page.getByTestId('order-drawer');
    const invoice = await downloadedPdf(page, () => orderDrawer.getByTestId('download-invoice').click());
    expect(invoice.text).toContain('证书续费');
    expect(invoice.text).toContain('在线支付');
  });
});

/** A record the server answered with always has its short number. */
function numbered<T extends { number: string | null }>(record: T): T & { number: string } {
  if (record.number === null) throw new Error(`no number on ${JSON.stringify(record)}`);
  return { ...record, number: record.number };
}
