import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { deskSessions, ok, type DeskSessions } from '../integration/server/api';
import { payByTransfer, submitNewEnterprise } from '../integration/server/flows';
import { softKey } from '../integration/server/keys';
import { screenshot } from './support/browser';
import { closeDrawer, loginAs, openMenu, rowOf, waitForToast } from './support/pages';
import { useWebSession } from './support/session';

/**
 * Issue 9, "support staff keep working offline": 王五 keeps the queues on this computer with 立即同步,
 * the centre goes away, and he still finds applications by the search box, accepts, rejects and ships;
 * back online each move reaches the server once, and a move the server refuses is settled on 同步.
 */

const { staff } = DEMO_ACCOUNTS;

const web = useWebSession();
let sessions: DeskSessions | null = null;

async function tokens(): Promise<DeskSessions> {
  sessions ??= await deskSessions(web.host.api);
  return sessions;
}

/** 李四 submits 企业证书新办 for `enterprise` over the API (a key request made elsewhere). */
async function submitted(enterprise: string): Promise<ApplicationDetail> {
  return submitNewEnterprise(web.host.api, (await tokens()).operator, await softKey('EC'), {
    name: enterprise,
  });
}

/** The server's copy, read as 王五. */
async function onServer(id: string): Promise<ApplicationDetail> {
  return ok(web.host.api, 'applications.get', { id }, (await tokens()).staff);
}

/** How often the server's timeline holds the move `name`. */
const stepsOf = (detail: ApplicationDetail, name: string) =>
  detail.timeline.filter((step) => step.transition === name).length;

/** Types `text` into the queue's search box (test id `testId`) and searches. */
async function search(page: Page, testId: string, text: string): Promise<void> {
  const box = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await box.fill(text);
  await box.press('Enter');
}

/** 同步 → 立即同步: the queues' records are kept on this computer. */
async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('sync-indicator').click();
  await page.locator('.page-title', { hasText: '同步' }).waitFor();
  await page.getByTestId('sync-now').click();
  await waitForToast(page, '同步完成');
}

/** Opens the application in the review queue's row, takes `move` in its dialog and waits for the toast. */
async function moveInDrawer(
  page: Page,
  row: Locator,
  move: RegExp,
  confirm: string,
  toast: string,
  fill?: (dialog: Locator) => Promise<void>,
  screenshotName?: string,
): Promise<Locator> {
  await row.getByRole('button', { name: '办理' }).click();
  const drawer = page.getByTestId('review-drawer');
  await drawer.getByTestId('staff-moves').getByRole('button', { name: move }).click();
  const dialog = page.getByTestId('move-modal');
  await fill?.(dialog);
  if (screenshotName) await screenshot(page, screenshotName, { dialog: true });
  await dialog.getByRole('button', { name: confirm }).click();
  await waitForToast(page, toast);
  await dialog.waitFor({ state: 'hidden' });
  return drawer;
}

const indicator = (page: Page) => page.getByTestId('sync-indicator');

