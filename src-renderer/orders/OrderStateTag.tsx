import { Tag } from 'antd';
import type { Order } from '../../src-shared/schemas/order';
import { ORDER_STATE_TONES } from './orderView';

export function OrderStateTag({ order }: { order: Order }) {
  return (
    <Tag color={ORDER_STATE_TONES[order.state]} data-state={order.state}>
      {order.stateLabel}
    </Tag>
  );
}
