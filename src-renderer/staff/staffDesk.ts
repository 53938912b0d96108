import type { Role } from '../../src-shared/schemas/account';
import type { Application } from '../../src-shared/schemas/application';
import { ORDER_STATES } from '../../src-shared/schemas/order';

/** Pure rules of the 业务受理 page: which tabs a staff member sees, and the issuance desk's lists. */

export type StaffTabKey = 'review' | 'finance' | 'issuance';

export const STAFF_TABS: readonly { key: StaffTabKey; label: string; role: Role }[] = [
  { key: 'review', label: '审核受理', role: 'reviewer' },
  { key: 'finance', label: '财务核款', role: 'finance' },
  { key: 'issuance', label: '发证与寄送', role: 'issuer' },
];

/** The tabs of these roles, in page order; an admin holds every staff role. */
export function staffTabs(roles: readonly Role[]): StaffTabKey[] {
  return STAFF_TABS.filter((tab) => roles.includes(tab.role) || roles.includes('admin')).map(
    (tab) => tab.key,
  );
}

/** The tab asked for (?tab=…) when this person has it, else their first. */
export function activeTab(requested: string | null, tabs: readonly StaffTabKey[]): StaffTabKey | null {
  return tabs.find((tab) => tab === requested) ?? tabs[0] ?? null;
}

export type IssuanceView = 'toIssue' | 'unpaid' | 'toShip';

export const ISSUANCE_VIEWS: readonly { key: IssuanceView; label: string; empty: string }[] = [
  { key: 'toIssue', label: '待发证', empty: '没有已缴费、等待发证的申请单' },
  { key: 'unpaid', label: '待缴费', empty: '没有受理后尚未缴费的申请单' },
  { key: 'toShip', label: '待寄出', empty: '没有等待寄出的证书' },
];

/**
 * The issuance desk's lists from the 申请受理中 and 可领取 queues: accepted and paid → 待发证; accepted
 * but not paid → 待缴费 (the issuer sees what waits on finance); 可领取 → 待寄出.
 */
export function issuanceLists(
  accepted: readonly Application[],
  ready: readonly Application[],
): Record<IssuanceView, Application[]> {
  return {
    toIssue: accepted.filter((item) => item.orderState === 'paid'),
    unpaid: accepted.filter((item) => item.orderState !== 'paid'),
    toShip: [...ready],
  };
}

/** How far the application's payment is: its order's state, or 未下单. */
export function paymentLabel(application: Pick<Application, 'orderState'>): string {
  return application.orderState ? ORDER_STATES[application.orderState] : '未下单';
}

/** The quick move of a row in each list; none where the drawer's detail work comes first. */
export function quickMove(view: IssuanceView, application: Application): 'issue' | 'ship' | null {
  if (view === 'toShip') return 'ship';
  // A blank KEY needs its request made at the counter, in the drawer, before it can be issued.
  if (view === 'toIssue' && application.hasCsr) return 'issue';
  return null;
}

/** The queues' search boxes: what the kept copies' search finds (src-main/core/sync/recordSearch.ts). */
export const APPLICATION_SEARCH_PLACEHOLDER = '搜索姓名、证件号、手机号、申请单号、企业、快递单号';
export const ORDER_SEARCH_PLACEHOLDER = '搜索订单号、付款单位、税号、收件人、手机号';

/** Offline, under the 离线 banner of a queue: what still works at the counter. */
export const APPLICATION_QUEUE_OFFLINE =
  '离线时可审核、受理和寄出，办理结果先保存在本机，联网后自动提交；发证需联网。';
export const ORDER_QUEUE_OFFLINE = '离线时可退回汇款底单，退回先保存在本机，联网后自动提交；确认到账需联网。';
