import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import type { SoftHsmToken } from '../helpers/softhsm';
import { slipPng } from '../helpers/images';
import { ORDER_DETAILS } from '../integration/server/fixtures';
import { screenshot } from './support/browser';
import { bindCertificate, changeFactoryPin, chooseKey, prepareKey } from './support/keys';
import {
  attachEnterpriseScans,
  closeDrawer,
  downloadedPdf,
  field,
  fill,
  loginAs,
  logout,
  openMenu,
  rowOf,
  squeeze,
  startService,
  waitForToast,
} from './support/pages';
import { idOfNumber, numberShownIn } from './support/records';
import { useWebSession } from './support/session';
import { APPLICATION_SEARCH_PLACEHOLDER } from '../../src-renderer/staff/staffDesk';

/**
 * The two whole lives of issue #4, every step a person takes done in the browser: a new enterprise
 * certificate paid by transfer, and a renewal paid online through the sandbox.
 */

const { operator, staff } = DEMO_ACCOUNTS;
const OPERATOR_PIN = 'lisi2025';
/** A walk takes about a minute here; the e2e default (2 min) leaves too little room on a busy machine. */
const WALK_TIMEOUT_MS = 240_000;

const web = useWebSession({ keys: true });

async function shot(name: string, options: { dialog?: boolean } = {}): Promise<void> {
  await screenshot(web.page, `life-${name}`, options);
}

async function signIn(account: { phone: string; password: string }): Promise<void> {
  await web.page.goto(web.host.url);
  await loginAs(web.page, web.host.api, account);
}

// ——— 李四, the enterprise operator ———

/** The KEY step: PIN (the factory one is changed when asked), the key pair and request made on `key`. */
async function makeRequestOnKey(key: SoftHsmToken, pin: string = key.userPin): Promise<void> {
  const section = web.page.getByTestId('key-request');
  await expect.poll(() => section.textContent()).toContain(key.serial);
  await fill(section, 'PIN 码', pin);
  await section.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();
  if (pin === key.userPin) await changeFactoryPin(web.page, OPERATOR_PIN);
  await section.getByTestId('key-request-made').getByText(key.serial, { exact: false }).waitFor();
}

/** 提交申请单; the id of the submitted application. */
async function submitApplication(): Promise<{ id: string; submitted: Locator }> {
  await web.page.getByRole('button', { name: '提交申请单' }).click();
  const submitted = web.page.getByTestId('application-submitted');
  await submitted.getByText('申请单已提交').waitFor();
  const id = await idOfNumber(web.host.api, await numberShownIn(submitted));
  return { id, submitted };
}

/** 下单缴费 from the submitted application: the profile fills the invoice; the rest is typed. */
async function placeOrder(submitted: Locator, method: '对公转账' | '在线支付'): Promise<Locator> {
  const { page } = web;
  await submitted.getByRole('button', { name: '下单缴费' }).click();
  await page.locator('[data-page="place-order"]').waitFor();
  await page.getByRole('radio', { name: method }).check();
  expect(await field(page, '发票抬头').locator('input').inputValue()).toBe(DEMO_ENTERPRISE.name);
  await fill(page, '电子邮箱', 'finance@example.com');
  await fill(page, '邮寄地址', ORDER_DETAILS.mailing.address);
  await page.getByRole('button', { name: '提交订单' }).click();
  const placed = page.getByTestId('order-placed');
  await placed.getByText(/^订单已(提交|缴费)$/).waitFor();
  return placed;
}

async function orderOf(placed: Locator): Promise<{ orderId: string; orderNumber: string }> {
  const orderNumber = await numberShownIn(placed.locator('.ant-descriptions-item-content').first());
  expect(orderNumber).toMatch(/^DD/);
  return { orderId: await idOfNumber(web.host.api, orderNumber), orderNumber };
}

