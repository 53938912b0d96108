import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import {
  AppstoreOutlined,
  AuditOutlined,
  CloudSyncOutlined,
  FileTextOutlined,
  LockOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SafetyCertificateFilled,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { maskPhone } from '../../src-shared/rules/mask';
import type { Role } from '../../src-shared/schemas/account';
import { NotificationBell } from '../notifications/NotificationBell';
import { isStaff } from '../staff/staffMoves';
import { useSession } from '../session/SessionProvider';
import { useApiOnline } from '../session/useConnectivity';
import { asAppError } from '../forms/appError';
import { SyncIndicator } from '../sync/SyncIndicator';
import { useSyncStatus } from '../sync/useSyncStatus';
import { BridgeBanner } from './BridgeBanner';
import { PageLoading } from './PageLoading';

const MENU: NonNullable<MenuProps['items']> = [
  { key: '/business', icon: <AppstoreOutlined />, label: '业务办理' },
  { key: '/certificates', icon: <SafetyCertificateOutlined />, label: '证书管理' },
  { key: '/applications', icon: <FileTextOutlined />, label: '申请单管理' },
  { key: '/orders', icon: <ShoppingCartOutlined />, label: '订单管理' },
  { key: '/sync', icon: <CloudSyncOutlined />, label: '同步' },
  {
    key: 'account',
    icon: <UserOutlined />,
    label: '个人中心',
    children: [
      { key: '/account/profile', icon: <ProfileOutlined />, label: '个人资料' },
      { key: '/account/password', icon: <LockOutlined />, label: '修改密码' },
    ],
  },
  { key: '/settings', icon: <SettingOutlined />, label: '设置' },
];

/** Counter work, shown only to staff (the server authorises every move by role anyway). */
const STAFF_MENU = { key: '/staff', icon: <AuditOutlined />, label: '业务受理' };

function menuFor(roles: readonly Role[]): MenuProps['items'] {
  if (!isStaff(roles)) return MENU;
  // Before 个人中心 and 设置.
  return [...MENU.slice(0, -2), STAFF_MENU, ...MENU.slice(-2)];
}

/** The menu entry a page belongs to: /business/cert.renew is under 业务办理. */
function menuKeyOf(pathname: string): string {
  const area = `/${pathname.split('/')[1] ?? ''}`;
  return area === '/account' ? pathname : area;
}

/** The signed-in shell: menu on the left, who and whether online at the top, the page in the middle. */
export function AppLayout() {
  const { user, signOut } = useSession();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const apiOnline = useApiOnline();
  const { status: syncStatus } = useSyncStatus();

  function confirmSignOut() {
    modal.confirm({
      title: '退出登录',
      content: '确定要退出当前账号吗？',
      okText: '退出登录',
      cancelText: '取消',
      onOk: async () => {
        try {
          await signOut();
          navigate('/login', { replace: true });
        } catch (error) {
          message.error(asAppError(error).message);
        }
      },
    });
  }

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <div className="app-logo">
          <SafetyCertificateFilled className="app-logo-icon" />
          <span className="app-logo-text">证书服务中心</span>
          <span className="app-logo-sub">certdesk</span>
        </div>
        <Space size="large">
          <SyncIndicator status={syncStatus} apiOnline={apiOnline} />
          <NotificationBell />
          <Space className="app-user" data-testid="current-user">
            <Avatar size="small" icon={<UserOutlined />} className="app-user-avatar" />
            {user?.name && <span>{user.name}</span>}
            {user?.phone && <Typography.Text type="secondary">{maskPhone(user.phone)}</Typography.Text>}
          </Space>
          <Button type="text" icon={<LogoutOutlined />} onClick={confirmSignOut}>
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <BridgeBanner />
      <Layout>
        <Layout.Sider theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208}>
          <Menu
            mode="inline"
            items={menuFor(user?.roles ?? [])}
            selectedKeys={[menuKeyOf(pathname)]}
            defaultOpenKeys={['account']}
            onClick={({ key }) => navigate(key)}
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