describe('the counter offline in the browser', () => {
  it('王五 offline: finds by search, accepts two, rejects one, ships one; back online each lands once', async () => {
    const { page, host } = web;
    const { staff: staffToken, operator: operatorToken } = await tokens();
    const first = await submitted('厦门海联贸易有限公司');
    const second = await submitted('泉州明辉机械有限公司');
    const refused = await submitted('漳州青禾食品有限公司');
    // Issued elsewhere before the network went: 可领取, waiting to be posted.
    const issued = await submitted('福州榕城物流有限公司');
    await ok(
      host.api,
      'applications.transition',
      { id: issued.id, name: 'accept', version: issued.version },
      staffToken,
    );
    await payByTransfer(host.api, operatorToken, staffToken, [issued.id]);
    const paid = await onServer(issued.id);
    const ready = await ok(
      host.api,
      'applications.transition',
      { id: paid.id, name: 'issue', version: paid.version },
      staffToken,
    );
    expect(ready.state).toBe('ready');

    await page.goto(host.url);
    await loginAs(page, host.api, staff);
    await syncNow(page);
    await host.stopApi();
    await indicator(page).getByText('离线').waitFor();

    // 审核受理 offline: the kept queue, searched by the enterprise's name.
    await openMenu(page, '业务受理');
    const queue = page.getByTestId('staff-queue');
    await page.getByText(/^离线：显示的是.*保存在本机的办理队列$/).waitFor();
    await search(page, 'staff-search', '海联贸易');
    const firstRow = rowOf(page, 'staff-queue', first.id);
    await firstRow.waitFor();
    await expect.poll(() => queue.locator('tr.ant-table-row').count()).toBe(1);
    await screenshot(page, 'offline-counter-01-queue-search');
    let drawer = await moveInDrawer(
      page,
      firstRow,
      /^受\s*理$/,
      '确认受理',
      '已办理「受理」，申请单状态为“申请受理中”',
    );
    const fields = drawer.getByTestId('application-fields');
    await fields.getByText('申请受理中').waitFor();
    await fields.locator('[data-sync="pending"]').getByText('待同步').waitFor();
    await drawer
      .getByTestId('application-timeline')
      .locator('.timeline-step', { hasText: '受理' })
      .getByText('待同步')
      .waitFor();
    await screenshot(page, 'offline-counter-02-accepted-drawer');
    await closeDrawer(drawer);
    // Out of the 待审核 queue at once.
    await firstRow.waitFor({ state: 'detached' });

    await search(page, 'staff-search', '明辉');
    const secondRow = rowOf(page, 'staff-queue', second.id);
    drawer = await moveInDrawer(
      page,
      secondRow,
      /^受\s*理$/,
      '确认受理',
      '已办理「受理」，申请单状态为“申请受理中”',
    );
    await closeDrawer(drawer);
    await secondRow.waitFor({ state: 'detached' });

    await search(page, 'staff-search', '青禾食品');
    const refusedRow = rowOf(page, 'staff-queue', refused.id);
    drawer = await moveInDrawer(
      page,
      refusedRow,
      /^审核不通过$/,
      '确认审核不通过',
      '申请单状态为“审核未过”',
      (dialog) => dialog.locator('textarea').fill('营业执照扫描件不清晰，请重新上传'),
      'offline-counter-03-reject-dialog',
    );
    await drawer.getByTestId('application-fields').getByText('审核未过').waitFor();
    await closeDrawer(drawer);
    await refusedRow.waitFor({ state: 'detached' });
    await indicator(page).getByText('3 项待同步').waitFor();

    // 发证与寄送 offline: the issued one, found by search in 待寄出, posted with its tracking number.
    await page.getByTestId('staff-tabs').getByRole('tab', { name: '发证与寄送' }).click();
    await page
      .getByTestId('issuance-view')
      .getByText(/^待寄出/)
      .click();
    await search(page, 'issuance-search', '榕城物流');
    const issuance = page.getByTestId('issuance-queue');
    const toShip = rowOf(page, 'issuance-queue', issued.id);
    await toShip.getByText('可领取').waitFor();
    await expect.poll(() => issuance.locator('tr.ant-table-row').count()).toBe(1);
    await screenshot(page, 'offline-counter-04-issuance-search');
    await toShip.getByRole('button', { name: /^寄\s*出$/ }).click();
    const move = page.getByTestId('move-modal');
    await move.locator('input').fill('SF1234567890');
    await screenshot(page, 'offline-counter-05-ship-dialog', { dialog: true });
    await move.getByRole('button', { name: '确认寄出' }).click();
    await waitForToast(page, '已办理「寄出」，申请单状态为“已寄出”');
    await toShip.waitFor({ state: 'detached' });
    await indicator(page).getByText('4 项待同步').waitFor();
    await screenshot(page, 'offline-counter-06-four-pending');

    // Back online: the outbox is pushed, once.
    await host.restartApi();
    await indicator(page).getByText('在线').waitFor({ timeout: 30_000 });
    await page.getByTestId('sync-pending').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.getByTestId('sync-rejected').count()).toBe(0);
    await indicator(page).click();
    await page.getByTestId('sync-queue').getByText('没有待同步或被退回的修改').waitFor();
    await screenshot(page, 'offline-counter-07-back-online');

    for (const application of [first, second]) {
      const detail = await onServer(application.id);
      expect(detail.state).toBe('accepted');
      expect(stepsOf(detail, 'accept')).toBe(1);
    }
    const rejected = await onServer(refused.id);
    expect(rejected.state).toBe('rejected');
    expect(stepsOf(rejected, 'reject')).toBe(1);
    expect(JSON.stringify(rejected.timeline)).toContain('营业执照扫描件不清晰，请重新上传');
    const shipped = await onServer(issued.id);
    expect(shipped.state).toBe('shipped');
    expect(stepsOf(shipped, 'ship')).toBe(1);
    expect(JSON.stringify(shipped)).toContain('SF1234567890');
  });

  it('a move another staff member made first: 被退回, both versions on 同步, 放弃我的修改 keeps the server’s', async () => {
    const { page, host } = web;
    const { reviewerOnly } = await tokens();
    const contested = await submitted('南平武夷茶业有限公司');
    if (await page.locator('[data-page="login"]').isVisible()) await loginAs(page, host.api, staff);
    await syncNow(page);
    // Another reviewer refuses it at the centre after this computer kept it, before 王五 gets to it.
    await ok(
      host.api,
      'applications.transition',
      {
        id: contested.id,
        name: 'reject',
        version: contested.version,
        feedback: '法定代表人身份证已过期',
      },
      reviewerOnly,
    );
    await host.stopApi();
    await indicator(page).getByText('离线').waitFor();

    await openMenu(page, '业务受理');
    await page.getByTestId('staff-tabs').getByRole('tab', { name: '审核受理' }).click();
    await search(page, 'staff-search', '武夷茶业');
    const row = rowOf(page, 'staff-queue', contested.id);
    const drawer = await moveInDrawer(
      page,
      row,
      /^受\s*理$/,
      '确认受理',
      '已办理「受理」，申请单状态为“申请受理中”',
    );
    await closeDrawer(drawer);
    await indicator(page).getByText('1 项待同步').waitFor();

    // Back online the push is refused: the header says so.
    await host.restartApi();
    await indicator(page).getByText('在线').waitFor({ timeout: 30_000 });
    await page.getByTestId('sync-rejected').getByText('1 项被退回').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sync-pending').count()).toBe(0);
    await screenshot(page, 'offline-counter-08-rejected-header');

    await indicator(page).click();
    const syncQueue = page.getByTestId('sync-queue');
    const item = syncQueue
      .locator('tr[data-row-key]')
      .filter({ has: page.locator('[data-status="rejected"]') });
    await expect.poll(() => item.count()).toBe(1);
    await item.getByText(`受理「${contested.number}」`).waitFor();
    await item.getByText('申请单已在别处修改，请刷新后再操作').waitFor();
    await item.locator('.ant-table-row-expand-icon').click();
    // 我的版本: the state 王五's 受理 leads to; 服务器版本: the other reviewer's 审核不通过 and its feedback.
    const mine = syncQueue.getByTestId('sync-mine');
    const server = syncQueue.getByTestId('sync-server');
    await mine.getByText('申请受理中').waitFor();
    await mine.getByText('受理', { exact: true }).waitFor();
    await server.getByText('审核未过').waitFor();
    await server.getByText('审核不通过', { exact: true }).waitFor();
    await server.getByText('法定代表人身份证已过期').waitFor();
    await screenshot(page, 'offline-counter-09-versions');

    await item.getByRole('button', { name: '放弃我的修改' }).click();
    const popconfirm = page.locator('.ant-popconfirm');
    await popconfirm.getByText('本机填写的内容将被丢弃，以服务器版本为准。确定放弃吗？').waitFor();
    await screenshot(page, 'offline-counter-10-discard-confirm');
    await popconfirm.getByRole('button', { name: '放弃我的修改' }).click();
    await waitForToast(page, '已放弃本机的修改，以服务器版本为准');
    await syncQueue.getByText('没有待同步或被退回的修改').waitFor();
    await page.getByTestId('sync-rejected').waitFor({ state: 'detached' });

    // The queue shows the server's state: 审核未过, not 王五's 受理.
    await openMenu(page, '业务受理');
    await page.getByTestId('staff-tabs').getByRole('tab', { name: '审核受理' }).click();
    await page.locator('.filter-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '审核未过' }).click();
    await search(page, 'staff-search', '武夷茶业');
    await row.getByText('审核未过').waitFor();
    await screenshot(page, 'offline-counter-11-server-state');
    const detail = await onServer(contested.id);
    expect(detail.state).toBe('rejected');
    expect(stepsOf(detail, 'accept')).toBe(0);
    expect(stepsOf(detail, 'reject')).toBe(1);
  });
});
