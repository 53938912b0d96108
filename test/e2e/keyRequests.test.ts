import { describe, expect, it } from 'vitest';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import { login as apiLogin, ok } from '../integration/server/api';
import { enterpriseForm, enterpriseScans } from '../integration/server/fixtures';
import { payByTransfer } from '../integration/server/flows';
import { screenshot } from './support/browser';
import { bindCertificate, changeFactoryPin, chooseKey, prepareKey } from './support/keys';
import {
  attachEnterpriseScans,
  closeDrawer,
  expectFieldError,
  field,
  fill,
  loginAs,
  logout,
  modal,
  openMenu,
  startService,
  waitForToast,
} from './support/pages';
import { idOfNumber, numberShownIn } from './support/records';
import { useWebSession } from './support/session';
import { APPLICATION_SEARCH_PLACEHOLDER } from '../../src-renderer/staff/staffDesk';

const { operator, staff } = DEMO_ACCOUNTS;
const NEW_PIN = 'lisi2025';
const CUSTOMER_PIN = 'kehu2025';

const web = useWebSession({ keys: true });

/** The issuer's side over HTTP: 受理, the order paid by transfer, and (unless a blank KEY) 发证. */
async function acceptAndPay(id: string): Promise<ApplicationDetail> {
  const staffToken = (await apiLogin(web.host.api, staff.phone, staff.password)).token;
  const operatorToken = (await apiLogin(web.host.api, operator.phone, operator.password)).token;
  const pending = await ok(web.host.api, 'applications.get', { id }, staffToken);
  await ok(
    web.host.api,
    'applications.transition',
    { id, name: 'accept', version: pending.version },
    staffToken,
  );
  await payByTransfer(web.host.api, operatorToken, staffToken, [id]);
  return ok(web.host.api, 'applications.get', { id }, staffToken);
}

