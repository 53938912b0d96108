import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { Alert, Typography } from 'antd';
import { SettingsForm } from './SettingsForm';
import { useLoadedSettings } from './SettingsProvider';
import { needsFirstRun } from './settingsView';

/** Before login when no 服务地址 is set: every call would fail until there is one. */
export default function FirstRunPage() {
  const settings = useLoadedSettings();
  // Only for arriving here with an address set: after saving one, the form itself goes on to login.
  const [arrivedConfigured] = useState(() => !needsFirstRun(settings));
  if (arrivedConfigured) return <Navigate to="/login" replace />;
  return (
    <div className="public-form">
      <Typography.Title level={4} className="public-form-title">
        首次使用：请填写服务地址
      </Typography.Title>
      <Alert
        className="public-notice first-run-notice"
        type="info"
        showIcon
        title="本机尚未设置证书服务中心的服务地址"
        description="请填写证书服务中心提供的服务地址（以 https:// 开头），保存后即可登录或注册。"
      />
      <SettingsForm mode="first-run" framed={false} />
      <div className="public-links">
        <Link to="/settings">更多设置（USB KEY 驱动）</Link>
      </div>
    </div>
  );
}
