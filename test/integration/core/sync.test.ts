import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { describe, expect, it } from 'vitest';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import type { SyncQueue, SyncStatus } from '../../../src-shared/schemas/desktopSync';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { pngBytes } from '../server/fixtures';
import { base64, enterpriseValues, useDeskServer, type Desk } from './desk';

/** Issue 9, the desktop half: writes queued in the outbox land on the server exactly once. */

const { operator, staff } = DEMO_ACCOUNTS;
const desks = useDeskServer();
const noTimer = { core: { syncIntervalMs: 0 } };

async function scans(desk: Desk): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const attachments = ['businessLicence', 'idCardFront', 'idCardBack'];
  for (const [index, attachment] of attachments.entries()) {
    const stored = await desk.ok<UploadedFile>('uploads.put', {
      service: 'cert.new.enterprise',
      attachment,
      fileName: `${attachment}.png`,
      // Three different files: offline, one file serves one attachment.
      contentBase64: base64(pngBytes(800, 600, 2_000 + index)),
    });
    ids[attachment] = stored.id;
  }
  return ids;
}

function submitArgs(attachments: Record<string, string>, id = randomUUID()) {
  return { id, service: 'cert.new.enterprise', values: enterpriseValues(), attachments, blankKey: true };
}

async function serverApplications(desk: Desk) {
  const listed = await desk.core.api.call('applications.listMine', {});
  return listed.items;
}

