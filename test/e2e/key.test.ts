import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import { screenshot } from './support/browser';
import { prepareKey } from './support/keys';
import {
  activeTab,
  expectFieldError,
  fill,
  loginAs,
  logout,
  modal,
  openMenu,
  waitForToast,
  closeDrawer,
} from './support/pages';
import { useWebSession } from './support/session';

const operator = DEMO_ACCOUNTS.operator;
const NEW_PIN = 'lisi2025';

const web = useWebSession({ keys: true });

describe('the USB KEY in the browser', () => {
  it('KEY inserted → certificate listed → bind with 111111 → forced PIN change → log out → log in by KEY', async () => {
    const { page, host, hsm } = web;
    // A KEY prepared elsewhere with a certificate of the centre's CA, not yet inserted.
    const key = await prepareKey(host.api.url, '李四的KEY', {
      commonName: operator.name,
      organization: operator.enterprise.name,
      serialNumber: operator.enterprise.creditCode,
    });
    const { token } = key;
    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    await openMenu(page, '证书管理');
    const status = page.getByTestId('key-status');
    await status.getByText('未检测到 KEY').waitFor();
    await page.getByTestId('bound-certificates').getByText('尚未绑定证书').waitFor();
    await screenshot(page, 'key-01-no-key');

    // Inserted: the page follows without a reload.
    key.insert(hsm);
    await status.getByText(token.serial).waitFor();
    const row = page.getByTestId('key-certificates').locator('tr', { hasText: operator.enterprise.name });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(operator.enterprise.creditCode);
    await expect.poll(() => row.textContent()).toContain('有效');
    await screenshot(page, 'key-02-certificates');

    await row.getByRole('button', { name: operator.name }).click();
    const drawer = page.getByTestId('certificate-drawer');
    await drawer.getByText('SHA-256 指纹').waitFor();
    await screenshot(page, 'key-03-certificate-details', { dialog: true });
    await closeDrawer(drawer);

    // 绑定证书: a wrong PIN is refused on the field, then the factory PIN binds.
    await row.getByRole('button', { name: '绑定证书' }).click();
    const bind = modal(page, '绑定证书');
    await bind.getByText('新 KEY 的出厂 PIN 码为 111111').waitFor();
    await fill(bind, 'KEY 的 PIN 码', '000000');
    await bind.getByRole('button', { name: '确认绑定' }).click();
    await expectFieldError(bind, 'KEY 的 PIN 码', 'PIN 码错误');
    await screenshot(page, 'key-04-bind-wrong-pin', { dialog: true });
    await fill(bind, 'KEY 的 PIN 码', '111111');
    await bind.getByRole('button', { name: '确认绑定' }).click();

    // The factory PIN must be replaced before going on: the dialog cannot be dismissed.
    const change = modal(page, '请修改 KEY 的出厂 PIN 码');
    await change.getByText('这只 KEY 仍在使用出厂 PIN 码 111111').waitFor();
    expect(await change.getByRole('button', { name: '取消' }).isVisible()).toBe(false);
    await fill(change, '新 PIN 码', '111111');
    await fill(change, '确认新 PIN 码', '111111');
    await change.getByRole('button', { name: '确认修改' }).click();
    await expectFieldError(change, '新 PIN 码', '新 PIN 码不能是出厂 PIN 码 111111');
    await screenshot(page, 'key-05-forced-pin-change', { dialog: true });
    await fill(change, '新 PIN 码', NEW_PIN);
    await fill(change, '确认新 PIN 码', NEW_PIN);
    await change.getByRole('button', { name: '确认修改' }).click();
    await waitForToast(page, 'PIN 码已修改');
    await change.waitFor({ state: 'hidden' });

    const boundList = page.getByTestId('bound-certificates');
    await boundList.locator('tr', { hasText: operator.enterprise.creditCode }).waitFor();
    await row.getByText('已绑定').waitFor();
    await screenshot(page, 'key-06-bound');

    // Log out, then in again with the KEY alone.
    await logout(page);
    await page.getByRole('tab', { name: 'USB KEY 登录' }).click();
    const keyForm = activeTab(page);
    await keyForm.getByText(`${operator.name} · ${operator.enterprise.name}`).waitFor();
    await fill(keyForm, 'PIN 码', NEW_PIN);
    await screenshot(page, 'key-07-login-by-key');
    await keyForm.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.app-header').waitFor();
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(operator.name);
    await screenshot(page, 'key-08-logged-in-by-key');
  });
});
