import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { openStore, STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { feeOf } from '../../../src-shared/catalogue';
import type { NotificationsResult } from '../../../src-shared/ipc/contract';
import type { ApplicationDetail, UploadedFile } from '../../../src-shared/schemas/application';
import type { Order } from '../../../src-shared/schemas/order';
import type { SyncQueue, SyncStatus } from '../../../src-shared/schemas/desktopSync';
import { accounts, notifications } from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { slipPng } from '../../helpers/images';
import { login, ok } from '../server/api';
import { ORDER_DETAILS } from '../server/fixtures';
import { payByTransfer, submitNewEnterprise } from '../server/flows';
import { softKey } from '../server/keys';
import { enterpriseValues, uploadScans, useDeskServer, type Desk } from './desk';

/**
 * Issue 9, "What works offline": a move queued offline moves the kept copy as the catalogue says (state,
 * timeline step marked pending, fee), lands once when online, and a refusal restores the server's copy.
 */

const { operator, staff } = DEMO_ACCOUNTS;
const desks = useDeskServer();
const noTimer = { core: { syncIntervalMs: 0 } };

type Kept = { application: ApplicationDetail & { sync: string }; fromCache: boolean };

async function offline(desk: Desk) {
  await desks.cable.unplug();
  await desk.core.connectivity.check();
}

async function online(desk: Desk) {
  await desks.cable.plugIn();
  await desk.core.connectivity.check();
  return desk.ok<SyncStatus>('sync.now');
}

const steps = (detail: ApplicationDetail) => detail.timeline.map((step) => [step.transition, step.pending]);

describe('moves queued offline', () => {
  it('an application made, edited and withdrawn offline shows its state and fee, and lands once', async () => {
    const desk = await desks.open(operator, noTimer);
    const attachments = await uploadScans(desk);
    await desk.ok('sync.now');
    await offline(desk);

    const id = randomUUID();
    const submitted = await desk.ok<ApplicationDetail>('applications.submit', {
      idempotencyKey: id,
      service: 'cert.new.enterprise',
      values: enterpriseValues(),
      attachments,
      blankKey: true,
    });
    expect(submitted).toMatchObject({
      state: 'pending',
      stateLabel: '待审核',
      number: null,
      feeFen: feeOf('cert.new.enterprise').fen,
      version: 1,
      applicantName: operator.name,
    });
    expect(steps(submitted)).toEqual([['submit', true]]);

    const edited = await desk.ok<ApplicationDetail>('applications.edit', {
      id,
      version: submitted.version,
      values: { ...enterpriseValues(), enterpriseAddress: '离线改的地址' },
      attachments,
      blankKey: true,
    });
    expect(edited).toMatchObject({ state: 'pending', version: 2 });
    const withdrawn = await desk.ok<ApplicationDetail>('applications.transition', {
      id,
      name: 'withdraw',
      version: edited.version,
    });
    expect(withdrawn).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回', version: 3 });
    expect(steps(withdrawn)).toEqual([
      ['submit', true],
      ['withdraw', true],
    ]);
    const kept = await desk.ok<Kept>('applications.get', { id });
    expect(kept).toMatchObject({ fromCache: true, application: { state: 'withdrawn', sync: 'pending' } });

    // What the machine refuses is refused at once, with the server's reason, and nothing is queued.
    const again = await desk.call('applications.transition', { id, name: 'withdraw', version: 3 });
    expect(again).toMatchObject({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED' } });
    expect(!again.ok && again.error.message).toMatch(/当前状态为「已撤回」/);
    expect(desk.core.sync.status().pending).toBe(3);

    expect(await online(desk)).toMatchObject({ pending: 0, rejected: 0 });
    const server = await desk.core.api.call('applications.get', { id });
    expect(server).toMatchObject({
      state: 'withdrawn',
      version: 3,
      feeFen: feeOf('cert.new.enterprise').fen,
      values: { enterpriseAddress: '离线改的地址' },
    });
    expect(server.timeline.map((step) => step.transition)).toEqual(['submit', 'withdraw']);
    const synced = await desk.ok<Kept>('applications.get', { id });
    expect(synced.application.sync).toBe('synced');
    expect(synced.application.number).toBe(server.number);
    expect(steps(synced.application)).toEqual([
      ['submit', undefined],
      ['withdraw', undefined],
    ]);
  });

  it('staff accept, reject and ship offline: the kept states move, with feedback and tracking number', async () => {
    const operatorToken = (await login(desks.server, operator.phone, operator.password)).token;
    const staffToken = (await login(desks.server, staff.phone, staff.password)).token;
    const toAccept = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const toReject = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const toShip = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const accepted = await ok(
      desks.server,
      'applications.transition',
      { id: toShip.id, name: 'accept', version: toShip.version },
      staffToken,
    );
    await payByTransfer(desks.server, operatorToken, staffToken, [toShip.id]);
    const paid = await ok(desks.server, 'applications.get', { id: accepted.id }, staffToken);
    const ready = await ok(
      desks.server,
      'applications.transition',
      { id: paid.id, name: 'issue', version: paid.version },
      staffToken,
    );

    const desk = await desks.open(staff, noTimer);
    await desk.ok('sync.now');
    await offline(desk);
    const move = (input: Record<string, unknown>) =>
      desk.ok<ApplicationDetail>('applications.transition', input);

    const acceptedHere = await move({ id: toAccept.id, name: 'accept', version: toAccept.version });
    expect(acceptedHere).toMatchObject({ state: 'accepted', stateLabel: '申请受理中' });
    expect(acceptedHere.timeline.at(-1)).toMatchObject({
      transition: 'accept',
      actor: { role: 'reviewer', name: staff.name },
      pending: true,
    });

    const noFeedback = await desk.call('applications.transition', {
      id: toReject.id,
      name: 'reject',
      version: toReject.version,
    });
    expect(noFeedback).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const rejectedHere = await move({
      id: toReject.id,
      name: 'reject',
      version: toReject.version,
      feedback: '营业执照扫描件不清晰',
    });
    expect(rejectedHere).toMatchObject({ state: 'rejected', stateLabel: '审核未过' });
    expect(rejectedHere.timeline.at(-1)).toMatchObject({ feedback: '营业执照扫描件不清晰', pending: true });

    const shippedHere = await move({
      id: ready.id,
      name: 'ship',
      version: ready.version,
      trackingNumber: 'SF1234567890',
    });
    expect(shippedHere).toMatchObject({ state: 'shipped', trackingNumber: 'SF1234567890' });
    expect(shippedHere.timeline.at(-1)).toMatchObject({ trackingNumber: 'SF1234567890', pending: true });
    expect(desk.core.sync.status().pending).toBe(3);

    expect(await online(desk)).toMatchObject({ pending: 0, rejected: 0 });
    const landed = async (id: string) => ok(desks.server, 'applications.get', { id }, staffToken);
    expect(await landed(toAccept.id)).toMatchObject({ state: 'accepted' });
    const rejected = await landed(toReject.id);
    expect(rejected.state).toBe('rejected');
    expect(rejected.timeline.filter((step) => step.transition === 'reject')).toHaveLength(1);
    expect(rejected.timeline.at(-1)?.feedback).toBe('营业执照扫描件不清晰');
    expect(await landed(ready.id)).toMatchObject({ state: 'shipped', trackingNumber: 'SF1234567890' });
  });

  it('a staff decision refused for a stale version shows the server copy; 再次提交 lands it', async () => {
    const operatorToken = (await login(desks.server, operator.phone, operator.password)).token;
    const submitted = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const desk = await desks.open(staff, noTimer);
    await desk.ok('sync.now');
    await offline(desk);
    await desk.ok('applications.transition', {
      id: submitted.id,
      name: 'accept',
      version: submitted.version,
    });

    // Meanwhile the applicant edits it: the accept names a version the server has left behind.
    await ok(
      desks.server,
      'applications.edit',
      {
        id: submitted.id,
        version: submitted.version,
        values: { ...submitted.values, enterpriseAddress: '申请人刚改的地址' },
        attachments: submitted.attachments,
        blankKey: false,
      },
      operatorToken,
    );
    expect(await online(desk)).toMatchObject({ pending: 0, rejected: 1 });
    const refused = await desk.ok<Kept>('applications.get', { id: submitted.id });
    expect(refused.application).toMatchObject({
      state: 'pending',
      sync: 'conflict',
      values: { enterpriseAddress: '申请人刚改的地址' },
    });
    expect(refused.application.timeline.some((step) => step.pending)).toBe(false);
    const [item] = (await desk.ok<SyncQueue>('sync.queue')).items;
    expect(item?.rejection?.code).toBe('VERSION_CONFLICT');

    await desk.ok('sync.resubmit', { mutationId: item?.mutationId });
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    const server = await ok(desks.server, 'applications.get', { id: submitted.id }, operatorToken);
    expect(server).toMatchObject({ state: 'accepted', values: { enterpriseAddress: '申请人刚改的地址' } });
    const kept = await desk.ok<Kept>('applications.get', { id: submitted.id });
    expect(kept.application).toMatchObject({ state: 'accepted', sync: 'synced' });
  });
});

describe('an order offline', () => {
  it('an order placed offline puts its applications in it here; one the server ordered first is refused', async () => {
    const operatorToken = (await login(desks.server, operator.phone, operator.password)).token;
    const first = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const second = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const desk = await desks.open(operator, noTimer);
    await desk.ok('sync.now');
    await offline(desk);
    // While this computer is offline, the second is ordered from another one.
    const elsewhere = await ok(
      desks.server,
      'orders.create',
      { applicationIds: [second.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      operatorToken,
    );

    const placed = await desk.ok<Order>('orders.create', {
      id: randomUUID(),
      applicationIds: [first.id],
      paymentMethod: 'transfer',
      ...ORDER_DETAILS,
    });
    const twice = await desk.ok<Order>('orders.create', {
      id: randomUUID(),
      applicationIds: [second.id],
      paymentMethod: 'transfer',
      ...ORDER_DETAILS,
    });
    const kept = async (id: string) => (await desk.ok<Kept>('applications.get', { id })).application;
    expect(await kept(first.id)).toMatchObject({
      orderId: placed.id,
      orderState: 'unpaid',
      orderNumber: null,
    });
    expect(await kept(second.id)).toMatchObject({ orderId: twice.id });

    expect(await online(desk)).toMatchObject({ pending: 0, rejected: 1 });
    const server = await ok(desks.server, 'applications.get', { id: first.id }, operatorToken);
    expect(server).toMatchObject({ orderId: placed.id });
    expect(await kept(first.id)).toMatchObject({
      orderId: placed.id,
      orderNumber: server.orderNumber,
      sync: 'synced',
    });
    // The refused order no longer claims the second: it shows the order the server has.
    expect(await kept(second.id)).toMatchObject({ orderId: elsewhere.id, orderNumber: elsewhere.number });
  });

  it('a slip uploaded offline moves it to 待财务确认 here and lands with the server’s upload', async () => {
    const operatorToken = (await login(desks.server, operator.phone, operator.password)).token;
    const submitted = await submitNewEnterprise(desks.server, operatorToken, await softKey('EC'));
    const placed = await ok(
      desks.server,
      'orders.create',
      { applicationIds: [submitted.id], paymentMethod: 'transfer', ...ORDER_DETAILS },
      operatorToken,
    );
    const desk = await desks.open(operator, noTimer);
    await desk.ok('sync.now');
    await offline(desk);

    const slip = await desk.ok<UploadedFile>('uploads.put', {
      attachment: 'remittanceSlip',
      fileName: '汇款底单.png',
      contentBase64: slipPng().toString('base64'),
    });
    const attached = await desk.ok<Order>('orders.attachSlip', {
      id: placed.id,
      version: placed.version,
      uploadId: slip.id,
    });
    expect(attached).toMatchObject({
      state: 'slip_submitted',
      stateLabel: '待财务确认',
      slipUploadId: slip.id,
      version: placed.version + 1,
      amountFen: feeOf('cert.new.enterprise').fen,
    });

    expect(await online(desk)).toMatchObject({ pending: 0, rejected: 0 });
    const server = await ok(desks.server, 'orders.get', { id: placed.id }, operatorToken);
    expect(server).toMatchObject({ state: 'slip_submitted', version: placed.version + 1 });
    expect(server.slipUploadId).not.toBe(slip.id);
    const kept = await desk.ok<{ order: Order & { sync: string } }>('orders.get', { id: placed.id });
    expect(kept.order).toMatchObject({ slipUploadId: server.slipUploadId, sync: 'synced' });
  });
});

/** The local migrations folder cut after `tag`, as that release shipped it. */
function migrationsUpTo(tag: string): string {
  const source = path.join(findAppRoot(), 'drizzle', 'local');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-migrations-'));
  fs.cpSync(source, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('upgrading a cache of release 0000', () => {
  it('carries the notifications read on this computer over as markRead mutations, once', async () => {
    const [account] = await desks.server.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.phone, operator.phone));
    const at = new Date();
    const [read, unread] = await desks.server.db
      .insert(notifications)
      .values(
        ['证书将于 30 天后到期', '证书将于 7 天后到期'].map((body) => ({
          accountId: account!.id,
          kind: 'expiry30' as const,
          title: '证书即将到期',
          body,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .returning();

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-upgrade-'));
    const old = migrationsUpTo('0000_init');
    try {
      openStore(dataDir, old).close();
      const sqlite = new Database(path.join(dataDir, STORE_FILE_NAME));
      sqlite
        .prepare('INSERT INTO cached_records (kind, id, json, version, cached_at) VALUES (?, ?, ?, 0, ?)')
        .run('notificationsRead', account!.id, JSON.stringify([read!.id]), at.toISOString());
      sqlite.close();

      const desk = await desks.open(operator, { core: { dataDir, syncIntervalMs: 0 } });
      const listed = await desk.ok<NotificationsResult>('notifications.list');
      const shown = (id: string) => listed.items.find((item) => item.id === id);
      expect(shown(read!.id)).toMatchObject({ read: true });
      expect(shown(unread!.id)).toMatchObject({ read: false });
      expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
      const onServer = await desks.server.db
        .select()
        .from(notifications)
        .where(eq(notifications.id, read!.id));
      expect(onServer[0]?.readAt).not.toBeNull();
      const other = await desks.server.db
        .select()
        .from(notifications)
        .where(eq(notifications.id, unread!.id));
      expect(other[0]?.readAt).toBeNull();

      // Carried over once: the old list is gone, and listing again queues nothing.
      await desk.ok('notifications.list');
      expect(desk.core.sync.status().pending).toBe(0);
      const after = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
      try {
        expect(after.prepare('SELECT kind FROM cached_records').all()).toEqual([]);
      } finally {
        after.close();
      }
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
