import { Tag } from 'antd';
import { ORDER_STATES, type OrderState } from '../../src-shared/schemas/order';

const COLORS: Record<OrderState, string> = {
  unpaid: 'default',
  slip_submitted: 'processing',
  slip_returned: 'error',
  paid: 'success',
};

/** An order's state: 待缴费, 待财务确认, 汇款底单被退回, 已缴费. */
export function OrderStateTag({ state }: { state: OrderState }) {
  return (
    <Tag color={COLORS[state]} data-order-state={state}>
      {ORDER_STATES[state]}
    </Tag>
  );
}