/** 订单管理 → the order → 上传汇款底单. */
async function uploadSlipLater(orderId: string): Promise<void> {
  const { page } = web;
  await openMenu(page, '订单管理');
  await rowOf(page, 'orders-table', orderId).getByRole('button', { name: '查看' }).click();
  const drawer = page.getByTestId('order-drawer');
  await drawer.getByRole('button', { name: '上传汇款底单' }).click();
  const slip = page.getByTestId('slip-modal');
  await slip.locator('input[type=file]').setInputFiles({
    name: '汇款底单.png',
    mimeType: 'image/png',
    buffer: slipPng(),
  });
  await slip.getByText('汇款底单.png').waitFor();
  await slip.getByRole('button', { name: '提交汇款底单' }).click();
  await slip.waitFor({ state: 'hidden' });
  await drawer.getByTestId('order-fields').getByText('待财务确认').waitFor();
  await shot('1-06-slip-uploaded', { dialog: true });
  await closeDrawer(drawer);
}

/** 申请单管理 → the application's drawer. */
async function openApplication(id: string): Promise<Locator> {
  const { page } = web;
  await openMenu(page, '申请单管理');
  await rowOf(page, 'applications-table', id).getByRole('button', { name: '查看' }).click();
  return page.getByTestId('application-drawer');
}

/** 写入 KEY in the write dialog (the applicant's drawer or the counter's); the written certificate. */
async function writeOntoKey(from: Locator, key: SoftHsmToken, replaces: boolean): Promise<Locator> {
  const { page } = web;
  await from.getByRole('button', { name: '写入 KEY' }).click();
  const write = page.getByTestId('write-certificate-modal');
  await chooseKey(page, write, key.serial);
  await fill(write, 'PIN 码', OPERATOR_PIN);
  await write.getByRole('button', { name: '写入 KEY' }).click();
  if (replaces) {
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('原证书及其密钥将被删除').waitFor();
    await confirm.getByRole('button', { name: '写入 KEY' }).click();
  }
  const written = write.getByTestId('written-certificate');
  await written.getByText(key.serial, { exact: false }).waitFor();
  return written;
}

async function closeWriteDialog(): Promise<void> {
  const write = web.page.getByTestId('write-certificate-modal');
  await write.getByRole('button', { name: '完 成' }).click();
  await write.waitFor({ state: 'hidden' });
}

/** 证书管理 with `key` chosen: the rows of the certificates on it. */
async function certificatesOnKey(key: SoftHsmToken): Promise<Locator> {
  const { page } = web;
  await openMenu(page, '证书管理');
  await chooseKey(page, page.getByTestId('key-status'), key.serial);
  return page.getByTestId('key-certificates').locator('tbody tr.ant-table-row');
}

/** 申请单管理 shows 已寄出; 订单管理 gives the 电子发票 for the enterprise. */
async function seeShippedAndInvoice(applicationId: string, orderId: string): Promise<string> {
  const { page } = web;
  await openMenu(page, '申请单管理');
  await rowOf(page, 'applications-table', applicationId).getByText('已寄出').waitFor();
  await openMenu(page, '订单管理');
  await rowOf(page, 'orders-table', orderId).getByText('已缴费').waitFor();
  await rowOf(page, 'orders-table', orderId).getByRole('button', { name: '查看' }).click();
  const drawer = page.getByTestId('order-drawer');
  const invoice = await downloadedPdf(page, () => drawer.getByTestId('download-invoice').click());
  expect(invoice.name).toMatch(/^电子发票-.+\.pdf$/);
  expect(invoice.text).toContain(DEMO_ENTERPRISE.name);
  expect(invoice.text).toContain(DEMO_ENTERPRISE.creditCode);
  return invoice.text;
}

// ——— 王五, at the counter (reviewer, finance and issuer) ———

async function openStaffTab(tab: '审核受理' | '财务核款' | '发证与寄送'): Promise<void> {
  const { page } = web;
  await openMenu(page, '业务受理');
  await page.getByTestId('staff-tabs').getByRole('tab', { name: tab }).click();
}

