import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { login as apiLogin, ok as apiOk } from '../integration/server/api';
import { enterpriseForm, enterpriseScans } from '../integration/server/fixtures';
import { screenshot } from './support/browser';
import { loginAs, openMenu, waitForToast } from './support/pages';
import { useWebSession } from './support/session';

const { operator } = DEMO_ACCOUNTS;

const web = useWebSession();

describe('the 同步 page in the browser', () => {
  it('online: the header says 在线, nothing waits, 立即同步 runs', async () => {
    const { page, host } = web;
    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    const indicator = page.getByTestId('sync-indicator');
    await indicator.getByText('在线').waitFor();
    expect(await page.getByTestId('sync-pending').count()).toBe(0);
    expect(await page.getByTestId('sync-rejected').count()).toBe(0);
    await indicator.click();
    await page.locator('.page-title', { hasText: '同步' }).waitFor();
    await page.getByTestId('sync-queue').getByText('没有待同步或被退回的修改').waitFor();
    await page.getByTestId('sync-now').click();
    await waitForToast(page, '同步完成');
    await page
      .getByTestId('sync-last')
      .getByText(/^上次同步：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      .waitFor();
    await screenshot(page, 'sync-01-online');
  });

  it('an edit made on a stale copy is refused: both versions side by side, 放弃我的修改 asks first', async () => {
    const { page, host } = web;
    const token = (await apiLogin(host.api, operator.phone, operator.password)).token;
    const attachments = await enterpriseScans(host.api, token);
    const submitted = await apiOk(
      host.api,
      'applications.submit',
      { service: 'cert.new.enterprise', values: enterpriseForm(), attachments, blankKey: true },
      token,
    );
    await page.getByTestId('sync-now').click();
    await waitForToast(page, '同步完成');
    await openMenu(page, '申请单管理');
    await page.getByTestId('applications-table').getByRole('button', { name: '查看' }).first().click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByText(submitted.id).waitFor();
    // Meanwhile the application changes on the server (another desk): this copy is now behind.
    const changed: ApplicationDetail = await apiOk(
      host.api,
      'applications.edit',
      {
        id: submitted.id,
        version: submitted.version,
        values: { ...enterpriseForm(), enterpriseAddress: '福州市鼓楼区另一台路9号' },
        attachments,
        blankKey: true,
      },
      token,
    );
    expect(changed.version).toBeGreaterThan(submitted.version);
    await drawer.getByRole('button', { name: '编辑' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('sync-indicator').getByText('1 项被退回').waitFor();
    await screenshot(page, 'sync-02-refused-header');
    await page.getByTestId('sync-indicator').click();
    const row = page.getByTestId('sync-queue').locator('tr[data-row-key]').first();
    await row.getByText('被退回').waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('sync-server').getByText('福州市鼓楼区另一台路9号').waitFor();
    await page.getByTestId('sync-mine').getByText('申请信息 · 企业地址').waitFor();
    await screenshot(page, 'sync-03-refused');
    await row.getByRole('button', { name: '放弃我的修改' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('本机填写的内容将被丢弃，以服务器版本为准。确定放弃吗？').waitFor();
    await screenshot(page, 'sync-04-discard-confirm');
    await confirm.getByRole('button', { name: '放弃我的修改' }).click();
    await waitForToast(page, '已放弃本机的修改，以服务器版本为准');
    await page.getByTestId('sync-queue').getByText('没有待同步或被退回的修改').waitFor();
    expect(await page.getByTestId('sync-rejected').count()).toBe(0);
  });

  it('offline: the header says 离线 and 立即同步 is refused with the reason', async () => {
    const { page, host } = web;
    await host.stopApi();
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    await openMenu(page, '申请单管理');
    await openMenu(page, '同步');
    await page.getByText('当前离线，无法连接证书服务中心，联网后会自动同步').waitFor();
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true);
    await screenshot(page, 'sync-05-offline');
  });
});
