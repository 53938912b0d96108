import type { ApiInput } from '../../src-shared/api/routes';
import type { OrdersResult, StaffOrdersRequest } from '../../src-shared/ipc/contract';
import type { LocalSyncState } from '../../src-shared/schemas/desktopSync';
import { orderSchema, type Order } from '../../src-shared/schemas/order';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { requireRole } from './staffAccess';
import type { SyncService } from './sync';
import { keptReads } from './sync/keptReads';

/**
 * 财务核款 for the desktop: the finance queue, and confirming or returning a remittance slip. The queue
 * is the kept copy of every order (a finance account's pull brings them all), so the counter reads it
 * offline; confirming a transfer stays live (it makes the e-invoice), a return goes through the outbox.
 */
export interface StaffOrderService {
  /** Every order, latest change first, by state and the search over the kept text. */
  list(filter: StaffOrdersRequest): Promise<OrdersResult>;
  confirmTransfer(input: ApiInput<'orders.confirmTransfer'>): Promise<Order>;
  /** Online: the server's order after the return; offline: the kept copy with the return, marked 待同步. */
  returnSlip(input: ApiInput<'orders.returnSlip'>): Promise<Order & { sync: LocalSyncState }>;
}

const NOT_FOUND = '订单不存在';
/** As the server's finance route: at most this many. */
const LIST_LIMIT = 500;

export function createStaffOrderService(deps: {
  api: ApiClient;
  session: SessionService;
  sync: SyncService;
}): StaffOrderService {
  const { api, session, sync } = deps;
  const reads = keptReads(sync, 'order', orderSchema, NOT_FOUND);
  return {
    async list({ state, search }) {
      requireRole(session.requireUser(), ['finance'], '查看缴费订单');
      const { items, ...from } = await reads.list(undefined, search, { state: state || undefined });
      items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return { items: items.slice(0, LIST_LIMIT), ...from };
    },
    confirmTransfer: (input) => api.call('orders.confirmTransfer', input),
    async returnSlip(input) {
      const kept = reads.now(await sync.write('order.returnSlip', input));
      if (kept) return kept;
      // Not kept here (an account that is not finance): the server's copy, as it was decided there.
      return { ...(await api.call('orders.get', { id: input.id })), sync: 'synced' as const };
    },
  };
}
