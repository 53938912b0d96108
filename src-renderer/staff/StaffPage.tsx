import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Result, Tabs, Typography } from 'antd';
import { useSession } from '../session/SessionProvider';
import { FinanceDesk } from './FinanceDesk';
import { IssuanceDesk } from './IssuanceDesk';
import { ReviewQueue } from './ReviewQueue';
import { activeTab, STAFF_TABS, staffTabs, type StaffTabKey } from './staffDesk';
import { isStaff } from './staffMoves';

const DESKS: Record<StaffTabKey, () => ReactNode> = {
  review: () => <ReviewQueue />,
  finance: () => <FinanceDesk />,
  issuance: () => <IssuanceDesk />,
};

/** 业务受理: one tab per desk the account's staff roles open (审核受理, 财务核款, 发证与寄送). */
export default function StaffPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const roles = user?.roles ?? [];
  const tabs = staffTabs(roles);
  const active = activeTab(params.get('tab'), tabs);

  if (!isStaff(roles) || active === null) {
    return (
      <Result status="403" title="业务受理仅供工作人员使用" subTitle="请使用审核员、财务或发证员账号登录。" />
    );
  }

  return (
    <>
      <Typography.Title level={4} className="page-title">
        业务受理
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        data-testid="staff-tabs"
        items={STAFF_TABS.filter((tab) => tabs.includes(tab.key)).map((tab) => ({
          key: tab.key,
          label: tab.label,
          children: DESKS[tab.key](),
        }))}
      />
    </>
  );
}
