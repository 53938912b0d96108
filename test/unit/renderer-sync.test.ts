import { describe, expect, it } from 'vitest';
import type { SyncQueueItem, SyncStatus } from '../../src-shared/schemas/desktopSync';
import {
  differingKeys,
  fieldLabelsOf,
  localSyncLabel,
  queueStatusLabel,
  syncHeaderParts,
  syncNowBlocked,
  syncOf,
  resubmitBlocked,
  transitionVersions,
  versionRows,
} from '../../src-renderer/sync/syncView';
import { mutationTitle } from '../../src-main/core/sync/mutationTitles';
import type { ApplicationDetail } from '../../src-shared/schemas/application';

function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    online: true,
    syncing: false,
    pending: 0,
    rejected: 0,
    lastSyncAt: null,
    lastError: null,
    pulled: 0,
    caughtUp: true,
    ...overrides,
  };
}

describe('the header sync state', () => {
  it('says nothing of the queue when it is empty', () => {
    const parts = syncHeaderParts(status());
    expect(parts.pendingText).toBeNull();
    expect(parts.rejectedText).toBeNull();
    expect(parts.detail).toBe('上次同步：尚未同步');
  });

  it('counts what waits and what was refused, and tells the last failure', () => {
    const parts = syncHeaderParts(status({ pending: 3, rejected: 1, lastError: '网络连接失败' }));
    expect(parts.pendingText).toBe('3 项待同步');
    expect(parts.rejectedText).toBe('1 项被退回');
    expect(parts.detail).toContain('同步失败：网络连接失败');
  });

  it('tells a first sync under way', () => {
    expect(syncHeaderParts(status({ caughtUp: false, pulled: 120 })).detail).toContain('已接收 120 条记录');
  });
});

describe('立即同步', () => {
  it('is refused offline with the reason, and while a sync runs', () => {
    expect(syncNowBlocked(status({ online: false }), true)).toContain('离线');
    expect(syncNowBlocked(status(), false)).toContain('离线');
    expect(syncNowBlocked(status({ syncing: true }), true)).toBe('正在同步…');
    expect(syncNowBlocked(status(), true)).toBeNull();
  });
});

describe('the marks on kept records', () => {
  it('labels pending and conflict, nothing for synced', () => {
    expect(localSyncLabel('pending')?.label).toBe('待同步');
    expect(localSyncLabel('conflict')?.label).toBe('有冲突');
    expect(localSyncLabel('synced')).toBeNull();
    expect(localSyncLabel(undefined)).toBeNull();
  });

  it('reads the mark off a record, ignoring anything else', () => {
    expect(syncOf({ id: 'a', sync: 'pending' })).toBe('pending');
    expect(syncOf({ id: 'a', sync: 'weird' })).toBeUndefined();
    expect(syncOf({ id: 'a' })).toBeUndefined();
  });
});

describe('我的版本 and 服务器版本', () => {
  const item: SyncQueueItem = {
    mutationId: 7,
    name: 'application.edit',
    title: '修改申请单',
    recordKind: 'application',
    recordId: 'app-1',
    status: 'rejected',
    rejection: { code: 'CONFLICT', message: '申请单已被他人修改' },
    createdAt: '2026-12-03T06:00:00.000Z',
    mine: { id: 'app-1', values: { name: '张三', city: '福州' }, blankKey: false, tags: ['a', 'b'] },
    server: { id: 'app-1', values: { name: '张三丰', city: '福州' }, version: 3 },
  };

  it('shows fields as labelled rows, nested ones flattened, values as text', () => {
    const rows = versionRows(item.mine);
    expect(rows).toEqual([
      { key: 'id', label: '编号', text: 'app-1' },
      { key: 'values.name', label: '申请信息 · 姓名', text: '张三' },
      { key: 'values.city', label: '申请信息 · city', text: '福州' },
      { key: 'blankKey', label: 'blankKey', text: '否' },
      { key: 'tags', label: 'tags', text: 'a、b' },
    ]);
    expect(versionRows(null)).toEqual([]);
  });

  it('marks only the fields both have and that differ', () => {
    expect([...differingKeys(versionRows(item.mine), versionRows(item.server))]).toEqual(['values.name']);
  });

  it('names the queue status', () => {
    expect(queueStatusLabel(item)).toBe('被退回');
    expect(queueStatusLabel({ ...item, status: 'pending' })).toBe('待同步');
  });
});

