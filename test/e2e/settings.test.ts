import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import { SERVER_CHANGED_NOTICE } from '../../src-shared/schemas/settings';
import { NO_FILE_DIALOG_HINT, SIGN_OUT_CONFIRM } from '../../src-renderer/settings/settingsView';
import { startTestServer, type TestServer } from '../helpers/apiServer';
import { screenshot } from './support/browser';
import { expectFieldError, field, fill, loginAs, openMenu, waitForToast } from './support/pages';
import { useWebSession } from './support/session';

// The host starts as a packaged app without build configuration: no 服务地址 and no server of its own.
const web = useWebSession({ apiUrlUnset: true });
const { operator } = DEMO_ACCOUNTS;
// antd spaces out a two-character button label.
const SAVE = /^保\s*存$/;
const CANCEL = /^取\s*消$/;

// A second certificate service centre, for pointing the signed-in app elsewhere.
let other: TestServer;
beforeAll(async () => {
  other = await startTestServer({ demo: true });
});
afterAll(async () => {
  await other?.close();
});

function apiUrlInput() {
  return field(web.page, '服务地址').locator('input');
}

describe('设置 and the first run', () => {
  it('with no 服务地址 the first-run page comes before login; http:// to another computer is refused', async () => {
    const { page, host } = web;
    await page.goto(host.url);
    const firstRun = page.locator('[data-page="first-run"]');
    await firstRun.waitFor();
    await page.getByRole('heading', { name: '首次使用：请填写服务地址' }).waitFor();
    await screenshot(page, 'settings-01-first-run');

    await fill(page, '服务地址', 'http://api.example.cn');
    await firstRun.getByRole('button', { name: '保存并继续' }).click();
    await expectFieldError(
      page,
      '服务地址',
      '须使用 https://（只有本机地址 127.0.0.1、localhost 可以用 http://）',
    );
    await screenshot(page, 'settings-02-first-run-refused');
    // Refused here, so nothing was saved: reopening the page still asks.
    await page.goto(`${host.origin}/#/login`);
    await firstRun.waitFor();

    await fill(page, '服务地址', `${host.api.url}/`);
    await firstRun.getByRole('button', { name: '保存并继续' }).click();
    await page.locator('[data-page="login"]').waitFor();
    await page.getByText('服务地址已保存，请登录').waitFor();
    // The login page reaches the server just saved: its captcha shows.
    await page.locator('img[data-captcha-id]').waitFor();
  });

  it('设置 from the login page: the vendor list says what this computer has; the browser offers no file dialog', async () => {
    const { page, host } = web;
    await page.locator('.public-settings-link').click();
    const settings = page.locator('[data-page="settings"]');
    await settings.waitFor();
    // Kept without the trailing slash typed above.
    expect(await apiUrlInput().inputValue()).toBe(host.api.url);
    await settings.getByText('已保存在本机设置中').waitFor();
    await expect.poll(() => settings.getByRole('button', { name: '选择驱动文件…' }).isDisabled()).toBe(true);
    await settings.getByText(NO_FILE_DIALOG_HINT).waitFor();

    await field(page, 'KEY 驱动').locator('.ant-select').click();
    const softhsm = page.locator('.ant-select-item-option').filter({ hasText: 'SoftHSM2' });
    await softhsm.waitFor();
    expect(await softhsm.textContent()).toContain('本机已安装');
    await screenshot(page, 'settings-03-key-drivers');
    await softhsm.click();
    await settings.getByRole('button', { name: SAVE }).click();
    await waitForToast(page, '设置已保存');

    // Main kept it: a reload of the page reads it back.
    await page.reload();
    await settings.waitFor();
    await expect
      .poll(() => field(page, 'KEY 驱动').locator('.ant-select').textContent())
      .toContain('SoftHSM2');
    await screenshot(page, 'settings-04-saved');
  });

  it('signed in, another 服务地址 asks first, then signs out and opens the login page of the new server', async () => {
    const { page, host } = web;
    await page.getByRole('link', { name: '返回登录' }).click();
    await loginAs(page, host.api, operator);
    await openMenu(page, '设置');
    await page.locator('[data-page="settings"]').waitFor();
    await screenshot(page, 'settings-05-signed-in');

    await fill(page, '服务地址', 'http://192.168.1.20:8080');
    await page.getByRole('button', { name: SAVE }).click();
    await expectFieldError(page, '服务地址', '须使用 https://');

    await fill(page, '服务地址', other.url);
    await page.getByRole('button', { name: SAVE }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText(SIGN_OUT_CONFIRM.content).waitFor();
    await screenshot(page, 'settings-06-confirm', { dialog: true });
    await confirm.getByRole('button', { name: CANCEL }).click();
    await confirm.waitFor({ state: 'hidden' });
    // Cancelled: still signed in, on the same server.
    await page.locator('.app-header').waitFor();

    await page.getByRole('button', { name: SAVE }).click();
    await confirm.getByRole('button', { name: SIGN_OUT_CONFIRM.okText }).click();
    await page.locator('[data-page="login"]').waitFor();
    await page.getByText(SERVER_CHANGED_NOTICE).waitFor();
    await screenshot(page, 'settings-07-signed-out');
    // The login page now talks to the other server.
    await loginAs(page, other, operator);
  });
});
