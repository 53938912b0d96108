import { useState } from 'react';
import { Button, Select, Typography, type TableColumnsType } from 'antd';
import { formatYuan } from '../../src-shared/catalogue';
import { ORDER_STATES, PAYMENT_METHODS, type Order, type OrderState } from '../../src-shared/schemas/order';
import { formatTime } from '../applications/applicationView';
import { useChannel } from '../bridge/useChannel';
import { OrderStateTag } from '../orders/OrderStateTag';
import { stateColumn } from './applicationColumns';
import { OrderDrawer } from './OrderDrawer';
import { StaffQueueCard } from './StaffQueueCard';
import { displayNumber } from '../records/recordNumber';
import { ORDER_QUEUE_OFFLINE, ORDER_SEARCH_PLACEHOLDER } from './staffDesk';

const STATE_OPTIONS = Object.entries(ORDER_STATES).map(([value, label]) => ({ value, label }));

/** 财务核款: orders by state (待财务确认 first), each opened to confirm the transfer or return the slip. */
export function FinanceDesk() {
  const [state, setState] = useState<OrderState | undefined>('slip_submitted');
  const [search, setSearch] = useState<string | undefined>(undefined);
  const queue = useChannel('staff.orders', { state, search }, { keepPrevious: true });
  const [open, setOpen] = useState<Order | null>(null);

  const columns: TableColumnsType<Order> = [
    {
      title: '付款单位',
      key: 'title',
      ellipsis: true,
      render: (_, item) => (
        <Button
          type="link"
          className="table-link"
          title={`发票抬头：${item.invoice.title}`}
          onClick={() => setOpen(item)}
        >
          {item.invoice.title}
        </Button>
      ),
    },
    {
      title: '订单号',
      key: 'number',
      width: 170,
      render: (_, item) => (
        <Typography.Text className="serial-cell" copyable={item.number ? { text: item.number } : false}>
          {displayNumber(item)}
        </Typography.Text>
      ),
    },
    { title: '申请单', key: 'count', width: 80, render: (_, item) => `${item.applicationIds.length} 个` },
    {
      title: '金额',
      key: 'amount',
      width: 100,
      align: 'right',
      render: (_, item) => formatYuan(item.amountFen),
    },
    {
      title: '缴费方式',
      key: 'method',
      width: 90,
      render: (_, item) => PAYMENT_METHODS[item.paymentMethod],
    },
    stateColumn<Order>('状态', (item) => <OrderStateTag state={item.state} />),
    { title: '更新时间', key: 'updated', width: 150, render: (_, item) => formatTime(item.updatedAt) },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => setOpen(item)}>
          {item.state === 'slip_submitted' ? '核款' : '查看'}
        </Button>
      ),
    },
  ];

  return (
    <>
      <StaffQueueCard
        read={queue}
        offline={{ what: '订单', description: ORDER_QUEUE_OFFLINE }}
        search={{ placeholder: ORDER_SEARCH_PLACEHOLDER, testId: 'finance-search', onSearch: setSearch }}
        filters={
          <Select
            allowClear
            className="filter-select"
            placeholder="全部订单"
            value={state}
            options={STATE_OPTIONS}
            onChange={(next?: OrderState) => setState(next)}
            data-testid="order-state-filter"
          />
        }
        table={{
          columns,
          rows: queue.data?.items ?? [],
          testId: 'finance-queue',
          empty: search ? '没有符合条件的订单' : state ? `没有“${ORDER_STATES[state]}”的订单` : '还没有订单',
        }}
      />
      <OrderDrawer
        order={open}
        onClose={() => setOpen(null)}
        onSaved={(saved) => {
          setOpen(saved);
          queue.reload();
        }}
        onStale={() => {
          setOpen(null);
          queue.reload();
        }}
      />
    </>
  );
}
