import fs from 'node:fs/promises';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEV_SMS_PATH, type DevSms } from '../../../src-shared/api/routes';
import type { TestServer } from '../../helpers/apiServer';
import { pdfText } from '../../helpers/pdfText';
import { scanPng } from '../../helpers/images';
import { screenshot } from './browser';

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

/**
 * Types the 图片验证码 that guards 获取验证码, presses it, waits for that new message in the dev SMS
 * outbox and types its code.
 */
export async function requestAndFillSms(
  scope: Locator,
  api: TestServer,
  phone: string,
  label = '短信验证码',
) {
  const before = (await smsOutbox(api, phone)).length;
  await solveCaptcha(scope, api);
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

/** Opens an entry of the side menu. */
export async function openMenu(page: Page, label: string): Promise<void> {
  await page.locator('.ant-layout-sider .ant-menu').getByText(label, { exact: true }).click();
}

/** 业务办理 → the card of `service` → the 协议书 read and accepted: the form is next. */
export async function startService(page: Page, service: string): Promise<void> {
  await openMenu(page, '业务办理');
  await page.locator(`.service-card[data-service="${service}"]`).click();
  const agreement = page.getByTestId('agreement');
  await agreement.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
  await agreement.getByRole('button', { name: '下一步' }).click();
}

/** Logs in with 账号密码登录 (`phone`: what goes in 账号, a phone or an ID number) and waits for the app. */
export async function loginAs(
  page: Page,
  api: TestServer,
  account: { phone: string; password: string },
): Promise<void> {
  await page.locator('[data-page="login"]').waitFor();
  await page.getByRole('tab', { name: '账号密码登录' }).click();
  const form = activeTab(page);
  await fill(form, '账号', account.phone);
  await fill(form, '密码', account.password);
  await solveCaptcha(form, api);
  await form.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.app-header').waitFor();
}

/** 退出登录, confirmed (with a screenshot of the question when `screenshotName` is given). */
export async function logout(page: Page, screenshotName?: string): Promise<void> {
  await page.locator('.app-header').getByRole('button', { name: '退出登录' }).click();
  const dialog = page.locator('.ant-modal-confirm');
  await dialog.getByText('确定要退出当前账号吗？').waitFor();
  if (screenshotName) await screenshot(page, screenshotName, { dialog: true });
  await dialog.getByRole('button', { name: '退出登录' }).click();
  await page.locator('[data-page="login"]').waitFor();
}

/** The open dialog titled `title`. */
export function modal(page: Page, title: string): Locator {
  return page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

/** The row of record `id` in the table with test id `tableTestId`. */
export function rowOf(page: Page, tableTestId: string, id: string): Locator {
  return page.getByTestId(tableTestId).locator(`tr[data-row-key="${id}"]`);
}

/** Closes the drawer `drawer` with its ✕ and waits until it is gone. */
export async function closeDrawer(drawer: Locator): Promise<void> {
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
}

/** Chooses a file for the attachment `key` of the service form (what the file picker would give). */
export async function attach(page: Page, key: string, name: string, buffer: Buffer): Promise<void> {
  await page.locator(`[data-attachment="${key}"] input[type=file]`).setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer,
  });
}

/** The scans of 企业证书新办 (and the enterprise renewal): business licence and both sides of the ID card. */
export async function attachEnterpriseScans(page: Page): Promise<void> {
  for (const key of ['businessLicence', 'idCardFront', 'idCardBack']) {
    await attach(page, key, `${key}.png`, scanPng());
    await page.locator(`[data-attachment="${key}"]`).getByText(`${key}.png`).waitFor();
  }
}

/** Clicks, waits for the download it starts and reads it as a PDF: its file name and its text. */
export async function downloadedPdf(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return {
    name: download.suggestedFilename(),
    text: await pdfText(await fs.readFile(await download.path())),
  };
}

/** Text without white space: what pdftotext splits over lines or pads still compares. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