describe('the desktop outbox', () => {
  it('queues a submit and an edit offline and lands each exactly once when online again', async () => {
    const desk = await desks.open(operator, noTimer);
    const attachments = await scans(desk);
    await desk.ok<SyncStatus>('sync.now');
    const before = (await serverApplications(desk)).length;

    await desks.cable.unplug();
    const args = submitArgs(attachments);
    desk.core.sync.enqueue('application.submit', args);
    await desk.core.sync.idle();
    const edited = { ...enterpriseValues(), enterpriseAddress: '离线改的地址' };
    desk.core.sync.enqueue('application.edit', {
      id: args.id,
      version: 1,
      values: edited,
      attachments,
      blankKey: true,
    });
    await desk.core.sync.idle();
    const offline = desk.core.sync.status();
    expect(offline.pending).toBe(2);
    expect(offline.lastError).not.toBeNull();
    const queue = await desk.ok<SyncQueue>('sync.queue');
    expect(queue.items.map((item) => [item.name, item.status])).toEqual([
      ['application.submit', 'pending'],
      ['application.edit', 'pending'],
    ]);

    await desks.cable.plugIn();
    const after = await desk.ok<SyncStatus>('sync.now');
    expect(after).toMatchObject({ pending: 0, rejected: 0, lastError: null, caughtUp: true });
    const mine = (await serverApplications(desk)).filter((item) => item.id === args.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.values.enterpriseAddress).toBe('离线改的地址');
    expect((await serverApplications(desk)).length).toBe(before + 1);

    // Pushed again (the answer lost): nothing new on the server.
    await desk.ok<SyncStatus>('sync.now');
    expect((await serverApplications(desk)).length).toBe(before + 1);
  });

  it('keeps both versions of a refused edit; 再次提交 lands it on the current version, 放弃 drops it', async () => {
    const first = await desks.open(operator, noTimer);
    const second = await desks.open(operator, noTimer);
    const attachments = await scans(first);
    const args = submitArgs(attachments);
    first.core.sync.enqueue('application.submit', args);
    await first.ok('sync.now');
    await second.ok('sync.now');

    const edit = (operatorName: string) => ({
      id: args.id,
      version: 1,
      values: { ...enterpriseValues(), enterpriseAddress: operatorName },
      attachments,
      blankKey: true,
    });
    first.core.sync.enqueue('application.edit', edit('福州市鼓楼区第一台路1号'));
    await first.ok('sync.now');
    second.core.sync.enqueue('application.edit', edit('福州市鼓楼区第二台路2号'));
    const refused = await second.ok<SyncStatus>('sync.now');
    expect(refused).toMatchObject({ pending: 0, rejected: 1 });
    const queue = await second.ok<SyncQueue>('sync.queue');
    expect(queue.items).toHaveLength(1);
    const item = queue.items[0];
    expect(item?.status).toBe('rejected');
    expect(item?.rejection?.code).toBe('VERSION_CONFLICT');
    expect(item?.mine).toMatchObject({ values: { enterpriseAddress: '福州市鼓楼区第二台路2号' } });
    expect(item?.server).toMatchObject({ values: { enterpriseAddress: '福州市鼓楼区第一台路1号' } });

    await second.ok('sync.resubmit', { mutationId: item?.mutationId });
    const again = await second.ok<SyncStatus>('sync.now');
    expect(again).toMatchObject({ pending: 0, rejected: 0 });
    const landed = (await serverApplications(second)).find((row) => row.id === args.id);
    expect(landed?.values.enterpriseAddress).toBe('福州市鼓楼区第二台路2号');

    // Now the first desk is behind: its edit is refused, and given up.
    first.core.sync.enqueue('application.edit', edit('福州市鼓楼区又一次路3号'));
    expect(await first.ok<SyncStatus>('sync.now')).toMatchObject({ rejected: 1 });
    const stale = (await first.ok<SyncQueue>('sync.queue')).items[0];
    await first.ok('sync.discard', { mutationId: stale?.mutationId });
    expect((await first.ok<SyncQueue>('sync.queue')).items).toEqual([]);
    const kept = first.core.sync.status();
    expect(kept).toMatchObject({ pending: 0, rejected: 0 });
    const discardedAgain = await first.call('sync.discard', { mutationId: stale?.mutationId });
    expect(discardedAgain.ok).toBe(false);
  });

  it('two desks decide one application: the second decision is refused with the server version beside', async () => {
    const applicant = await desks.open(operator, noTimer);
    const args = submitArgs(await scans(applicant));
    applicant.core.sync.enqueue('application.submit', args);
    await applicant.ok('sync.now');
    const submitted = (await serverApplications(applicant)).find((row) => row.id === args.id);
    if (!submitted) throw new Error('not submitted');

    const deskA = await desks.open(staff, noTimer);
    const deskB = await desks.open(staff, noTimer);
    await desks.cable.unplug();
    deskA.core.sync.enqueue('application.transition', {
      id: args.id,
      name: 'accept',
      version: submitted.version,
    });
    deskB.core.sync.enqueue('application.transition', {
      id: args.id,
      name: 'reject',
      version: submitted.version,
      feedback: '材料不清晰',
    });
    await deskA.core.sync.idle();
    await deskB.core.sync.idle();
    await desks.cable.plugIn();
    expect(await deskA.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    expect(await deskB.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 1 });
    const [refused] = (await deskB.ok<SyncQueue>('sync.queue')).items;
    expect(refused?.mine).toMatchObject({ name: 'reject', feedback: '材料不清晰' });
    expect(refused?.rejection?.message).toBeTruthy();
    await deskB.ok('sync.discard', { mutationId: refused?.mutationId });
    expect(deskB.core.sync.status().rejected).toBe(0);
  });

  it('keeps the outbox when the session is refused (401) and pushes it after signing in again', async () => {
    const desk = await desks.open(operator, noTimer);
    const attachments = await scans(desk);
    await desks.cable.unplug();
    const args = submitArgs(attachments);
    desk.core.sync.enqueue('application.submit', args);
    await desk.core.sync.idle();
    // The session ends on the server (logged out elsewhere): the token is refused on the next push.
    const token = desk.core.session.token();
    await desks.cable.plugIn();
    await fetch(`${desks.server.url}/api/v1/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token ?? ''}` },
    });
    await desk.core.sync.now();
    expect(desk.core.session.user()).toBeNull();

    const { captchaId } = await desk.ok<{ captchaId: string }>('captcha.new');
    await desk.ok('auth.loginPassword', {
      account: operator.phone,
      password: operator.password,
      captchaId,
      captchaText: await desks.server.captchaText(captchaId),
    });
    expect(desk.core.sync.status().pending).toBe(1);
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    expect((await serverApplications(desk)).filter((row) => row.id === args.id)).toHaveLength(1);
  });
});