/** 审核受理: the application found by its id → 办理 → 受理. */
async function accept(id: string): Promise<void> {
  const { page } = web;
  await openStaffTab('审核受理');
  const search = page.getByPlaceholder(APPLICATION_SEARCH_PLACEHOLDER);
  await search.fill(id);
  await search.press('Enter');
  await rowOf(page, 'staff-queue', id).getByRole('button', { name: '办理' }).click();
  const review = page.getByTestId('review-drawer');
  await review
    .getByTestId('staff-moves')
    .getByRole('button', { name: /^受\s*理$/ })
    .click();
  await page.getByTestId('move-modal').getByRole('button', { name: '确认受理' }).click();
  await waitForToast(page, '申请单状态为“申请受理中”');
  await closeDrawer(review);
}

/** 财务核款: the order with the slip → 核款 → 确认到账. */
async function confirmTransfer(orderId: string): Promise<void> {
  const { page } = web;
  await openStaffTab('财务核款');
  await rowOf(page, 'finance-queue', orderId).getByRole('button', { name: '核款' }).click();
  const drawer = page.getByTestId('order-drawer');
  // The slip as 李四 posted it, shown as a picture.
  await expect
    .poll(() =>
      drawer
        .getByTestId('upload-preview')
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(480);
  await shot('1-08-finance-slip', { dialog: true });
  await drawer.getByTestId('order-actions').getByRole('button', { name: '确认到账' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认到账' }).click();
  await waitForToast(page, '已确认到账');
  await drawer.locator('[data-order-state="paid"]').waitFor();
  await closeDrawer(drawer);
}

/** 发证与寄送 → 待发证 → 发证 (the CA signs the request made on the KEY). */
async function issue(id: string): Promise<void> {
  const { page } = web;
  await openStaffTab('发证与寄送');
  await page
    .getByTestId('issuance-view')
    .getByText(/^待发证/)
    .click();
  await rowOf(page, 'issuance-queue', id)
    .getByRole('button', { name: /^发\s*证$/ })
    .click();
  await page.getByTestId('move-modal').getByRole('button', { name: '确认发证' }).click();
  await waitForToast(page, '申请单状态为“可领取”');
}

/** 发证与寄送 → 待寄出 → 办理: the counter's drawer of an issued application. */
async function openToShip(id: string): Promise<Locator> {
  const { page } = web;
  await openStaffTab('发证与寄送');
  await page
    .getByTestId('issuance-view')
    .getByText(/^待寄出/)
    .click();
  await rowOf(page, 'issuance-queue', id).getByRole('button', { name: '办理' }).click();
  return page.getByTestId('review-drawer');
}

/** 寄出 with the tracking number, from the counter's drawer. */
async function ship(review: Locator, trackingNumber: string): Promise<void> {
  const { page } = web;
  await review
    .getByTestId('staff-moves')
    .getByRole('button', { name: /^寄\s*出$/ })
    .click();
  const move = page.getByTestId('move-modal');
  await fill(move, '快递单号', trackingNumber);
  await move.getByRole('button', { name: '确认寄出' }).click();
  await waitForToast(page, '申请单状态为“已寄出”');
}

/** The sandbox payment page opened by 在线支付: the amount, then 确认支付. */
async function payInSandbox(placed: Locator, amount: string): Promise<void> {
  const { page } = web;
  const [payPage]: [Page, unknown] = await Promise.all([
    page.waitForEvent('popup'),
    placed.getByRole('button', { name: '在线支付' }).click(),
  ]);
  await page.getByTestId('payment-waiting').getByText('请在打开的支付页面中完成支付').waitFor();
  await payPage.getByText(amount).waitFor();
  await screenshot(payPage, 'life-2-04-sandbox-page');
  await payPage.getByRole('button', { name: '确认支付' }).click();
  await payPage.getByText('支付成功').waitFor();
  await payPage.close();
}

describe('the whole life of a certificate in the browser', () => {
  it(
    '新办: 李四 inserts the KEY, applies, prints, orders by transfer, posts the slip later; 王五 accepts, confirms, issues; 李四 writes the KEY; 王五 ships; 已寄出 and the e-invoice',
    async () => {
      const { page, hsm } = web;
      const key = hsm.createToken('李四的KEY');
      await signIn(operator);

      // 企业证书新办: the form comes filled from the profile and the enterprise.
      await startService(web.page, 'cert.new.enterprise');
      await expect
        .poll(() => field(page, '统一社会信用代码').locator('input').inputValue())
        .toBe(DEMO_ENTERPRISE.creditCode);
      expect(await field(page, '企业名称').locator('input').inputValue()).toBe(DEMO_ENTERPRISE.name);
      expect(await field(page, '经办人姓名').locator('input').inputValue()).toBe(operator.name);
      await attachEnterpriseScans(page);
      await shot('1-01-form-filled');
      await makeRequestOnKey(key);
      await shot('1-02-key-pair-on-key');
      const { id, submitted } = await submitApplication();

      // 打印申请表: the PDF names 李四 and the enterprise.
      const form = await downloadedPdf(page, () => submitted.getByTestId('print-application-form').click());
      expect(form.name).toMatch(/^申请表-企业证书新办-.+\.pdf$/);
      expect(form.text).toContain(operator.name);
      expect(form.text).toContain(DEMO_ENTERPRISE.name);
      await shot('1-03-submitted');

      // 下单缴费 by 对公转账, and the 回执 to post with the stamped documents.
      const placed = await placeOrder(submitted, '对公转账');
      const { orderId, orderNumber } = await orderOf(placed);
      const receipt = await downloadedPdf(page, () => placed.getByTestId('print-receipt').click());
      for (const text of [orderNumber, operator.name, '对公转账', '¥400.00', '营业执照'])
        expect(squeeze(receipt.text)).toContain(squeeze(text));
      await shot('1-04-order-placed');

      // Later, from 订单管理: the 汇款底单.
      await openMenu(page, '订单管理');
      await rowOf(page, 'orders-table', orderId).getByText('待缴费').waitFor();
      await shot('1-05-orders');
      await uploadSlipLater(orderId);
      await logout(page);

      // 王五: 受理, 确认到账, 发证.
      await loginAs(page, web.host.api, staff);
      await accept(id);
      await shot('1-07-accepted');
      await confirmTransfer(orderId);
      await issue(id);
      await shot('1-09-issued');
      await logout(page);

      // 李四 writes the certificate onto his KEY; 证书管理 lists it there.
      await loginAs(page, web.host.api, operator);
      const mine = await openApplication(id);
      await mine.locator('[data-state="ready"]').first().waitFor();
      const written = await writeOntoKey(mine, key, false);
      await written.getByText(DEMO_ENTERPRISE.name).waitFor();
      expect(await written.textContent()).toContain(DEMO_ENTERPRISE.creditCode);
      await shot('1-10-written-on-key', { dialog: true });
      await closeWriteDialog();
      await closeDrawer(mine);
      const onKey = await certificatesOnKey(key);
      await expect.poll(() => onKey.count()).toBe(1);
      expect(await onKey.first().textContent()).toContain(DEMO_ENTERPRISE.creditCode);
      await shot('1-11-certificate-on-key');
      await logout(page);

      // 王五 posts the documents: 寄出 with the tracking number.
      await loginAs(page, web.host.api, staff);
      const review = await openToShip(id);
      await ship(review, 'SF1234567890');
      await review.getByTestId('application-timeline').getByText('SF1234567890').waitFor();
      await shot('1-12-shipped', { dialog: true });
      await closeDrawer(review);
      await logout(page);

      // 李四: 已寄出, and the 电子发票.
      await loginAs(page, web.host.api, operator);
      await seeShippedAndInvoice(id, orderId);
      await shot('1-13-invoice', { dialog: true });
      await closeDrawer(page.getByTestId('order-drawer'));
      await logout(page);
      hsm.removeToken(key);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    '续费: 李四 reads the KEY, renews with a new key pair on it, pays online in the sandbox; 王五 accepts, issues, writes the KEY at the counter, ships; 已寄出 and the e-invoice',
    async () => {
      const { page, hsm } = web;
      // A KEY with a certificate of the centre for the enterprise, made earlier, inserted now.
      const old = await prepareKey(web.host.api.url, '李四的旧KEY', {
        commonName: DEMO_ENTERPRISE.name,
        organization: DEMO_ENTERPRISE.name,
        serialNumber: DEMO_ENTERPRISE.creditCode,
        country: 'CN',
      });
      old.insert(hsm);
      await signIn(operator);
      // A renewal is for a certificate bound to the applicant: 李四 binds it first in 证书管理.
      await openMenu(page, '证书管理');
      await bindCertificate(page, old.token.serial, DEMO_ENTERPRISE.name, OPERATOR_PIN);

      // 证书续费: 读取 fills the form from the certificate on the KEY.
      await startService(web.page, 'cert.renew');
      const reader = page.getByTestId('key-reader');
      await chooseKey(page, reader, old.token.serial);
      await reader.getByRole('button', { name: /^读\s*取$/ }).click();
      await reader.getByText(`已读取证书：${DEMO_ENTERPRISE.name}`).waitFor();
      await expect
        .poll(() => field(page, '证书序列号').locator('input').inputValue())
        .toBe(old.certificate.serialNumber);
      await page.getByRole('radio', { name: '企业证书' }).check();
      await attachEnterpriseScans(page);
      await shot('2-01-renewal-read');

      // The new key pair goes on the KEY that was read.
      await makeRequestOnKey(old.token, OPERATOR_PIN);
      await shot('2-02-new-key-pair');
      const { id, submitted } = await submitApplication();

      // 下单缴费 with 在线支付 (a renewal only): the sandbox page, 确认支付, the app shows 已缴费.
      const placed = await placeOrder(submitted, '在线支付');
      const { orderId } = await orderOf(placed);
      await shot('2-03-order-placed');
      await payInSandbox(placed, '¥300.00');
      await waitForToast(page, '支付成功，订单已缴费');
      await placed.locator('[data-order-state="paid"]').getByText('已缴费').waitFor();
      await shot('2-05-paid-online');
      // The 回执 asks for the KEY itself: the centre writes the new certificate onto it.
      const receipt = await downloadedPdf(page, () => placed.getByTestId('print-receipt').click());
      expect(receipt.text).toContain('需要续费的 USB KEY');
      await logout(page);

      // 王五: 受理, 发证 (paid already), then 写入 KEY at the counter replaces the old certificate; 寄出.
      await loginAs(page, web.host.api, staff);
      await accept(id);
      await issue(id);
      const review = await openToShip(id);
      const written = await writeOntoKey(review, old.token, true);
      expect(await written.textContent()).not.toContain(old.certificate.serialNumber);
      await shot('2-06-written-at-counter', { dialog: true });
      await closeWriteDialog();
      await ship(review, 'YT9876543210');
      await shot('2-07-shipped', { dialog: true });
      await closeDrawer(review);
      const onKey = await certificatesOnKey(old.token);
      await expect.poll(() => onKey.count()).toBe(1);
      expect(await onKey.first().textContent()).not.toContain(old.certificate.serialNumber.slice(0, 12));
      await shot('2-08-renewed-on-key');
      await logout(page);

      // 李四: 已寄出, and the 电子发票 of the online payment.
      await loginAs(page, web.host.api, operator);
      const invoice = await seeShippedAndInvoice(id, orderId);
      expect(invoice).toContain('证书续费');
      expect(invoice).toContain('在线支付');
      await shot('2-09-invoice', { dialog: true });
    },
    WALK_TIMEOUT_MS,
  );
});
