import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../helpers/softhsm';
import { startTestWebHost, type TestWebHost } from '../helpers/webHost';
import { login as apiLogin, ok } from '../integration/server/api';
import { enterpriseForm, enterpriseScans } from '../integration/server/fixtures';
import { payByTransfer } from '../integration/server/flows';
import { launchChromium, newDesktopPage, screenshot } from './support/browser';
import { activeTab, expectFieldError, field, fill, solveCaptcha, waitForToast } from './support/pages';

const { operator, staff } = DEMO_ACCOUNTS;
const NEW_PIN = 'lisi2025';
const CUSTOMER_PIN = 'kehu2025';

let host: TestWebHost;
let hsm: SoftHsm;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  hsm = createSoftHsm();
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
});

/** A PNG as far as any reader looks: signature and IHDR (800×600), then filler. */
function png(): Buffer {
  const size = Buffer.alloc(8);
  size.writeUInt32BE(800, 0);
  size.writeUInt32BE(600, 4);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
  return Buffer.concat([Buffer.from(signature), Buffer.from('IHDR'), size, Buffer.alloc(4_000, 7)]);
}

async function login(account: { phone: string; password: string }): Promise<void> {
  await page.locator('[data-page="login"]').waitFor();
  const form = activeTab(page);
  await fill(form, '账号', account.phone);
  await fill(form, '密码', account.password);
  await solveCaptcha(form, host.api);
  await form.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator('.app-header').waitFor();
}

async function logout(): Promise<void> {
  await page.locator('.app-header').getByRole('button', { name: '退出登录' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '退出登录' }).click();
  await page.locator('[data-page="login"]').waitFor();
}

async function openMenu(label: string): Promise<void> {
  await page.locator('.ant-layout-sider .ant-menu').getByText(label, { exact: true }).click();
}

function modal(title: string) {
  return page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

/** Picks the KEY with `serial` in a KEY step (a picker shows when several KEYs are inserted). */
async function chooseKey(scope: Locator, serial: string): Promise<void> {
  const target = scope.locator('.key-pin-target');
  const picker = target.locator('.key-select');
  await expect
    .poll(async () => (await picker.count()) > 0 || ((await target.textContent()) ?? '').includes(serial))
    .toBe(true);
  if (((await target.textContent()) ?? '').includes(serial)) return;
  await picker.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: serial }).click();
  await expect.poll(async () => (await target.textContent()) ?? '').toContain(serial);
}

/** The issuer's side over HTTP: 受理, the order paid by transfer, and (unless a blank KEY) 发证. */
async function acceptAndPay(id: string): Promise<ApplicationDetail> {
  const staffToken = (await apiLogin(host.api, staff.phone, staff.password)).token;
  const operatorToken = (await apiLogin(host.api, operator.phone, operator.password)).token;
  const pending = await ok(host.api, 'applications.get', { id }, staffToken);
  await ok(host.api, 'applications.transition', { id, name: 'accept', version: pending.version }, staffToken);
  await payByTransfer(host.api, operatorToken, staffToken, [id]);
  return ok(host.api, 'applications.get', { id }, staffToken);
}

