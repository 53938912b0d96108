import { beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsResult, UploadContent } from '../../../src-shared/ipc/contract';
import type { Application, ApplicationDetail } from '../../../src-shared/schemas/application';
import type { Order } from '../../../src-shared/schemas/order';
import { runCertificateJobs } from '../../../src-server/services/certificateJobs';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends } from '../../helpers/apiServer';
import type { Desk } from '../../helpers/desk';
import { slipPng } from '../../helpers/images';
import { useDeskServer } from '../core/desk';
import { login, ok } from '../server/api';
import { ORDER_DETAILS, pdfBytes, uploadOk } from '../server/fixtures';
import { submitNewEnterprise } from '../server/flows';
import { softKey } from '../server/keys';

const { operator, person, staff } = DEMO_ACCOUNTS;
const DAY = 24 * 60 * 60 * 1000;

describe.each(backends())('the staff desk through the IPC handler table (%s)', (backend) => {
  const centre = useDeskServer({ backend });
  let operatorToken: string;

  beforeAll(async () => {
    operatorToken = (await login(centre.server, operator.phone, operator.password)).token;
  });

  /** 李四 submits a new enterprise certificate, 王五 accepts it, 李四 orders it by transfer with `slip`. */
  async function orderedWithSlip(desk: Desk, slip: { bytes: Buffer; fileName: string }) {
    const submitted = await submitNewEnterprise(centre.server, operatorToken, await softKey('EC'));
    await desk.ok<ApplicationDetail>('applications.transition', {
      id: submitted.id,
      name: 'accept',
      version: submitted.version,
    });
    const uploaded = await uploadOk(
      centre.server,
      operatorToken,
      { attachment: 'remittanceSlip', fileName: slip.fileName },
      slip.bytes,
    );
    const order = await ok(
      centre.server,
      'orders.create',
      {
        applicationIds: [submitted.id],
        paymentMethod: 'transfer',
        ...ORDER_DETAILS,
        slipUploadId: uploaded.id,
      },
      operatorToken,
    );
    // Ordering moved the application's version on.
    const { application } = await desk.ok<{ application: ApplicationDetail }>('applications.get', {
      id: submitted.id,
    });
    return { application, order };
  }

  it('finance sees the slip, confirms the transfer: the order is paid and the issuer may issue', async () => {
    const desk = await centre.open(staff);
    const slip = slipPng();
    const { application, order } = await orderedWithSlip(desk, { bytes: slip, fileName: '汇款底单.png' });

    const queue = await desk.ok<{ items: Order[] }>('staff.orders', { state: 'slip_submitted' });
    expect(queue.items.map((item) => item.id)).toContain(order.id);
    expect(queue.items.every((item) => item.state === 'slip_submitted')).toBe(true);

    // The slip comes back byte for byte, told by its content, under its Chinese name.
    const file = await desk.ok<UploadContent>('uploads.get', { id: order.slipUploadId });
    expect(file).toMatchObject({ kind: 'png', fileName: '汇款底单.png' });
    expect(Buffer.from(file.contentBase64, 'base64').equals(slip)).toBe(true);

    // Not paid yet: the issue is refused with the server's reason.
    const early = await desk.call('applications.transition', {
      id: application.id,
      name: 'issue',
      version: application.version,
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED' } });
    expect(!early.ok && early.error.message).toMatch(/订单尚未完成缴费/);

    const paid = await desk.ok<Order>('orders.confirmTransfer', { id: order.id, version: order.version });
    expect(paid).toMatchObject({ state: 'paid', stateLabel: '已缴费' });
    expect(paid.paidAt).toBeTruthy();
    // A second confirmation changes nothing and hears that the order is paid already.
    const again = await desk.call('orders.confirmTransfer', { id: order.id, version: order.version });
    expect(again).toMatchObject({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED' } });
    expect(!again.ok && again.error.message).toMatch(/已缴费/);

    // The issuance desk now lists it as paid, and the issue goes through.
    const ready = await desk.ok<{ items: Application[] }>('staff.applications', { state: 'accepted' });
    const listed = ready.items.find((item) => item.id === application.id);
    expect(listed?.orderState).toBe('paid');
    const issued = await desk.ok<ApplicationDetail>('applications.transition', {
      id: application.id,
      name: 'issue',
      version: listed!.version,
    });
    expect(issued).toMatchObject({ state: 'ready', stateLabel: '可领取' });
    const shipped = await desk.ok<ApplicationDetail>('applications.transition', {
      id: application.id,
      name: 'ship',
      version: issued.version,
      trackingNumber: 'SF1234567890',
    });
    expect(shipped).toMatchObject({ state: 'shipped', trackingNumber: 'SF1234567890' });
  });

  it('finance returns a PDF slip with the reason; without a reason nothing is sent', async () => {
    const desk = await centre.open(staff);
    const { order } = await orderedWithSlip(desk, { bytes: pdfBytes('slip'), fileName: 'slip.pdf' });
    const file = await desk.ok<UploadContent>('uploads.get', { id: order.slipUploadId });
    expect(file).toMatchObject({ kind: 'pdf', fileName: 'slip.pdf' });

    const noReason = await desk.call('orders.returnSlip', {
      id: order.id,
      version: order.version,
      feedback: '',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const returned = await desk.ok<Order>('orders.returnSlip', {
      id: order.id,
      version: order.version,
      feedback: '底单金额与订单金额不符，请重新上传',
    });
    expect(returned).toMatchObject({
      state: 'slip_returned',
      financeFeedback: '底单金额与订单金额不符，请重新上传',
    });
    const confirm = await desk.call('orders.confirmTransfer', { id: order.id, version: returned.version });
    expect(confirm).toMatchObject({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED' } });
    expect(!confirm.ok && confirm.error.message).toContain('汇款底单被退回');
  });

  it('only finance sees the queue; another applicant cannot read the slip', async () => {
    const desk = await centre.open(staff);
    const { order } = await orderedWithSlip(desk, { bytes: slipPng(), fileName: 'slip.png' });
    const applicant = await centre.open(operator);
    expect(await applicant.call('staff.orders', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const confirm = await applicant.call('orders.confirmTransfer', { id: order.id, version: order.version });
    expect(confirm).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The owner reads their own slip; someone else is told it does not exist.
    await applicant.ok<UploadContent>('uploads.get', { id: order.slipUploadId });
    const stranger = await centre.open(person);
    expect(await stranger.call('uploads.get', { id: order.slipUploadId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await stranger.call('uploads.get', { id: 'not-a-uuid' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('expiry reminders from the certificate job: listed, marked read here, kept for offline', async () => {
    const desk = await centre.open(staff);
    const { order, application } = await orderedWithSlip(desk, { bytes: slipPng(), fileName: 'slip.png' });
    const paid = await desk.ok<Order>('orders.confirmTransfer', { id: order.id, version: order.version });
    expect(paid.state).toBe('paid');
    await desk.ok('applications.transition', {
      id: application.id,
      name: 'issue',
      version: application.version,
    });
    const certificate = await ok(
      centre.server,
      'applications.certificate',
      { id: application.id },
      operatorToken,
    );

    const applicant = await centre.open(operator);
    const before = await applicant.ok<NotificationsResult>('notifications.list');
    const notAfter = Date.parse(certificate.notAfter);
    await runCertificateJobs(centre.server.db, new Date(notAfter - 20 * DAY));
    const listed = await applicant.ok<NotificationsResult>('notifications.list');
    const reminder = listed.items.find((item) => item.certificateId === certificate.certificateId);
    expect(reminder).toMatchObject({ kind: 'expiry30', title: '证书将在 30 天内到期', read: false });
    // The run also reminds of certificates issued by the other tests here: all of them are new and unread.
    const fresh = listed.items.filter((item) => !before.items.some((seen) => seen.id === item.id));
    expect(fresh.every((item) => !item.read)).toBe(true);
    expect(listed.unread).toBe(before.unread + fresh.length);
    expect(listed.fromCache).toBe(false);

    await applicant.ok('notifications.markRead', { ids: [reminder!.id] });
    const read = await applicant.ok<NotificationsResult>('notifications.list');
    expect(read.items.find((item) => item.id === reminder!.id)?.read).toBe(true);
    expect(read.unread).toBe(listed.unread - 1);
    expect(await applicant.call('notifications.markRead', { ids: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });

    // The API goes away: the list and what was read come from this computer.
    await centre.cable.unplug();
    const offline = await applicant.ok<NotificationsResult>('notifications.list');
    expect(offline).toMatchObject({ fromCache: true, unread: read.unread });
    expect(offline.items.find((item) => item.id === reminder!.id)?.read).toBe(true);
  });
});
