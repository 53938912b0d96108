import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import { moveToken, putCertificateOnToken, serverCa } from '../helpers/keyCertificate';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../helpers/softhsm';
import { startTestWebHost, type TestWebHost } from '../helpers/webHost';
import { launchChromium, newDesktopPage, screenshot } from './support/browser';
import { activeTab, expectFieldError, fill, solveCaptcha, waitForToast } from './support/pages';

const operator = DEMO_ACCOUNTS.operator;
const NEW_PIN = 'lisi2025';

let host: TestWebHost;
let hsm: SoftHsm;
let staging: SoftHsm;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  hsm = createSoftHsm();
  staging = createSoftHsm();
  host = await startTestWebHost({
    demo: true,
    token: { env: { ...hsm.env, CERTDESK_PKCS11_MODULE: SOFTHSM_MODULE } },
  });
  browser = await launchChromium();
  page = await newDesktopPage(browser);
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, `failed-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  hsm?.cleanup();
  staging?.cleanup();
});

function modal(title: string) {
  return page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

describe('the USB KEY in the browser', () => {
  it('KEY inserted → certificate listed → bind with 111111 → forced PIN change → log out → log in by KEY', async () => {
    // A KEY prepared elsewhere with a certificate of the centre's CA, not yet inserted.
    const token = staging.createToken('李四的KEY');
    await putCertificateOnToken(
      staging,
      token,
      {
        commonName: operator.name,
        organization: operator.enterprise.name,
        serialNumber: operator.enterprise.creditCode,
      },
      serverCa(host.api.url),
    );

    await page.goto(host.url);
    await page.locator('[data-page="login"]').waitFor();
    const form = activeTab(page);
    await fill(form, '账号', operator.phone);
    await fill(form, '密码', operator.password);
    await solveCaptcha(form, host.api);
    await form.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.app-header').waitFor();

    await page.locator('.ant-layout-sider .ant-menu').getByText('证书管理', { exact: true }).click();
    const status = page.getByTestId('key-status');
    await status.getByText('未检测到 KEY').waitFor();
    await page.getByTestId('bound-certificates').getByText('尚未绑定证书').waitFor();
    await screenshot(page, 'key-01-no-key');

    // Inserted: the page follows without a reload.
    moveToken(staging, token, hsm);
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
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // 绑定证书: a wrong PIN is refused on the field, then the factory PIN binds.
    await row.getByRole('button', { name: '绑定证书' }).click();
    const bind = modal('绑定证书');
    await bind.getByText('新 KEY 的出厂 PIN 码为 111111').waitFor();
    await fill(bind, 'KEY 的 PIN 码', '000000');
    await bind.getByRole('button', { name: '确认绑定' }).click();
    await expectFieldError(bind, 'KEY 的 PIN 码', 'PIN 码错误');
    await screenshot(page, 'key-04-bind-wrong-pin', { dialog: true });
    await fill(bind, 'KEY 的 PIN 码', '111111');
    await bind.getByRole('button', { name: '确认绑定' }).click();

    // The factory PIN must be replaced before going on: the dialog cannot be dismissed.
    const change = modal('请修改 KEY 的出厂 PIN 码');
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
    await page.locator('.app-header').getByRole('button', { name: '退出登录' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '退出登录' }).click();
    await page.locator('[data-page="login"]').waitFor();
    await page.getByRole('tab', { name: 'USB KEY 登录' }).click();
    const keyForm = activeTab(page);
    await keyForm.getByText(`${operator.name} · ${operator.enterprise.name}`).waitFor();
    await fill(keyForm, 'PIN 码', NEW_PIN);
    await screenshot(page, 'key-07-login-by-key');
    await keyForm.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.app-header').waitFor();
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(operator.name);
    await screenshot(page, 'key-08-logged-in-by-key');
    expect(pageErrors).toEqual([]);
  });
});
