import { Link } from 'react-router';
import { Typography } from 'antd';
import { useSession } from '../session/SessionProvider';
import { SettingsForm } from './SettingsForm';
import { useLoadedSettings } from './SettingsProvider';

/** 设置: in the signed-in shell, or on the public pages (a person without a server cannot log in). */
export default function SettingsPage() {
  const { user } = useSession();
  const settings = useLoadedSettings();
  if (user) {
    return (
      <>
        <Typography.Title level={4} className="page-title">
          设置
        </Typography.Title>
        <div className="settings-page">
          <SettingsForm mode="settings" framed />
        </div>
      </>
    );
  }
  return (
    <div className="public-form">
      <Typography.Title level={4} className="public-form-title">
        设置
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="public-form-subtitle">
        证书服务中心的服务地址与 USB KEY 驱动，保存在本机
      </Typography.Paragraph>
      <SettingsForm mode="settings" framed={false} />
      {settings.apiUrl !== null && (
        <div className="public-links">
          <Link to="/login">返回登录</Link>
        </div>
      )}
    </div>
  );
}
