import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { formatYuan } from '../../src-shared/catalogue';
import { PAYMENT_METHODS, type Order } from '../../src-shared/schemas/order';
import { formatTime } from '../applications/applicationView';
import { useChannel } from '../bridge/useChannel';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { OrderDrawer } from './OrderDrawer';
import { OrderStateTag } from './OrderStateTag';
import { LocalSyncTag } from '../sync/LocalSyncTag';
import { orderSummary } from './orderView';
import { LoadFailedAlert } from '../components/LoadFailedAlert';
import { displayNumber } from '../records/recordNumber';

/** 订单管理 (seed 003): my orders, how each is paid, and what may still be done with it. */
export default function OrdersPage() {
  const orders = useChannel('orders.list');
  const applications = useChannel('applications.list');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const openId = params.get('open');
  const items = useMemo(() => orders.data?.items ?? [], [orders.data]);
  const known = applications.data?.items ?? [];

  const open = (id: string | null) => setParams(id === null ? {} : { open: id }, { replace: true });
  const reload = () => {
    orders.reload();
    applications.reload();
  };

  const columns: TableColumnsType<Order> = [
    {
      title: '订单号',
      key: 'number',
      width: 160,
      render: (_, order) => (
        <Button type="link" className="table-link" onClick={() => open(order.id)}>
          {displayNumber(order)}
        </Button>
      ),
    },
    { title: '申请单', key: 'summary', ellipsis: true, render: (_, order) => orderSummary(order, known) },
    {
      title: '金额',
      key: 'amount',
      width: 110,
      align: 'right',
      render: (_, order) => formatYuan(order.amountFen),
    },
    {
      title: '缴费方式',
      key: 'method',
      width: 100,
      render: (_, order) => PAYMENT_METHODS[order.paymentMethod],
    },
    {
      title: '状态',
      key: 'state',
      width: 170,
      render: (_, order) => (
        <>
          <OrderStateTag state={order.state} />
          <LocalSyncTag record={order} />
        </>
      ),
    },
    { title: '下单时间', key: 'created', width: 150, render: (_, order) => formatTime(order.createdAt) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, order) => (
        <Button type="link" className="table-link" onClick={() => open(order.id)}>
          查看
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={4} className="page-title">
        订单管理
      </Typography.Title>
      <KeptCopyAlert
        kept={orders.data}
        what="订单"
        description="离线时可上传汇款底单，联网后自动提交；在线支付和下载电子发票需联网。"
        onReload={reload}
      />
      {orders.error && !orders.data && <LoadFailedAlert error={orders.error} onRetry={reload} />}
      <Card
        title="我的订单"
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={orders.loading}>
              刷新
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/orders/new')}>
              下单缴费
            </Button>
          </Space>
        }
      >
        <Table
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={orders.loading && orders.data === null}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="orders-table"
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <>
                    还没有订单。提交申请单后可<Link to="/orders/new">下单缴费</Link>
                  </>
                }
              />
            ),
          }}
        />
      </Card>
      <OrderDrawer id={openId} applications={known} onClose={() => open(null)} onChanged={orders.reload} />
    </>
  );
}
