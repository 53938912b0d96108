import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import { scanPng } from '../helpers/images';
import { screenshot } from './support/browser';
import {
  attach,
  closeDrawer,
  expectFieldError,
  field,
  loginAs,
  logout,
  openMenu,
  waitForToast,
} from './support/pages';
import { useWebSession } from './support/session';

const { operator, staff } = DEMO_ACCOUNTS;

const web = useWebSession();

describe('applications in the browser', () => {
  it('李四 applies for an enterprise certificate; 王五 accepts it; 李四 can no longer edit it', async () => {
    const { page, host } = web;
    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    expect(await page.locator('.ant-layout-sider').getByText('业务受理').count()).toBe(0);

    // 业务办理 → 企业证书新办: read and accept the agreement first.
    await page.locator('.service-card[data-service="cert.new.enterprise"]').click();
    const agreement = page.getByTestId('agreement');
    await agreement.getByText('数字证书服务协议书').first().waitFor();
    expect(await agreement.getByRole('button', { name: '下一步' }).isDisabled()).toBe(true);
    await screenshot(page, 'app-01-agreement');
    await agreement.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await agreement.getByRole('button', { name: '下一步' }).click();

    // The form is filled from the profile; the operator's identity is locked.
    await expect
      .poll(() => field(page, '统一社会信用代码').locator('input').inputValue())
      .toBe(DEMO_ENTERPRISE.creditCode);
    expect(await field(page, '企业名称').locator('input').inputValue()).toBe(DEMO_ENTERPRISE.name);
    const operatorName = field(page, '经办人姓名').locator('input');
    expect(await operatorName.inputValue()).toBe(operator.name);
    expect(await operatorName.isDisabled()).toBe(true);
    await field(page, '经办人姓名').getByText('由个人资料带入，不能修改').waitFor();
    await screenshot(page, 'app-02-form-prefilled');

    // A PDF renamed .png is refused here, by its content, with the reason.
    await attach(page, 'businessLicence', 'licence.png', Buffer.from('%PDF-1.4\n% scan\n%%EOF\n'));
    await expectFieldError(page, '营业执照扫描件', '文件名为 .png，但内容是 PDF 文件');
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await screenshot(page, 'app-03-upload-refused');
    await page.getByRole('button', { name: '提交申请单' }).click();
    await expectFieldError(page, '经办人身份证国徽面扫描件', '请上传经办人身份证国徽面扫描件');

    for (const key of ['businessLicence', 'idCardFront', 'idCardBack'])
      await attach(page, key, `${key}.png`, scanPng());
    await page.locator('[data-attachment="idCardBack"]').getByText('idCardBack.png').waitFor();
    // Pressed twice: one application.
    await page.getByRole('button', { name: '提交申请单' }).dblclick();
    const submitted = page.getByTestId('application-submitted');
    await submitted.getByText('申请单已提交').waitFor();
    await submitted.locator('[data-state="pending"]').getByText('待审核').waitFor();
    await submitted.getByRole('button', { name: '下单缴费' }).waitFor();
    await screenshot(page, 'app-04-submitted');

    await submitted.getByRole('button', { name: '查看申请单' }).click();
    const mine = page.getByTestId('application-drawer');
    await mine.getByTestId('application-timeline').getByText('提交申请').waitFor();
    await mine.getByRole('button', { name: '撤回' }).waitFor();
    expect(await mine.getByRole('button', { name: '编辑' }).isEnabled()).toBe(true);
    await screenshot(page, 'app-05-application-pending', { dialog: true });
    await closeDrawer(mine);
    const rows = page.getByTestId('applications-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('待审核');
    await screenshot(page, 'app-06-applications');

    // 王五 at the desk: the queue, a reject needs feedback, then 受理.
    await logout(page);
    await loginAs(page, host.api, staff);
    await openMenu(page, '业务受理');
    const queue = page.getByTestId('staff-queue');
    const row = queue.locator('tr.ant-table-row', { hasText: operator.name });
    await row.waitFor();
    await screenshot(page, 'app-07-staff-queue');
    await row.getByRole('button', { name: '办理' }).click();
    const review = page.getByTestId('review-drawer');
    const moves = review.getByTestId('staff-moves');
    await moves.getByRole('button', { name: /^受\s*理$/ }).waitFor();
    expect(await moves.getByRole('button').allTextContents()).toEqual(['受 理', '审核不通过']);
    await moves.getByRole('button', { name: '审核不通过' }).click();
    const move = page.getByTestId('move-modal');
    await move.getByRole('button', { name: '确认审核不通过' }).click();
    await expectFieldError(move, '审核意见', '请填写审核意见');
    await screenshot(page, 'app-08-reject-needs-feedback', { dialog: true });
    await move.getByRole('button', { name: '取 消' }).click();
    await move.waitFor({ state: 'hidden' });
    await moves.getByRole('button', { name: /^受\s*理$/ }).click();
    await page.getByTestId('move-modal').getByRole('button', { name: '确认受理' }).click();
    await waitForToast(page, '申请单状态为“申请受理中”');
    await review.getByTestId('application-timeline').getByText(`审核员 ${staff.name}`).waitFor();
    await screenshot(page, 'app-09-accepted-by-staff', { dialog: true });
    await page.locator('.ant-drawer-close').click();

    // 李四 again: 申请受理中, and 编辑 is refused with the reason.
    await logout(page);
    await loginAs(page, host.api, operator);
    await openMenu(page, '申请单管理');
    const accepted = page.getByTestId('applications-table').locator('tr.ant-table-row').first();
    await accepted.getByText('申请受理中').waitFor();
    await accepted.getByRole('button', { name: '查看' }).click();
    await mine.getByTestId('application-timeline').getByText(`审核员 ${staff.name}`).waitFor();
    expect(await mine.getByRole('button', { name: '编辑' }).isDisabled()).toBe(true);
    expect(await mine.getByRole('button', { name: '撤回' }).count()).toBe(0);
    await expect
      .poll(() => mine.getByTestId('edit-refusal').textContent())
      .toContain('当前状态为「申请受理中」，不能编辑，请联系客服');
    await screenshot(page, 'app-10-edit-refused', { dialog: true });
  });
});
