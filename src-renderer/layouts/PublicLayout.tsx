import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Card, Typography } from 'antd';
import { SafetyCertificateFilled, SettingOutlined } from '@ant-design/icons';
import { BridgeBanner } from './BridgeBanner';
import { PageLoading } from './PageLoading';

/** Login, registration, password reset and 设置: one centred card under the product name. */
export function PublicLayout() {
  const { pathname } = useLocation();
  return (
    <div className="public-page">
      <BridgeBanner />
      {pathname !== '/settings' && (
        <Link to="/settings" className="public-settings-link">
          <SettingOutlined /> 设置
        </Link>
      )}
      <div className="public-brand">
        <SafetyCertificateFilled className="public-brand-logo" />
        <div>
          <Typography.Title level={3} className="public-brand-name">
            证书服务中心
          </Typography.Title>
          <Typography.Text type="secondary">certdesk · 数字证书与考试证书业务一站办理</Typography.Text>
        </div>
      </div>
      <Card className="public-card" variant="borderless">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Card>
      <Typography.Text type="secondary" className="public-footer">
        © 证书服务中心 certdesk
      </Typography.Text>
    </div>
  );
}
