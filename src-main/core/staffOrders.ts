import type { ApiInput } from '../../src-shared/api/routes';
import type { Order } from '../../src-shared/schemas/order';
import { AppError } from '../../src-shared/errors';
import type { ApiClient } from './api/client';
import type { SyncService } from './sync';

/**
 * 财务核款 for the desktop: the finance queue, and confirming or returning a remittance slip. Nothing is
 * kept on this computer: finance decides on live data, and the server checks the role and the version.
 */
export interface StaffOrderService {
  list(filter: ApiInput<'staff.orders'>): Promise<{ items: Order[] }>;
  confirmTransfer(input: ApiInput<'orders.confirmTransfer'>): Promise<Order>;
  returnSlip(input: ApiInput<'orders.returnSlip'>): Promise<Order>;
}

const RETURN_QUEUED = '当前无法连接服务器：退回底单已保存在本机，联网后自动提交';

/** Returning a slip goes through the sync outbox (a refusal online is thrown as before); confirming stays live. */
export function createStaffOrderService(api: ApiClient, sync: SyncService): StaffOrderService {
  return {
    list: (filter) => api.call('staff.orders', filter),
    confirmTransfer: (input) => api.call('orders.confirmTransfer', input),
    async returnSlip(input) {
      await sync.write('order.returnSlip', input);
      try {
        return await api.call('orders.get', { id: input.id });
      } catch {
        throw new AppError('NETWORK', RETURN_QUEUED);
      }
    },
  };
}
