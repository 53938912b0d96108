import type { ApiInput } from '../../src-shared/api/routes';
import type { Order } from '../../src-shared/schemas/order';
import type { ApiClient } from './api/client';

/**
 * 财务核款 for the desktop: the finance queue, and confirming or returning a remittance slip. Nothing is
 * kept on this computer: finance decides on live data, and the server checks the role and the version.
 */
export interface StaffOrderService {
  list(filter: ApiInput<'staff.orders'>): Promise<{ items: Order[] }>;
  confirmTransfer(input: ApiInput<'orders.confirmTransfer'>): Promise<Order>;
  returnSlip(input: ApiInput<'orders.returnSlip'>): Promise<Order>;
}

export function createStaffOrderService(api: ApiClient): StaffOrderService {
  return {
    list: (filter) => api.call('staff.orders', filter),
    confirmTransfer: (input) => api.call('orders.confirmTransfer', input),
    returnSlip: (input) => api.call('orders.returnSlip', input),
  };
}
