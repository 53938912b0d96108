import { Button, Descriptions, Tag, Tooltip, type DescriptionsProps } from 'antd';
import dayjs from 'dayjs';
import type { Enterprise, Profile } from '../../src-shared/schemas/account';
import { ROLES } from '../../src-shared/schemas/account';
import { GENDERS, ID_TYPES } from '../../src-shared/schemas/fields';

const UNSET = <span className="unset">未填写</span>;

function text(value: string | null | undefined) {
  return value ? value : UNSET;
}

interface Props {
  profile: Profile;
  /** Opens the phone change dialog. */
  onChangePhone?: () => void;
  /** Why the phone cannot be changed now (offline: no SMS), or null. */
  phoneChangeBlocked?: string | null;
}

export function ProfileView({ profile, onChangePhone, phoneChangeBlocked = null }: Props) {
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '姓名', children: text(profile.name) },
    { key: 'gender', label: '性别', children: text(profile.gender && GENDERS[profile.gender]) },
    {
      key: 'phone',
      label: '手机号',
      children: (
        <span className="phone-cell">
          {text(profile.phone)}
          {onChangePhone && (
            <Tooltip title={phoneChangeBlocked}>
              <Button type="link" size="small" disabled={phoneChangeBlocked !== null} onClick={onChangePhone}>
                {profile.phone ? '更换' : '绑定'}
              </Button>
            </Tooltip>
          )}
        </span>
      ),
    },
    { key: 'email', label: '邮箱', children: text(profile.email) },
    { key: 'idType', label: '证件类型', children: text(profile.idType && ID_TYPES[profile.idType]) },
    { key: 'idNumber', label: '证件号码', children: text(profile.idNumber) },
    { key: 'birthDate', label: '出生日期', children: text(profile.birthDate) },
    { key: 'postalCode', label: '邮政编码', children: text(profile.postalCode) },
    { key: 'address', label: '通讯地址', span: 2, children: text(profile.address) },
    {
      key: 'roles',
      label: '账号类型',
      children: profile.roles.map((role) => <Tag key={role}>{ROLES[role]}</Tag>),
    },
    { key: 'createdAt', label: '注册时间', children: dayjs(profile.createdAt).format('YYYY-MM-DD HH:mm') },
  ];
  return <Descriptions bordered column={2} size="medium" items={items} data-testid="profile-view" />;
}

export function EnterpriseView({ enterprise }: { enterprise: Enterprise }) {
  return (
    <Descriptions
      bordered
      column={2}
      size="medium"
      items={[
        { key: 'name', label: '企业名称', span: 2, children: enterprise.name },
        { key: 'creditCode', label: '统一社会信用代码', children: enterprise.creditCode },
        { key: 'legal', label: '法定代表人', children: enterprise.legalRepresentative },
        { key: 'address', label: '企业地址', span: 2, children: enterprise.address },
      ]}
    />
  );
}