describe('certificate requests on the KEY in the browser', () => {
  it('李四: no KEY → 空白 KEY stated; KEY inserted → PIN → key pair on the KEY → submit → 写入 KEY', async () => {
    await page.goto(host.url);
    await login(operator);
    await page.locator('.service-card[data-service="cert.new.enterprise"]').click();
    const agreement = page.getByTestId('agreement');
    await agreement.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await agreement.getByRole('button', { name: '下一步' }).click();
    await expect
      .poll(() => field(page, '统一社会信用代码').locator('input').inputValue())
      .toBe(DEMO_ENTERPRISE.creditCode);
    for (const key of ['businessLicence', 'idCardFront', 'idCardBack']) {
      await page.locator(`[data-attachment="${key}"] input[type=file]`).setInputFiles({
        name: `${key}.png`,
        mimeType: 'image/png',
        buffer: png(),
      });
    }

    // No KEY: the blank KEY at the counter is what will be submitted, and it says so.
    const section = page.getByTestId('key-request');
    await section.getByTestId('blank-key-notice').waitFor();
    expect(await section.getByRole('radio', { name: '空白 KEY 到柜台办理' }).isChecked()).toBe(true);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'keyreq-01-no-key-blank');

    // Inserted: the step follows the KEY without a reload.
    const token = hsm.createToken('李四的新KEY');
    await section.getByText(token.serial).waitFor();
    expect(await section.getByRole('radio', { name: '在已插入的 KEY 上生成密钥对' }).isChecked()).toBe(true);
    await section.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();
    await expectFieldError(section, 'PIN 码', '请输入 PIN 码');
    await fill(section, 'PIN 码', '111111');
    await screenshot(page, 'keyreq-02-key-inserted');
    await section.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();

    // The factory PIN is changed first; the key pair is then made with the new one.
    const change = modal('请修改 KEY 的出厂 PIN 码');
    await change.getByText('这只 KEY 仍在使用出厂 PIN 码 111111').waitFor();
    await fill(change, '新 PIN 码', NEW_PIN);
    await fill(change, '确认新 PIN 码', NEW_PIN);
    await screenshot(page, 'keyreq-03-factory-pin', { dialog: true });
    await change.getByRole('button', { name: '确认修改' }).click();
    const made = section.getByTestId('key-request-made');
    await made.getByText(/已在 KEY（李四的新KEY .*）上生成密钥对和证书请求（RSA 2048 位）/).waitFor();
    await screenshot(page, 'keyreq-04-request-made');

    await page.getByRole('button', { name: '提交申请单' }).click();
    const submitted = page.getByTestId('application-submitted');
    await submitted.getByText('申请单已提交').waitFor();
    await submitted.getByRole('button', { name: '查看申请单' }).click();
    const mine = page.getByTestId('application-drawer');
    await mine.getByTestId('application-timeline').getByText('提交申请').waitFor();
    // 编辑 keeps the request made on the KEY unless a new one is made.
    await mine.getByRole('button', { name: '编辑' }).click();
    const edit = page.getByTestId('application-edit');
    const editKey = edit.getByTestId('key-request');
    expect(await editKey.getByRole('radio', { name: '保留已生成的证书请求' }).isChecked()).toBe(true);
    await editKey.scrollIntoViewIfNeeded();
    await screenshot(page, 'keyreq-05-edit-keeps-request', { dialog: true });
    await edit.getByRole('button', { name: '保存修改' }).click();
    await waitForToast(page, '申请单已保存');
    await edit.waitFor({ state: 'hidden' });
    const id = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('open');
    expect(id).toBeTruthy();
    await page.locator('.ant-drawer-close').click();
    await mine.waitFor({ state: 'hidden' });

    // The centre accepts, the order is paid, the issuer issues (HTTP); 李四 writes it onto the KEY.
    const paid = await acceptAndPay(id!);
    expect(paid.hasCsr).toBe(true);
    const staffToken = (await apiLogin(host.api, staff.phone, staff.password)).token;
    await ok(
      host.api,
      'applications.transition',
      { id: paid.id, name: 'issue', version: paid.version },
      staffToken,
    );
    await openMenu('业务办理');
    await openMenu('申请单管理');
    const row = page.getByTestId('applications-table').locator('tr.ant-table-row').first();
    await row.getByText('可领取').waitFor();
    await row.getByRole('button', { name: '查看' }).click();
    await mine.getByRole('button', { name: '写入 KEY' }).click();
    const write = page.getByTestId('write-certificate-modal');
    await write.getByText(token.serial).waitFor();
    await fill(write, 'PIN 码', NEW_PIN);
    await screenshot(page, 'keyreq-06-write-pin', { dialog: true });
    await write.getByRole('button', { name: '写入 KEY' }).click();
    const written = write.getByTestId('written-certificate');
    await written.getByText(DEMO_ENTERPRISE.name).waitFor();
    expect(await written.textContent()).toContain(DEMO_ENTERPRISE.creditCode);
    await screenshot(page, 'keyreq-07-written', { dialog: true });
    await write.getByRole('button', { name: '完 成' }).click();
    await write.waitFor({ state: 'hidden' });
    await page.locator('.ant-drawer-close').click();

    // 证书管理 lists it on the KEY.
    await openMenu('证书管理');
    await page
      .getByTestId('key-certificates')
      .locator('tr', { hasText: DEMO_ENTERPRISE.creditCode })
      .waitFor();
    await screenshot(page, 'keyreq-08-certificate-on-key');
    await logout();
    expect(pageErrors).toEqual([]);
  });

  it('王五 at the counter: the customer’s blank KEY → request → 发证 → 写入 KEY → 寄出', async () => {
    const operatorToken = (await apiLogin(host.api, operator.phone, operator.password)).token;
    const blank = await ok(
      host.api,
      'applications.submit',
      {
        service: 'cert.new.enterprise',
        values: enterpriseForm(),
        attachments: await enterpriseScans(host.api, operatorToken),
        blankKey: true,
      },
      operatorToken,
    );
    await acceptAndPay(blank.id);

    await page.goto(host.url);
    await login(staff);
    await openMenu('业务受理');
    const queue = page.getByTestId('staff-queue');
    await page.locator('.filter-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '申请受理中' }).click();
    const search = page.getByPlaceholder('姓名、企业、信用代码或单号');
    await search.fill(blank.id);
    await search.press('Enter');
    const row = queue.locator('tr.ant-table-row').first();
    await row.getByText('申请受理中').waitFor();
    await row.getByRole('button', { name: '办理' }).click();
    const review = page.getByTestId('review-drawer');
    await review
      .getByTestId('staff-moves')
      .getByRole('button', { name: /^发\s*证$/ })
      .click();

    const issue = page.getByTestId('counter-issue-modal');
    await issue.getByText('该申请选择了“空白 KEY 到柜台办理”').waitFor();
    expect(await issue.getByRole('button', { name: '确认发证' }).isDisabled()).toBe(true);
    const customerKey = hsm.createToken('客户空白KEY');
    await chooseKey(issue, customerKey.serial);
    await fill(issue, 'PIN 码', '111111');
    await screenshot(page, 'keyreq-09-counter-blank-key', { dialog: true });
    await issue.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();
    const change = modal('请修改 KEY 的出厂 PIN 码');
    await fill(change, '新 PIN 码', CUSTOMER_PIN);
    await fill(change, '确认新 PIN 码', CUSTOMER_PIN);
    await change.getByRole('button', { name: '确认修改' }).click();
    await issue.getByTestId('key-request-made').getByText(customerKey.serial, { exact: false }).waitFor();
    await screenshot(page, 'keyreq-10-counter-request-made', { dialog: true });
    await issue.getByRole('button', { name: '确认发证' }).click();
    await waitForToast(page, '申请单状态为“可领取”');

    await review.getByRole('button', { name: '写入 KEY' }).click();
    const write = page.getByTestId('write-certificate-modal');
    await chooseKey(write, customerKey.serial);
    await fill(write, 'PIN 码', CUSTOMER_PIN);
    await write.getByRole('button', { name: '写入 KEY' }).click();
    await write.getByTestId('written-certificate').getByText(customerKey.serial).waitFor();
    await screenshot(page, 'keyreq-11-counter-written', { dialog: true });
    await write.getByRole('button', { name: '完 成' }).click();
    await write.waitFor({ state: 'hidden' });

    await review
      .getByTestId('staff-moves')
      .getByRole('button', { name: /^寄\s*出$/ })
      .click();
    const ship = page.getByTestId('move-modal');
    await fill(ship, '快递单号', 'SF1234567890');
    await ship.getByRole('button', { name: '确认寄出' }).click();
    await waitForToast(page, '申请单状态为“已寄出”');
    await screenshot(page, 'keyreq-12-shipped', { dialog: true });
    expect(pageErrors).toEqual([]);
  });
});
