import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import { login as apiLogin, ok as apiOk } from '../integration/server/api';
import { enterpriseForm, enterpriseScans } from '../integration/server/fixtures';
import { scanPng } from '../helpers/images';
import { screenshot } from './support/browser';
import {
  attach,
  closeDrawer,
  field,
  fill,
  loginAs,
  openMenu,
  rowOf,
  startService,
  waitForToast,
} from './support/pages';
import { useWebSession } from './support/session';

const { operator } = DEMO_ACCOUNTS;

const web = useWebSession();
/** The application the offline walk edits, and its owner's API token. */
let edited: { id: string; token: string } | null = null;

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

  it('offline: an edit waits as 待同步 (header, list, 同步 page) and 立即同步 is refused with the reason', async () => {
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
    await rowOf(page, 'applications-table', submitted.id).getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('application-fields') });
    await drawer
      .getByTestId('application-fields')
      .getByText(submitted.number ?? '待分配')
      .waitFor();
    await drawer.getByRole('button', { name: '编辑' }).click();
    const editor = page.locator('.ant-modal');
    await fill(editor, '企业地址', '福建省福州市鼓楼区离线路 1 号');

    await host.stopApi();
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    edited = { id: submitted.id, token };
    await editor.getByRole('button', { name: '保存修改' }).click();
    await waitForToast(page, '申请单已保存');
    await page.getByTestId('sync-indicator').getByText('1 项待同步').waitFor();
    await closeDrawer(drawer);
    await rowOf(page, 'applications-table', submitted.id).getByText('待同步').waitFor();
    await screenshot(page, 'sync-02-pending-list');

    await page.getByTestId('sync-indicator').click();
    await page.getByText('当前离线，无法连接证书服务中心，联网后会自动同步').waitFor();
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true);
    const row = page.getByTestId('sync-queue').locator('tr[data-row-key]').first();
    await row.locator('[data-status="pending"]', { hasText: '待同步' }).waitFor();
    await screenshot(page, 'sync-03-offline-queue');

    // Still offline: the drawer withdraws it; the state moves at once, the step waits as 待同步.
    await openMenu(page, '申请单管理');
    await rowOf(page, 'applications-table', submitted.id).getByRole('button', { name: '查看' }).click();
    await drawer.getByTestId('application-fields').getByText('待审核').waitFor();
    expect(await drawer.getByText('联网后才能修改').count()).toBe(0);
    expect(await drawer.getByRole('button', { name: '编辑' }).isDisabled()).toBe(false);
    await screenshot(page, 'sync-04-offline-drawer');
    await drawer.getByRole('button', { name: '撤回' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '撤回申请' }).click();
    await waitForToast(page, '已在本机撤回申请，联网后自动同步');
    await drawer.getByTestId('application-fields').getByText('已撤回').waitFor();
    const timeline = drawer.getByTestId('application-timeline');
    await timeline.locator('.timeline-step', { hasText: '撤回申请' }).getByText('待同步').waitFor();
    expect(await drawer.getByRole('button', { name: '删除' }).isDisabled()).toBe(false);
    await page.getByTestId('sync-indicator').getByText('2 项待同步').waitFor();
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-05-offline-drawer-withdrawn');
    await closeDrawer(drawer);
  });

  it('offline: a new application is kept here with its state and fee, marked 待同步', async () => {
    const { page } = web;
    await startService(page, 'cert.new.enterprise');
    await page.getByText('离线：申请表按本机保存的个人资料填写').waitFor();
    await expect.poll(() => field(page, '经办人姓名').locator('input').inputValue()).toBe(operator.name);
    // Offline one file serves one attachment: three different scans.
    for (const [index, key] of ['businessLicence', 'idCardFront', 'idCardBack'].entries()) {
      await attach(page, key, `${key}.png`, scanPng(800 + index, 600));
      await page.locator(`[data-attachment="${key}"]`).getByText(`${key}.png`).waitFor();
    }
    await page.getByRole('button', { name: '提交申请单' }).click();
    const submitted = page.getByTestId('application-submitted');
    await submitted.getByText('申请单已保存在本机').waitFor();
    await submitted.locator('[data-state="pending"]').getByText('待审核').waitFor();
    await submitted.getByText('¥400.00（按收费标准计算，待同步）').waitFor();
    await screenshot(page, 'sync-06-offline-submitted');

    await submitted.getByRole('button', { name: '查看申请单' }).click();
    const drawer = page.getByTestId('application-drawer');
    const fields = drawer.getByTestId('application-fields');
    await fields.getByText('待分配').waitFor();
    await drawer.getByTestId('application-fee').getByText('待同步').waitFor();
    await drawer
      .getByTestId('application-timeline')
      .locator('.timeline-step', { hasText: '提交申请' })
      .getByText('待同步')
      .waitFor();
    await page.getByTestId('sync-indicator').getByText('3 项待同步').waitFor();
  });

  it('back online: the API server restarted on the same data, the waiting edit is pushed once', async () => {
    const { page, host } = web;
    if (!edited) throw new Error('the offline walk did not run');
    await host.restartApi();
    await page.getByTestId('sync-indicator').getByText('在线').waitFor({ timeout: 30_000 });
    // The last walk left its drawer open over the header.
    await page.keyboard.press('Escape');
    await page.getByTestId('application-drawer').waitFor({ state: 'hidden' });
    await page.getByTestId('sync-indicator').click();
    await page.getByTestId('sync-queue').getByText('没有待同步或被退回的修改').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sync-pending').count()).toBe(0);
    await screenshot(page, 'sync-04-back-online');

    const detail = await apiOk(host.api, 'applications.get', { id: edited.id }, edited.token);
    expect(JSON.stringify(detail.values)).toContain('福建省福州市鼓楼区离线路 1 号');
    expect(detail.timeline.filter((move) => move.transition === 'submit')).toHaveLength(1);
  });
});
