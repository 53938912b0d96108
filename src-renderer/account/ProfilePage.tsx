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

export default function ProfilePage() {
  const { data: result, loading, error, reload, replace } = useChannel('profile.get');
  const { updateUser } = useSession();
  const [editing, setEditing] = useState(false);
  const [changingPhone, setChangingPhone] = useState(false);

  function saved(profile: Profile) {
    replace(fresh({ profile }));
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
      <KeptCopyAlert kept={result} what="资料" description="联网后可修改资料。" onReload={reload} />
      <Card
        title={editing ? '修改个人资料' : '基本资料'}
        extra={
          !editing && (
            <Button icon={<EditOutlined />} disabled={fromCache} onClick={() => setEditing(true)}>
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
            onChangePhone={fromCache ? undefined : () => setChangingPhone(true)}
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
