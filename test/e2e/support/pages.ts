import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEV_SMS_PATH, type DevSms } from '../../../src-shared/api/routes';
import type { TestServer } from '../../helpers/apiServer';

/** The form item (label + control + messages) whose label is `label`, within `scope`. */
export function field(scope: Page | Locator, label: string): Locator {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
}

/** Types into the input of the form item labelled `label`. */
export async function fill(scope: Page | Locator, label: string, value: string): Promise<void> {
  await field(scope, label).locator('input').first().fill(value);
}

/** Waits until the form item labelled `label` shows `message` under it. */
export async function expectFieldError(scope: Page | Locator, label: string, message: string): Promise<void> {
  const explain = field(scope, label).locator('.ant-form-item-explain-error');
  await expect.poll(async () => (await explain.allTextContents()).join(' ')).toContain(message);
}

/** Reads the captcha on screen from the dev API and types its answer. */
export async function solveCaptcha(scope: Locator, api: TestServer): Promise<void> {
  const image = scope.locator('img[data-captcha-id]');
  await image.waitFor();
  const captchaId = await image.getAttribute('data-captcha-id');
  expect(captchaId).toBeTruthy();
  await fill(scope, '图片验证码', await api.captchaText(captchaId!));
}

async function smsOutbox(api: TestServer, phone: string): Promise<DevSms[]> {
  const response = await fetch(`${api.url}${DEV_SMS_PATH}?phone=${encodeURIComponent(phone)}`);
  return ((await response.json()) as { messages: DevSms[] }).messages;
}

/** Presses 获取验证码, waits for that new message in the dev SMS outbox and types its code. */
export async function requestAndFillSms(
  scope: Locator,
  api: TestServer,
  phone: string,
  label = '短信验证码',
) {
  const before = (await smsOutbox(api, phone)).length;
  await field(scope, label).getByRole('button', { name: '获取验证码' }).click();
  await expect.poll(async () => (await smsOutbox(api, phone)).length).toBe(before + 1);
  const [latest] = await smsOutbox(api, phone);
  await fill(scope, label, latest!.code);
}

/** The visible (active) tab panel of the antd Tabs on the page. */
export function activeTab(page: Page): Locator {
  return page.locator('[role="tabpanel"][aria-hidden="false"]');
}

export async function waitForToast(page: Page, text: string): Promise<void> {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor();
}

/** Clicks an entry of the left menu. */
export async function openMenu(page: Page, label: string): Promise<void> {
  await page.locator('.ant-layout-sider .ant-menu').getByText(label, { exact: true }).click();
}

/** Logs in on the login page with password and captcha, and waits for the signed-in shell. */
export async function loginWithPassword(
  page: Page,
  api: TestServer,
  account: { phone: string; password: string },
): Promise<void> {
  await page.locator('[data-page="login"]').waitFor();
  const form = activeTab(page);
  await fill(form, '账号', account.phone);
  await fill(form, '密码', account.password);
  await solveCaptcha(form, api);
  await form.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.app-header').waitFor();
}

/** 退出登录, confirmed, back on the login page. */
export async function logout(page: Page): Promise<void> {
  await page.locator('.app-header').getByRole('button', { name: '退出登录' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '退出登录' }).click();
  await page.locator('[data-page="login"]').waitFor();
}
