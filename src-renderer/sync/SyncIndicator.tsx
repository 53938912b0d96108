import { useNavigate } from 'react-router';
import { Badge, Button, Space, Tag, Tooltip } from 'antd';
import { CloudSyncOutlined, SyncOutlined } from '@ant-design/icons';
import type { SyncStatus } from '../../src-shared/schemas/desktopSync';
import { syncHeaderParts } from './syncView';

/**
 * The header's sync state: 在线 / 离线, what waits (N 项待同步), what was refused (N 项被退回), the last
 * sync and failure in the tooltip. A click opens the 同步 page.
 */
export function SyncIndicator({
  status,
  apiOnline,
}: {
  status: SyncStatus | null;
  apiOnline: boolean | null;
}) {
  const navigate = useNavigate();
  const online = status?.online ?? apiOnline;
  const parts = status ? syncHeaderParts(status) : null;
  const title = (
    <div className="sync-indicator-detail">
      {online === false && <div>无法连接证书服务中心，可查看本机保存的资料；联网后自动同步</div>}
      {parts?.detail.split('\n').map((line) => (
        <div key={line}>{line}</div>
      ))}
      <div>点击查看同步详情</div>
    </div>
  );
  return (
    <Tooltip title={title}>
      <Button
        type="text"
        className="sync-indicator"
        data-testid="sync-indicator"
        onClick={() => navigate('/sync')}
      >
        <Space size="small">
          {online === null ? (
            <Badge status="processing" text="检测网络…" />
          ) : online ? (
            <Badge status="success" text="在线" />
          ) : (
            <Badge status="default" text="离线" />
          )}
          {status?.syncing && <SyncOutlined spin aria-label="正在同步" />}
          {parts?.pendingText && (
            <Tag color="processing" icon={<CloudSyncOutlined />} data-testid="sync-pending">
              {parts.pendingText}
            </Tag>
          )}
          {parts?.rejectedText && (
            <Tag color="error" data-testid="sync-rejected">
              {parts.rejectedText}
            </Tag>
          )}
          {status?.lastError && online === true && !parts?.rejectedText && <Badge status="warning" />}
        </Space>
      </Button>
    </Tooltip>
  );
}
