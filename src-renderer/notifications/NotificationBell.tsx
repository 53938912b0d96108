import { useState } from 'react';
import { App, Badge, Button, Empty, List, Popover, Space, Tooltip, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type { NotificationItem } from '../../src-shared/ipc/contract';
import { formatTime } from '../applications/applicationView';
import { asAppError } from '../forms/appError';
import { useNotifications } from './useNotifications';

/** The bell in the header: unread count, and the list of messages (certificate expiry reminders). */
export function NotificationBell() {
  const { result, error, markRead } = useNotifications();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const items = result?.items ?? [];
  const unread = result?.unread ?? 0;

  const read = (ids: readonly string[]) =>
    markRead(ids).catch((thrown: unknown) => message.error(asAppError(thrown).message));

  const content = (
    <div className="notification-panel" data-testid="notification-panel">
      {result?.fromCache && (
        <Typography.Text type="secondary" className="notification-offline">
          离线：显示的是本机保存的消息（{formatTime(result.cachedAt)}）
        </Typography.Text>
      )}
      {error && !result && <Typography.Text type="danger">{error.message}</Typography.Text>}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        <List<NotificationItem>
          className="notification-list"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              className={item.read ? 'notification-item' : 'notification-item notification-unread'}
              data-read={item.read}
              onClick={() => {
                if (!item.read) void read([item.id]);
              }}
            >
              <List.Item.Meta
                title={
                  <Space size={6}>
                    {!item.read && <Badge status="processing" />}
                    <span className={item.read ? 'notification-title' : 'notification-title unread'}>
                      {item.title}
                    </span>
                  </Space>
                }
                description={
                  <>
                    <div className="notification-body">{item.body}</div>
                    <Typography.Text type="secondary" className="notification-time">
                      {formatTime(item.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div className="notification-header">
          <span>消息通知</span>
          <Button
            type="link"
            size="small"
            disabled={unread === 0}
            onClick={() => void read(items.filter((item) => !item.read).map((item) => item.id))}
          >
            全部标为已读
          </Button>
        </div>
      }
      content={content}
    >
      <Tooltip title={open ? undefined : unread > 0 ? `${unread} 条未读消息` : '消息通知'}>
        <Badge count={unread} size="small" offset={[-4, 4]}>
          <Button type="text" icon={<BellOutlined />} aria-label="消息通知" data-testid="notification-bell" />
        </Badge>
      </Tooltip>
    </Popover>
  );
}
