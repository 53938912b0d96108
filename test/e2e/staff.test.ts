import { describe, expect, it } from 'vitest';
import { runCertificateJobs } from '../../src-server/services/certificateJobs';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import type { Order } from '../../src-shared/schemas/order';
import { slipPng } from '../helpers/images';
import { login as apiLogin, ok } from '../integration/server/api';
import { ORDER_DETAILS, pdfBytes, uploadOk } from '../integration/server/fixtures';
import { submitNewEnterprise } from '../integration/server/flows';
import { softKey } from '../integration/server/keys';
import { screenshot } from './support/browser';
import { closeDrawer, expectFieldError, loginAs, logout, openMenu, waitForToast } from './support/pages';
import { useWebSession } from './support/session';

const { operator, staff } = DEMO_ACCOUNTS;
const DAY = 24 * 60 * 60 * 1000;

const web = useWebSession();

/**
 * Through the API, as 李四 and 王五 would have done it elsewhere: an accepted application of
 * 福建省示例科技有限公司, ordered by transfer with `slip` (or not ordered at all).
 */
async function acceptedApplication(
  tokens: { operator: string; staff: string },
  slip?: { bytes: Buffer; fileName: string },
): Promise<{ application: ApplicationDetail; order: Order | null }> {
  const submitted = await submitNewEnterprise(web.host.api, tokens.operator, await softKey('EC'));
  await ok(
    web.host.api,
    'applications.transition',
    { id: submitted.id, name: 'accept', version: submitted.version },
    tokens.staff,
  );
  if (!slip) return { application: submitted, order: null };
  const uploaded = await uploadOk(
    web.host.api,
    tokens.operator,
    { attachment: 'remittanceSlip', fileName: slip.fileName },
    slip.bytes,
  );
  const order = await ok(
    web.host.api,
    'orders.create',
    {
      applicationIds: [submitted.id],
      paymentMethod: 'transfer',
      ...ORDER_DETAILS,
      slipUploadId: uploaded.id,
    },
    tokens.operator,
  );
  return { application: submitted, order };
}

