import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
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

  it('offline: the header says 离线 and 立即同步 is refused with the reason', async () => {
    const { page, host } = web;
    await host.stopApi();
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    await openMenu(page, '申请单管理');
    await openMenu(page, '同步');
    await page.getByText('当前离线，无法连接证书服务中心，联网后会自动同步').waitFor();
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true);
    await screenshot(page, 'sync-02-offline');
  });
});
