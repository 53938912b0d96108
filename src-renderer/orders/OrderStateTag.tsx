import { Tag } from 'antd';
import { ORDER_STATES, type OrderState } from '../../src-shared/schemas/order';
import { ORDER_STATE_TONES } from './orderView';

/** An order's state: 待缴费, 待财务确认, 汇款底单被退回, 已缴费. */
export function OrderStateTag({ state }: { state: OrderState }) {
  return (
    <Tag color={ORDER_STATE_TONES[state]} data-order-state={state}>
      {ORDER_STATES[state]}
    </Tag>
  );
}
