import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import type { SyncQueueItem } from '../../src-shared/schemas/desktopSync';
import { ipc } from '../bridge';
import { useChannel } from '../bridge/useChannel';
import { LoadFailedAlert } from '../components/LoadFailedAlert';
import { asAppError } from '../forms/appError';
import { useApiOnline } from '../session/useConnectivity';
import { useSyncStatus } from './useSyncStatus';
import {
  formatSyncTime,
  queueStatusLabel,
  resubmitBlocked,
  syncHeaderParts,
  syncNowBlocked,
} from './syncView';
import { VersionCompare } from './VersionCompare';

/** 同步: what waits to be sent to the server, what it refused, and 立即同步. */
export default function SyncPage() {
  const { message } = App.useApp();
  const { status, replace } = useSyncStatus();
  const apiOnline = useApiOnline();
  const queue = useChannel('sync.queue');
  const [busy, setBusy] = useState<string | null>(null);
  const blocked = syncNowBlocked(status, apiOnline);
  const items = queue.data?.items ?? [];
  // A sync nobody pressed for (back online, the periodic one) moves the counts: read the queue again.
  const counts = status ? `${status.pending}:${status.rejected}` : null;
  const countsShown = useRef<string | null>(null);
  const { reload } = queue;
  useEffect(() => {
    if (counts === null) return;
    if (countsShown.current !== null && countsShown.current !== counts) reload();
    countsShown.current = counts;
  }, [counts, reload]);

  async function run(key: string, action: () => Promise<void>, done: string) {
    setBusy(key);
    try {
      await action();
      message.success(done);
    } catch (error) {
      message.error(asAppError(error).message);
    } finally {
      setBusy(null);
      queue.reload();
    }
  }

  const syncNow = () =>
    run(
      'now',
      async () => {
        replace(await ipc.invoke('sync.now'));
      },
      '同步完成',
    );
  const resubmit = (item: SyncQueueItem) =>
    run(
      `resubmit:${item.mutationId}`,
      async () => {
        await ipc.invoke('sync.resubmit', { mutationId: item.mutationId });
      },
      '已重新提交，联网时会再次同步',
    );
  const discard = (item: SyncQueueItem) =>
    run(
      `discard:${item.mutationId}`,
      async () => {
        await ipc.invoke('sync.discard', { mutationId: item.mutationId });
      },
      '已放弃本机的修改，以服务器版本为准',
    );

  const columns: TableColumnsType<SyncQueueItem> = [
    { title: '内容', key: 'title', ellipsis: true, render: (_, item) => item.title },
    { title: '时间', key: 'time', width: 160, render: (_, item) => formatSyncTime(item.createdAt) },
    {
      title: '状态',
      key: 'status',
      width: 280,
      render: (_, item) => (
        <Space orientation="vertical" size={2}>
          <Tag color={item.status === 'rejected' ? 'error' : 'processing'} data-status={item.status}>
            {queueStatusLabel(item)}
          </Tag>
          {item.rejection && <Typography.Text type="danger">{item.rejection.message}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, item) => {
        if (item.status !== 'rejected') return <Typography.Text type="secondary">等待同步</Typography.Text>;
        const blocked = resubmitBlocked(item);
        return (
          <Space>
            <Tooltip title={blocked}>
              <Button
                size="small"
                type="primary"
                disabled={blocked !== null}
                loading={busy === `resubmit:${item.mutationId}`}
                onClick={() => void resubmit(item)}
              >
                再次提交
              </Button>
            </Tooltip>
            <Popconfirm
              title="放弃我的修改"
              description="本机填写的内容将被丢弃，以服务器版本为准。确定放弃吗？"
              okText="放弃我的修改"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => discard(item)}
            >
              <Button size="small" danger loading={busy === `discard:${item.mutationId}`}>
                放弃我的修改
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  const parts = status ? syncHeaderParts(status) : null;
  return (
    <>
      <Typography.Title level={4} className="page-title">
        同步
      </Typography.Title>
      {/* Offline says it already (the reason under the title): a failure is news only online. */}
      {status?.lastError && status.online && (
        <Alert
          className="page-alert"
          type="warning"
          showIcon
          title="上次同步失败"
          description={status.lastError}
        />
      )}
      {queue.error && !queue.data && <LoadFailedAlert error={queue.error} onRetry={queue.reload} />}
      <Card
        title={
          <Space wrap>
            <span data-testid="sync-last">上次同步：{formatSyncTime(status?.lastSyncAt ?? null)}</span>
            {parts?.pendingText && <Tag color="processing">{parts.pendingText}</Tag>}
            {parts?.rejectedText && <Tag color="error">{parts.rejectedText}</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={queue.reload} loading={queue.loading}>
              刷新
            </Button>
            <Tooltip title={blocked}>
              <Button
                type="primary"
                icon={<SyncOutlined spin={status?.syncing === true} />}
                disabled={blocked !== null}
                loading={busy === 'now'}
                onClick={() => void syncNow()}
                data-testid="sync-now"
              >
                立即同步
              </Button>
            </Tooltip>
          </Space>
        }
      >
        {blocked && status?.syncing !== true && (
          <Typography.Paragraph type="secondary">{blocked}</Typography.Paragraph>
        )}
        <Table
          rowKey="mutationId"
          columns={columns}
          dataSource={items}
          loading={queue.loading && queue.data === null}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          expandable={{
            rowExpandable: (item) => item.status === 'rejected',
            expandedRowRender: (item) => <VersionCompare item={item} />,
          }}
          data-testid="sync-queue"
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待同步或被退回的修改" />,
          }}
        />
      </Card>
    </>
  );
}