describe('the form labels in the versions', () => {
  it('come from the service either version names', () => {
    const labels = fieldLabelsOf({ mine: { id: 'x' }, server: { service: 'cert.new.enterprise' } });
    expect(labels.enterpriseAddress).toBe('企业地址');
    const rows = versionRows({ values: { enterpriseAddress: '福州' } }, labels);
    expect(rows[0]?.label).toBe('申请信息 · 企业地址');
    expect(fieldLabelsOf({ mine: {}, server: null })).toEqual({});
  });
});

describe('a refused move at the counter', () => {
  const server: ApplicationDetail = {
    id: '2cb43d83-5169-4ab4-8886-55b9f30f3f9b',
    number: 'SQ20261203-0005',
    service: 'cert.new.enterprise',
    serviceName: '企业证书新办',
    state: 'rejected',
    stateLabel: '审核未过',
    applicantId: 'acc-1',
    applicantName: '李四',
    enterpriseCreditCode: null,
    values: {},
    attachments: {},
    hasCsr: true,
    blankKey: false,
    feeFen: 40000,
    orderId: null,
    orderNumber: null,
    orderState: null,
    certificateId: null,
    trackingNumber: null,
    submittedAt: '2026-12-03T04:00:00.000Z',
    version: 2,
    createdAt: '2026-12-03T04:00:00.000Z',
    updatedAt: '2026-12-03T05:00:00.000Z',
    timeline: [
      {
        transition: 'reject',
        label: '审核不通过',
        from: 'pending',
        to: 'rejected',
        actor: { role: 'reviewer', name: '赵六' },
        at: '2026-12-03T05:00:00.000Z',
        feedback: '法定代表人身份证已过期',
        trackingNumber: null,
      },
    ],
  };
  const mine = { id: '2cb43d83-5169-4ab4-8886-55b9f30f3f9b', name: 'accept', version: 1 };

  it('shows the state each version leads to and its move, not the raw arguments', () => {
    const versions = transitionVersions({ name: 'application.transition', mine, server });
    expect(versions?.mine).toEqual([
      { key: 'state', label: '状态', text: '申请受理中' },
      { key: 'move', label: '办理', text: '受理' },
    ]);
    expect(versions?.server.map((row) => [row.label, row.text])).toEqual([
      ['状态', '审核未过'],
      ['办理', '审核不通过'],
      ['办理人', '赵六'],
      ['办理时间', expect.stringMatching(/^2026-12-03 \d{2}:00$/)],
      ['审核意见', '法定代表人身份证已过期'],
    ]);
    expect([...differingKeys(versions!.mine, versions!.server)]).toEqual(['state', 'move']);
  });

  it('leaves other mutations to the field rows', () => {
    expect(transitionVersions({ name: 'application.edit', mine, server })).toBeNull();
  });

  it('offers no 再次提交 when the server copy left the state the move starts from', () => {
    const item = { name: 'application.transition' as const, mine, server };
    expect(resubmitBlocked(item)).toBe('服务器上的申请单已是「审核未过」，不能再受理，请放弃本机的修改');
    // Refused for a stale version only: the move still starts from the server's state.
    const pending = { ...server, state: 'pending', stateLabel: '待审核' };
    expect(resubmitBlocked({ ...item, server: pending })).toBeNull();
    expect(resubmitBlocked({ name: 'application.edit', mine, server })).toBeNull();
  });

  it('is titled with the button the user pressed', () => {
    expect(mutationTitle('application.transition', mine, { ...server })).toBe('受理「SQ20261203-0005」');
    expect(mutationTitle('application.transition', { ...mine, name: 'ship' }, null)).toBe('寄出');
  });
});