describe('logout', () => {
  it('drops the kept records but keeps those with unsent changes, and pulls afresh next time', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-logout-'));
    try {
      const desk = await desks.open(operator, { core: { dataDir, syncIntervalMs: 0 } });
      const attachments = await scans(desk);
      const sent = submitArgs(attachments);
      desk.core.sync.enqueue('application.submit', sent);
      await desk.ok<SyncStatus>('sync.now');
      await desks.cable.unplug();
      const unsent = submitArgs(attachments);
      desk.core.sync.enqueue('application.submit', unsent);
      await desk.core.sync.idle();
      await desk.ok('auth.logout');
      await desks.cable.plugIn();

      const sqlite = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
      try {
        const records = sqlite.prepare('SELECT kind, id FROM local_records').all();
        expect(records).toEqual([{ kind: 'application', id: unsent.id }]);
        const queued = sqlite.prepare('SELECT record_id AS id, status FROM outbox').all();
        expect(queued).toEqual([{ id: unsent.id, status: 'pending' }]);
        expect(sqlite.prepare('SELECT cursor, caught_up AS caughtUp FROM sync_state').all()).toEqual([
          { cursor: null, caughtUp: 0 },
        ]);
      } finally {
        sqlite.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the pull', () => {
  it('streams page by page, stops when the cable is pulled, and resumes from its cursor', async () => {
    const applicant = await desks.open(operator, noTimer);
    const attachments = await scans(applicant);
    for (let i = 0; i < 5; i += 1) applicant.core.sync.enqueue('application.submit', submitArgs(attachments));
    expect(await applicant.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });

    const desk = await desks.open(operator, { core: { syncIntervalMs: 0, syncSizes: { pullPage: 2 } } });
    const seen: number[] = [];
    const off = desk.core.events.on('sync.status', (status) => {
      seen.push(status.pulled);
      if (seen.length === 2) void desks.cable.unplug();
    });
    const stopped = await desk.ok<SyncStatus>('sync.now');
    off();
    expect(stopped.caughtUp).toBe(false);
    expect(stopped.lastError).not.toBeNull();
    expect(stopped.pulled).toBeGreaterThan(0);

    await desks.cable.plugIn();
    const resumed = await desk.ok<SyncStatus>('sync.now');
    expect(resumed).toMatchObject({ caughtUp: true, lastError: null });
    expect(resumed.pulled).toBeGreaterThanOrEqual(5);
    expect(resumed.pulled).toBeGreaterThan(stopped.pulled);
  });
});

describe('a push cut in the middle', () => {
  it('lands every mutation exactly once when the connection drops between and during batches', async () => {
    const desk = await desks.open(operator, { core: { syncIntervalMs: 0, syncSizes: { pushBatch: 3 } } });
    const attachments = await scans(desk);
    await desks.cable.unplug();
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const args = submitArgs(attachments);
      ids.push(args.id);
      desk.core.sync.enqueue('application.submit', args);
    }
    await desk.core.sync.idle();
    await desks.cable.plugIn();
    let batches = 0;
    let cut: Promise<void> | null = null;
    const off = desk.core.events.on('sync.status', () => {
      batches += 1;
      // Cut the cable while the next batch is on its way: its answer may be lost after the server applied it.
      if ((batches === 3 || batches === 6) && cut === null) {
        cut = new Promise((resolve) => setImmediate(() => void desks.cable.unplug().then(resolve)));
      }
    });
    let cuts = 0;
    for (let round = 0; round < 10 && desk.core.sync.status().pending > 0; round += 1) {
      await desk.core.sync.now();
      if (cut !== null) {
        await cut;
        cut = null;
        cuts += 1;
        await desks.cable.plugIn();
      }
    }
    expect(cuts).toBeGreaterThan(0);
    off();
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    const landed = (await serverApplications(desk)).filter((row) => ids.includes(row.id));
    expect(landed.map((row) => row.id).sort()).toEqual([...ids].sort());
  });
});

describe('a push larger than the server takes in one request', () => {
  // The server refuses bodies over 64 KiB (413); submits with their forms soon add up to that.
  it.each([
    ['cut by bytes before it is sent', undefined],
    ['halved after the server answers 413', 16 * 1024 * 1024],
  ])('drains the outbox: %s', async (_how, pushMaxBytes) => {
    const desk = await desks.open(operator, {
      core: { syncIntervalMs: 0, syncSizes: { pushBatch: 1000, pushMaxBytes } },
    });
    const attachments = await scans(desk);
    await desks.cable.unplug();
    const size = Buffer.byteLength(JSON.stringify(submitArgs(attachments)));
    const count = Math.ceil((80 * 1024) / size);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const args = submitArgs(attachments);
      ids.push(args.id);
      desk.core.sync.enqueue('application.submit', args);
    }
    await desk.core.sync.idle();
    await desks.cable.plugIn();
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0, lastError: null });
    const landed = (await serverApplications(desk)).filter((row) => ids.includes(row.id));
    expect(landed).toHaveLength(count);
  });
});

