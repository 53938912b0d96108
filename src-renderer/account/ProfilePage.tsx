import { useState } from 'react';
import { Button, Card, Result, Skeleton, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { Profile } from '../../src-shared/schemas/account';
import { fresh } from '../../src-shared/ipc/contract';
import { useChannel } from '../bridge/useChannel';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { useSession } from '../session/SessionProvider';
import { EnterpriseView, ProfileView } from './ProfileView';
import { ProfileEditForm } from './ProfileEditForm';
import { PhoneChangeModal } from './PhoneChangeModal';

const PHONE_CHANGE_NEEDS_SERVER = '更换手机号需要接收短信验证码，请联网后再更换';

export default function ProfilePage() {
  const { data: result, loading, error, reload, replace } = useChannel('profile.get');
  const { updateUser } = useSession();
  const [editing, setEditing] = useState(false);
  const [changingPhone, setChangingPhone] = useState(false);

  function saved(profile: Profile) {
    // Saved offline: still the copy kept here (the change waits as 待同步), so the banner stays.
    replace(result?.fromCache ? { ...result, profile } : fresh({ profile }));
    updateUser({ name: profile.name, phone: profile.phone, idNumber: profile.idNumber });
    setEditing(false);
    setChangingPhone(false);
  }

  const title = (
    <Typography.Title level={4} className="page-title">
      个人资料
    </Typography.Title>
  );
  if (!result) {
    return (
      <>
        {title}
        <Card>
          {loading || !error ? (
            <Skeleton active paragraph={{ rows: 6 }} />
          ) : (
            <Result
              status="warning"
              title="个人资料加载失败"
              subTitle={error.message}
              extra={<Button onClick={reload}>重新加载</Button>}
            />
          )}
        </Card>
      </>
    );
  }

  const { profile, fromCache } = result;
  return (
    <>
      {title}
      <KeptCopyAlert
        kept={result}
        what="资料"
        description="离线时修改的资料保存在本机，联网后自动同步；更换手机号需要短信验证码，须联网。"
        onReload={reload}
      />
      <Card
        title={editing ? '修改个人资料' : '基本资料'}
        extra={
          !editing && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改资料
            </Button>
          )
        }
      >
        {editing ? (
          <ProfileEditForm
            profile={profile}
            onSaved={saved}
            onCancel={() => setEditing(false)}
            onConflict={reload}
          />
        ) : (
          <ProfileView
            profile={profile}
            onChangePhone={() => setChangingPhone(true)}
            phoneChangeBlocked={fromCache ? PHONE_CHANGE_NEEDS_SERVER : null}
          />
        )}
      </Card>
      {profile.enterprise && (
        <Card title="所属企业" className="section-card">
          <EnterpriseView enterprise={profile.enterprise} />
        </Card>
      )}
      <PhoneChangeModal
        open={changingPhone}
        profile={profile}
        onClose={() => setChangingPhone(false)}
        onSaved={saved}
      />
    </>
  );
}