describe('the staff desk in the browser', () => {
  it('王五 confirms one transfer and returns another slip, issues and ships; 李四 hears of the expiry', async () => {
    const { page, host } = web;
    const tokens = {
      operator: (await apiLogin(host.api, operator.phone, operator.password)).token,
      staff: (await apiLogin(host.api, staff.phone, staff.password)).token,
    };
    const paying = await acceptedApplication(tokens, { bytes: slipPng(), fileName: '汇款底单.png' });
    const returning = await acceptedApplication(tokens, {
      bytes: pdfBytes('slip'),
      fileName: '汇款底单.pdf',
    });
    const unordered = await acceptedApplication(tokens);

    await page.goto(host.url);
    await loginAs(page, host.api, staff);
    await openMenu(page, '业务受理');
    const tabs = page.getByTestId('staff-tabs');
    await page.getByTestId('staff-queue').waitFor();
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['审核受理', '财务核款', '发证与寄送']);
    await screenshot(page, 'staff-01-review-tab');
    // A search typed into 审核受理: none of the three is still 待审核.
    await page.getByTestId('staff-search').locator('input').fill('福建省示例科技');
    await page.getByTestId('staff-search').locator('input').press('Enter');
    await page.getByTestId('staff-queue').getByText('没有符合条件的申请单').waitFor();
    await screenshot(page, 'staff-01b-review-search');

    // 财务核款: the queue of 待财务确认, both orders in it.
    await tabs.getByRole('tab', { name: '财务核款' }).click();
    const finance = page.getByTestId('finance-queue');
    const rows = finance.locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('¥400.00');
    expect(page.url()).toContain('tab=finance');
    await screenshot(page, 'staff-02-finance-queue');

    // Offline the queue answers from the orders kept on this computer, under the 离线 banner.
    const financeCard = page.locator('.ant-card').filter({ has: finance });
    await host.stopApi();
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    await financeCard.getByRole('button', { name: '刷新' }).click();
    await page.getByText(/^离线：显示的是.*保存在本机的订单/).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    await screenshot(page, 'staff-02b-finance-offline');
    await host.restartApi();
    await page.getByTestId('sync-indicator').getByText('在线').waitFor({ timeout: 30_000 });
    await financeCard.getByRole('button', { name: '刷新' }).click();
    await page.getByText(/^离线：显示的是/).waitFor({ state: 'hidden' });

    // The paying order: its applications, invoice and mailing details, and the slip shown inline.
    await finance
      .locator(`tr[data-row-key="${paying.order!.id}"]`)
      .getByRole('button', { name: '核款' })
      .click();
    const drawer = page.getByTestId('order-drawer');
    await drawer.getByTestId('order-applications').getByText('企业证书新办').waitFor();
    const preview = drawer.getByTestId('upload-preview');
    await preview.locator('img').waitFor();
    expect(await preview.getAttribute('data-kind')).toBe('png');
    await expect
      .poll(() => preview.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(480);
    expect(await drawer.getByTestId('order-fields').textContent()).toContain('¥400.00');
    await screenshot(page, 'staff-03-order-drawer', { dialog: true });

    // 确认到账 asks first, then the order is 已缴费.
    await drawer.getByTestId('order-actions').getByRole('button', { name: '确认到账' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('不能撤销').waitFor();
    await screenshot(page, 'staff-04-confirm-transfer', { dialog: true });
    await confirm.getByRole('button', { name: '确认到账' }).click();
    await waitForToast(page, '已确认到账');
    await drawer.locator('[data-order-state="paid"]').getByText('已缴费').waitFor();
    expect(await drawer.getByTestId('order-actions').count()).toBe(0);
    await screenshot(page, 'staff-05-order-paid', { dialog: true });
    await closeDrawer(drawer);
    await expect.poll(() => rows.count()).toBe(1);

    // The other order: a PDF slip opens in its own window; 退回底单 needs the reason.
    await finance
      .locator(`tr[data-row-key="${returning.order!.id}"]`)
      .getByRole('button', { name: '核款' })
      .click();
    const pdf = drawer.getByTestId('upload-preview');
    await pdf.getByText('汇款底单.pdf').waitFor();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      pdf.getByRole('button', { name: '打开 PDF' }).click(),
    ]);
    expect(popup.url()).toMatch(/^blob:/);
    await popup.close();
    await drawer.getByTestId('order-actions').getByRole('button', { name: '退回底单' }).click();
    const returnModal = page.getByTestId('return-slip-modal');
    await returnModal.getByRole('button', { name: '确认退回' }).click();
    await expectFieldError(returnModal, '退回原因', '请填写退回原因');
    await returnModal.locator('textarea').fill('底单金额与订单金额不符，请重新上传');
    await screenshot(page, 'staff-06-return-slip', { dialog: true });
    await returnModal.getByRole('button', { name: '确认退回' }).click();
    await waitForToast(page, '已退回汇款底单');
    await drawer.getByText('退回原因：底单金额与订单金额不符，请重新上传').waitFor();
    await screenshot(page, 'staff-07-slip-returned', { dialog: true });
    await closeDrawer(drawer);
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('order-state-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '已缴费' }).click();
    await finance.locator(`tr[data-row-key="${paying.order!.id}"]`).getByText('已缴费').waitFor();

    // 发证与寄送: the paid application waits for 发证; the others wait for payment.
    await tabs.getByRole('tab', { name: '发证与寄送' }).click();
    const issuance = page.getByTestId('issuance-queue');
    const toIssue = issuance.locator(`tr[data-row-key="${paying.application.id}"]`);
    await toIssue.waitFor();
    expect(await issuance.locator('tr.ant-table-row').count()).toBe(1);
    await screenshot(page, 'staff-08-issuance-to-issue');
    const issuanceSearch = page.getByTestId('issuance-search').locator('input');
    await issuanceSearch.fill(paying.application.number!);
    await issuanceSearch.press('Enter');
    await page.getByTestId('issuance-view').getByText('待缴费（0）').waitFor();
    await toIssue.waitFor();
    await screenshot(page, 'staff-08b-issuance-search');
    await issuanceSearch.fill('');
    await issuanceSearch.press('Enter');
    await page.getByTestId('issuance-view').getByText('待缴费（2）').waitFor();
    const views = page.getByTestId('issuance-view');
    await views.getByText(/^待缴费/).click();
    await issuance
      .locator(`tr[data-row-key="${returning.application.id}"]`)
      .getByText('汇款底单被退回')
      .waitFor();
    const notOrdered = issuance.locator(`tr[data-row-key="${unordered.application.id}"]`);
    await notOrdered.getByText('未下单').waitFor();
    await screenshot(page, 'staff-09-issuance-unpaid');

    // An unpaid application: 发证 from the drawer is refused with the server's reason.
    await notOrdered.getByRole('button', { name: '办理' }).click();
    const review = page.getByTestId('review-drawer');
    await review
      .getByTestId('staff-moves')
      .getByRole('button', { name: /^发\s*证$/ })
      .click();
    const move = page.getByTestId('move-modal');
    await move.getByRole('button', { name: '确认发证' }).click();
    await move
      .locator('.form-error')
      .getByText(/订单尚未完成缴费/)
      .waitFor();
    await screenshot(page, 'staff-10-issue-refused-unpaid', { dialog: true });
    await move.getByRole('button', { name: '取 消' }).click();
    await move.waitFor({ state: 'hidden' });
    await closeDrawer(review);

    // 发证 on the paid one, then 寄出 with the tracking number.
    await views.getByText(/^待发证/).click();
    await toIssue.getByRole('button', { name: /^发\s*证$/ }).click();
    await move.getByRole('button', { name: '确认发证' }).click();
    await waitForToast(page, '申请单状态为“可领取”');
    await views.getByText('待寄出（1）').waitFor();
    await views.getByText(/^待寄出/).click();
    const toShip = issuance.locator(`tr[data-row-key="${paying.application.id}"]`);
    await toShip.getByText('可领取').waitFor();
    await toShip.getByRole('button', { name: /^寄\s*出$/ }).click();
    await move.getByRole('button', { name: '确认寄出' }).click();
    await expectFieldError(move, '快递单号', '请填写快递单号');
    await move.locator('input').fill('SF1234567890');
    await screenshot(page, 'staff-11-ship', { dialog: true });
    await move.getByRole('button', { name: '确认寄出' }).click();
    await waitForToast(page, '申请单状态为“已寄出”');
    await expect.poll(() => issuance.locator('tr.ant-table-row').count()).toBe(0);

    // The certificate job reminds 李四 a month before the certificate expires: the bell shows it.
    const certificate = await ok(
      host.api,
      'applications.certificate',
      { id: paying.application.id },
      tokens.operator,
    );
    await runCertificateJobs(host.api.db, new Date(Date.parse(certificate.notAfter) - 20 * DAY));
    await logout(page);
    await loginAs(page, host.api, operator);
    const bell = page.getByTestId('notification-bell');
    const badge = page.locator('.app-header .ant-badge-count');
    await expect.poll(async () => (await badge.count()) > 0 && (await badge.textContent())).toBe('1');
    await bell.click();
    const panel = page.getByTestId('notification-panel');
    await panel.getByText('证书将在 30 天内到期').waitFor();
    expect(await panel.textContent()).toContain('福建省示例科技有限公司');
    await screenshot(page, 'staff-12-notifications', { dialog: true });
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => badge.count()).toBe(0);
    await panel.locator('[data-read="true"]').first().waitFor();
    await screenshot(page, 'staff-13-notifications-read', { dialog: true });
  });
});