describe('the services over the outbox', () => {
  it('submits offline through IPC, lists it as 待同步, and shows it synced once pushed; issuing refuses offline', async () => {
    const desk = await desks.open(operator, noTimer);
    const attachments = await scans(desk);
    await desks.cable.unplug();
    await desk.core.connectivity.check();
    const idempotencyKey = randomUUID();
    const submitted = await desk.ok<{ id: string }>('applications.submit', {
      idempotencyKey,
      service: 'cert.new.enterprise',
      values: enterpriseValues(),
      attachments,
      blankKey: true,
    });
    expect(submitted.id).toBe(idempotencyKey);
    const offline = await desk.ok<{ items: { id: string; sync: string }[]; fromCache: boolean }>(
      'applications.list',
    );
    expect(offline.fromCache).toBe(true);
    expect(offline.items.find((item) => item.id === idempotencyKey)?.sync).toBe('pending');
    const issue = await desk.call('applications.transition', {
      id: idempotencyKey,
      name: 'issue',
      version: 1,
    });
    expect(issue.ok ? null : issue.error.message).toMatch(/签发证书需要连接服务器/);
    const pay = await desk.call('orders.startPayment', { id: randomUUID() });
    expect(pay.ok ? null : pay.error.message).toMatch(/在线支付需要连接服务器/);

    await desks.cable.plugIn();
    await desk.core.connectivity.check();
    await desk.ok('sync.now');
    const online = await desk.ok<{ items: { id: string; sync: string }[]; fromCache: boolean }>(
      'applications.list',
    );
    expect(online.fromCache).toBe(false);
    expect(online.items.filter((item) => item.id === idempotencyKey).map((item) => item.sync)).toEqual([
      'synced',
    ]);
    // The same form sent again makes no second application.
    await desk.ok('applications.submit', {
      idempotencyKey,
      service: 'cert.new.enterprise',
      values: enterpriseValues(),
      attachments,
      blankKey: true,
    });
    expect((await serverApplications(desk)).filter((row) => row.id === idempotencyKey)).toHaveLength(1);
  });
});

describe('files chosen offline', () => {
  it('are kept under their hash and uploaded before the submit that names them', async () => {
    const desk = await desks.open(operator, noTimer);
    await desks.cable.unplug();
    await desk.core.connectivity.check();
    const placeholders = await scans(desk);
    const idempotencyKey = randomUUID();
    await desk.ok('applications.submit', {
      idempotencyKey,
      service: 'cert.new.enterprise',
      values: enterpriseValues(),
      attachments: placeholders,
      blankKey: true,
    });
    expect(desk.core.sync.status().pending).toBe(1);

    await desks.cable.plugIn();
    await desk.core.connectivity.check();
    expect(await desk.ok<SyncStatus>('sync.now')).toMatchObject({ pending: 0, rejected: 0 });
    const landed = (await serverApplications(desk)).find((row) => row.id === idempotencyKey);
    expect(landed).toBeDefined();
    const serverIds = Object.values(landed?.attachments ?? {});
    expect(serverIds).toHaveLength(3);
    for (const id of serverIds) expect(Object.values(placeholders)).not.toContain(id);

    // The same file for two attachments offline is refused at once, with the reason.
    await desks.cable.unplug();
    await desk.core.connectivity.check();
    const file = base64(pngBytes(800, 600, 3_000));
    const query = { service: 'cert.new.enterprise', fileName: 'a.png', contentBase64: file };
    await desk.ok('uploads.put', { ...query, attachment: 'idCardFront' });
    const twice = await desk.call('uploads.put', { ...query, attachment: 'idCardBack' });
    expect(twice.ok ? null : twice.error.message).toMatch(/同一个文件只能用于一个附件/);
  });
});