describe('certificate requests on the KEY in the browser', () => {
  it('李四: no KEY → 空白 KEY stated; KEY inserted → PIN → key pair on the KEY → submit → 写入 KEY', async () => {
    const { page, host, hsm } = web;
    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    await startService(page, 'cert.new.enterprise');
    await expect
      .poll(() => field(page, '统一社会信用代码').locator('input').inputValue())
      .toBe(DEMO_ENTERPRISE.creditCode);
    await attachEnterpriseScans(page);

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
    const change = modal(page, '请修改 KEY 的出厂 PIN 码');
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
    await closeDrawer(mine);

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
    // The drawer reads the application afresh: 可领取, and 写入 KEY is offered.
    const row = page.getByTestId('applications-table').locator('tr.ant-table-row').first();
    await row.getByRole('button', { name: '查看' }).click();
    await mine.locator('[data-state="ready"]').first().waitFor();
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
    await openMenu(page, '证书管理');
    await page
      .getByTestId('key-certificates')
      .locator('tr', { hasText: DEMO_ENTERPRISE.creditCode })
      .waitFor();
    await screenshot(page, 'keyreq-08-certificate-on-key');
    await logout(page);
  });

  it('王五 at the counter: the customer’s blank KEY → request → 发证 → 写入 KEY → 寄出', async () => {
    const { page, host, hsm } = web;
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
    await loginAs(page, host.api, staff);
    await openMenu(page, '业务受理');
    const queue = page.getByTestId('staff-queue');
    await page.locator('.filter-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '申请受理中' }).click();
    const search = page.getByPlaceholder(APPLICATION_SEARCH_PLACEHOLDER);
    // Staff find it by the 申请单号 the applicant reads out.
    await search.fill(blank.number ?? '');
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
    await chooseKey(page, issue, customerKey.serial);
    await fill(issue, 'PIN 码', '111111');
    await screenshot(page, 'keyreq-09-counter-blank-key', { dialog: true });
    await issue.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();
    await changeFactoryPin(page, CUSTOMER_PIN);
    await issue.getByTestId('key-request-made').getByText(customerKey.serial, { exact: false }).waitFor();
    await screenshot(page, 'keyreq-10-counter-request-made', { dialog: true });
    await issue.getByRole('button', { name: '确认发证' }).click();
    await waitForToast(page, '申请单状态为“可领取”');

    // Issued, and pulled onto this computer: the network goes away before the KEY is written. The
    // counter writes it from the kept certificate, offline.
    await closeDrawer(review);
    await page.locator('.filter-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '可领取' }).click();
    await queue.locator('tr.ant-table-row').first().getByText('可领取').waitFor();
    await host.stopApi();
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    await queue.locator('tr.ant-table-row').first().getByRole('button', { name: '办理' }).click();
    await review.getByTestId('application-fields').getByText('可领取').waitFor();
    await expect.poll(() => review.getByRole('button', { name: '写入 KEY' }).isDisabled()).toBe(false);
    await screenshot(page, 'keyreq-10b-counter-offline-write', { dialog: true });
    await review.getByRole('button', { name: '写入 KEY' }).click();
    const write = page.getByTestId('write-certificate-modal');
    await chooseKey(page, write, customerKey.serial);
    await fill(write, 'PIN 码', CUSTOMER_PIN);
    await write.getByRole('button', { name: '写入 KEY' }).click();
    await write.getByTestId('written-certificate').getByText(customerKey.serial).waitFor();
    await screenshot(page, 'keyreq-11-counter-written', { dialog: true });
    await write.getByRole('button', { name: '完 成' }).click();
    await write.waitFor({ state: 'hidden' });

    // Written with the API stopped: from the certificate kept on this computer.
    await page.getByTestId('sync-indicator').getByText('离线').waitFor();
    // Back online for 寄出.
    await host.restartApi();
    await page.getByTestId('sync-indicator').getByText('在线').waitFor();
    await closeDrawer(review);
    await queue.locator('tr.ant-table-row').first().getByRole('button', { name: '办理' }).click();
    await review.getByTestId('application-fields').getByText('可领取').waitFor();
    await review
      .getByTestId('staff-moves')
      .getByRole('button', { name: /^寄\s*出$/ })
      .click();
    const ship = page.getByTestId('move-modal');
    await fill(ship, '快递单号', 'SF1234567890');
    await ship.getByRole('button', { name: '确认寄出' }).click();
    await waitForToast(page, '申请单状态为“已寄出”');
    await screenshot(page, 'keyreq-12-shipped', { dialog: true });
    // The customer leaves with the KEY.
    hsm.removeToken(customerKey);
    await closeDrawer(review);
    await logout(page);
  });

  it('李四 renews: 插入 KEY → 读取 → the new key pair on that KEY → submit → 写入 KEY replaces the old one', async () => {
    const { page, host, hsm } = web;
    // A KEY with a certificate of the centre for the enterprise, made elsewhere, then inserted.
    const prepared = await prepareKey(host.api.url, '李四的旧KEY', {
      commonName: DEMO_ENTERPRISE.name,
      organization: DEMO_ENTERPRISE.name,
      serialNumber: DEMO_ENTERPRISE.creditCode,
      country: 'CN',
    });
    prepared.insert(hsm);
    const { token: oldKey, certificate: old } = prepared;

    await page.goto(host.url);
    await loginAs(page, host.api, operator);
    await startService(page, 'cert.renew');

    // No certificate read yet: the KEY step waits for it.
    const section = page.getByTestId('key-request');
    await section.getByText('请先在上方读取 KEY 中的证书').waitFor();
    const reader = page.getByTestId('key-reader');
    await chooseKey(page, reader, oldKey.serial);
    await reader.getByRole('button', { name: /^读\s*取$/ }).click();
    await reader.getByText(`已读取证书：${DEMO_ENTERPRISE.name}`).waitFor();

    // Not bound to 李四 yet: the page says so and where to do it; 去绑定 → 证书管理 → 绑定证书.
    const unmet = page.getByTestId('unmet-preconditions');
    await unmet.getByText('证书管理 → 绑定证书', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: '提交申请单' }).isDisabled()).toBe(true);
    await unmet.getByRole('link', { name: '去绑定' }).click();
    await bindCertificate(page, oldKey.serial, DEMO_ENTERPRISE.name, NEW_PIN);

    await startService(page, 'cert.renew');
    await chooseKey(page, reader, oldKey.serial);
    await reader.getByRole('button', { name: /^读\s*取$/ }).click();
    await reader.getByText(`已读取证书：${DEMO_ENTERPRISE.name}`).waitFor();
    expect(await page.getByTestId('unmet-preconditions').count()).toBe(0);
    await expect.poll(() => field(page, '证书序列号').locator('input').inputValue()).toBe(old.serialNumber);
    await page.getByRole('radio', { name: '企业证书' }).check();
    await attachEnterpriseScans(page);

    // The request goes on the KEY that was read, whichever else is inserted.
    await expect.poll(() => section.locator('.key-pin-target').textContent()).toContain(oldKey.serial);
    expect(await section.locator('.key-select').count()).toBe(0);
    await fill(section, 'PIN 码', NEW_PIN);
    await section.getByRole('button', { name: '在 KEY 上生成密钥对' }).click();
    await section.getByTestId('key-request-made').getByText(oldKey.serial, { exact: false }).waitFor();
    await screenshot(page, 'keyreq-13-renewal-request-made');
    await page.getByRole('button', { name: '提交申请单' }).click();
    const submitted = page.getByTestId('application-submitted');
    await submitted.getByText('申请单已提交').waitFor();
    const id = await idOfNumber(host.api, await numberShownIn(submitted));

    // Accepted, paid and issued (HTTP) before 李四 looks again: 可领取, and 写入 KEY is offered.
    const paid = await acceptAndPay(id);
    const staffToken = (await apiLogin(host.api, staff.phone, staff.password)).token;
    await ok(
      host.api,
      'applications.transition',
      { id: paid.id, name: 'issue', version: paid.version },
      staffToken,
    );
    await submitted.getByRole('button', { name: '查看申请单' }).click();
    const mine = page.getByTestId('application-drawer');
    await mine.locator('[data-state="ready"]').first().waitFor();
    await mine.getByRole('button', { name: '写入 KEY' }).click();
    const write = page.getByTestId('write-certificate-modal');
    await chooseKey(page, write, oldKey.serial);
    await fill(write, 'PIN 码', NEW_PIN);
    await write.getByRole('button', { name: '写入 KEY' }).click();
    // Writing it removes the renewed certificate and its keys: asked first.
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('原证书及其密钥将被删除').waitFor();
    await screenshot(page, 'keyreq-14-renewal-confirm', { dialog: true });
    await confirm.getByRole('button', { name: '写入 KEY' }).click();
    const written = write.getByTestId('written-certificate');
    await written.getByText(oldKey.serial).waitFor();
    expect(await written.textContent()).not.toContain(old.serialNumber);
    await write.getByRole('button', { name: '完 成' }).click();
    await page.locator('.ant-drawer-close').click();

    // 证书管理 on that KEY: only the new certificate.
    await openMenu(page, '证书管理');
    const status = page.getByTestId('key-status');
    await chooseKey(page, status, oldKey.serial);
    const rows = page.getByTestId('key-certificates').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).not.toContain(old.serialNumber.slice(0, 12));
    await screenshot(page, 'keyreq-15-renewed-on-key');
  });
});
