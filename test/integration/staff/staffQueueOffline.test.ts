import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationResult, ApplicationsResult, OrdersResult } from '../../../src-shared/ipc/contract';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import type { SyncStatus } from '../../../src-shared/schemas/desktopSync';
import type { Order } from '../../../src-shared/schemas/order';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { slipPng } from '../../helpers/images';
import { useDeskServer } from '../core/desk';
import { login, ok } from '../server/api';
import { ORDER_DETAILS, uploadOk } from '../server/fixtures';
import { submitNewEnterprise } from '../server/flows';
import { softKey } from '../server/keys';

/**
 * Issue 9, "Staff at the counter": the review and finance queues are the records a staff account's pull
 * kept, so when the server goes away the queue, its filters and its search still answer, from the cache.
 */

const { operator, staff } = DEMO_ACCOUNTS;
const noTimer = { core: { syncIntervalMs: 0 } };

describe('the staff queues offline', () => {
  const centre = useDeskServer();
  let operatorToken: string;

  beforeAll(async () => {
    operatorToken = (await login(centre.server, operator.phone, operator.password)).token;
  });

  it('pulls the queues, then answers them, their filters and their search from the cache', async () => {
    // 李四 submits two: one waits for review, the other is accepted and ordered with a slip.
    const waiting = await submitNewEnterprise(centre.server, operatorToken, await softKey('EC'));
    const paid = await submitNewEnterprise(centre.server, operatorToken, await softKey('EC'), {
      name: '厦门海联贸易有限公司',
    });
    const desk = await centre.open(staff, noTimer);
    const accepted = await desk.ok<ApplicationDetail>('applications.transition', {
      id: paid.id,
      name: 'accept',
      version: paid.version,
    });
    expect(accepted.state).toBe('accepted');
    const slip = await uploadOk(
      centre.server,
      operatorToken,
      { attachment: 'remittanceSlip', fileName: 'slip.png' },
      slipPng(),
    );
    const order = await ok(
      centre.server,
      'orders.create',
      { applicationIds: [paid.id], paymentMethod: 'transfer', ...ORDER_DETAILS, slipUploadId: slip.id },
      operatorToken,
    );

    // Online: the queue is the kept copy after a sync, as the server has it.
    const online = await desk.ok<ApplicationsResult>('staff.applications', { state: 'pending' });
    expect(online.fromCache).toBe(false);
    expect(online.items.find((item) => item.id === waiting.id)).toMatchObject({ sync: 'synced' });
    expect(online.items.some((item) => item.id === paid.id)).toBe(false);
    const financeOnline = await desk.ok<OrdersResult>('staff.orders', { state: 'slip_submitted' });
    expect(financeOnline.fromCache).toBe(false);
    expect(financeOnline.items.map((item) => item.id)).toContain(order.id);

    await centre.cable.unplug();

    const ids = (result: { items: { id: string }[] }) => result.items.map((item) => item.id).sort();
    const queue = (input: object) => desk.ok<ApplicationsResult>('staff.applications', input);
    const all = await queue({});
    expect(all.fromCache).toBe(true);
    expect(all.cachedAt).not.toBeNull();
    expect(ids(all)).toEqual(expect.arrayContaining([waiting.id, paid.id]));
    expect(ids(await queue({ state: 'pending' }))).toContain(waiting.id);
    expect(ids(await queue({ state: 'pending' }))).not.toContain(paid.id);
    expect(ids(await queue({ state: 'accepted' }))).toEqual([paid.id]);
    expect(ids(await queue({ service: 'cert.new.person' }))).toEqual([]);

    // The search box, offline: the 申请单号, the enterprise, the operator's name (two characters), ID
    // number and phone, the order's 订单号.
    expect(ids(await queue({ search: waiting.number ?? '' }))).toEqual([waiting.id]);
    expect(ids(await queue({ search: '海联贸易' }))).toEqual([paid.id]);
    expect(ids(await queue({ search: '海联' }))).toEqual([paid.id]);
    expect(ids(await queue({ search: DEMO_ENTERPRISE.name, state: 'pending' }))).toEqual(
      expect.arrayContaining([waiting.id]),
    );
    expect(ids(await queue({ search: '李四', state: 'accepted' }))).toEqual([paid.id]);
    expect(ids(await queue({ search: operator.idNumber.slice(6, 14) }))).toEqual(
      expect.arrayContaining([waiting.id, paid.id]),
    );
    expect(ids(await queue({ search: operator.phone, state: 'accepted' }))).toEqual([paid.id]);
    expect(ids(await queue({ search: order.number ?? '' }))).toEqual([paid.id]);
    expect(ids(await queue({ search: '没有这个人' }))).toEqual([]);
    expect(ids(await queue({ search: '" OR *' }))).toEqual([]);

    // The drawer reads another applicant's application from the kept copy.
    const opened = await desk.ok<ApplicationResult>('applications.get', { id: waiting.id });
    expect(opened).toMatchObject({
      fromCache: true,
      application: { id: waiting.id, applicantId: waiting.applicantId },
    });

    // 财务核款 offline: the queue and its search; a returned slip waits as 待同步.
    const finance = await desk.ok<OrdersResult>('staff.orders', { state: 'slip_submitted' });
    expect(finance.fromCache).toBe(true);
    expect(ids(finance)).toContain(order.id);
    expect(ids(await desk.ok<OrdersResult>('staff.orders', { search: order.number ?? '' }))).toEqual([
      order.id,
    ]);
    expect(ids(await desk.ok<OrdersResult>('staff.orders', { search: '海联贸易' }))).toEqual([]);
    expect(
      ids(await desk.ok<OrdersResult>('staff.orders', { search: ORDER_DETAILS.contactPhone })),
    ).toContain(order.id);
    const returned = await desk.ok<Order & { sync: string }>('orders.returnSlip', {
      id: order.id,
      version: order.version,
      feedback: '底单金额与订单金额不符，请重新上传',
    });
    expect(returned).toMatchObject({
      id: order.id,
      sync: 'pending',
      financeFeedback: '底单金额与订单金额不符，请重新上传',
    });
    const waitingReturn = await desk.ok<OrdersResult>('staff.orders', { search: order.number ?? '' });
    expect(waitingReturn.items).toEqual([expect.objectContaining({ id: order.id, sync: 'pending' })]);

    // Back online the return lands, and the queue is the server's again.
    await centre.cable.plugIn();
    await desk.core.connectivity.check();
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    const after = await desk.ok<OrdersResult>('staff.orders', { search: order.number ?? '' });
    expect(after.fromCache).toBe(false);
    expect(after.items).toEqual([
      expect.objectContaining({ id: order.id, state: 'slip_returned', sync: 'synced' }),
    ]);
  });

  it('refuses the queues to an applicant, online and offline, as the server does', async () => {
    const applicant = await centre.open(operator, noTimer);
    expect(await applicant.call('staff.applications', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await centre.cable.unplug();
    expect(await applicant.call('staff.orders', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有财务可以查看缴费订单' },
    });
  });
});
