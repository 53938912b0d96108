import { Alert, Button, Descriptions, Space, Table, Tooltip, Typography } from 'antd';
import { CreditCardOutlined, FileDoneOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { formatYuan } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { PAYMENT_METHODS, type Order } from '../../src-shared/schemas/order';
import { formatTime } from '../applications/applicationView';
import { StateTag } from '../applications/StateTag';
import { ipc } from '../bridge';
import { useChannel } from '../bridge/useChannel';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { RecordDrawer } from '../components/RecordDrawer';
import { PdfButton } from '../files/PdfButton';
import { OrderNextSteps } from './OrderNextSteps';
import { OrderStateTag } from './OrderStateTag';
import { LocalSyncTag } from '../sync/LocalSyncTag';
import { orderActions } from './orderView';
import { useOrderPayment } from './useOrderPayment';
import { displayNumber } from '../records/recordNumber';

const PAY_NEEDS_SERVER = '在线支付需要连接证书服务中心，请联网后再支付';

interface Props {
  id: string | null;
  /** My applications, to name the order's. */
  applications: readonly Application[];
  onClose: () => void;
  /** The order changed: the list reloads. */
  onChanged: () => void;
}

/** One order: its details, the applications in it, and 上传汇款底单 / 在线支付 / 打印回执 / 下载电子发票. */
export function OrderDrawer({ id, applications, onClose, onChanged }: Props) {
  const detail = useChannel('orders.get', id === null ? null : { id });
  const changed = (_order: Order) => {
    void detail.reload();
    onChanged();
  };
  const payment = useOrderPayment(changed);
  const order = detail.data?.order ?? null;
  const offline = detail.data?.fromCache === true;

  function body(order: Order) {
    const actions = orderActions(order);
    const items = order.applicationIds.map(
      (applicationId) =>
        applications.find((application) => application.id === applicationId) ?? { id: applicationId },
    );
    return (
      <>
        <KeptCopyAlert
          kept={detail.data}
          what="订单"
          description="离线时上传的汇款底单保存在本机，联网后自动提交；在线支付和下载电子发票需联网。"
        />
        {order.state === 'slip_returned' && (
          <Alert
            className="page-alert"
            type="error"
            showIcon
            title="财务退回了汇款底单，请重新上传"
            description={order.financeFeedback ? `退回原因：${order.financeFeedback}` : undefined}
            data-testid="finance-feedback"
          />
        )}
        <Space className="drawer-actions" wrap>
          <PdfButton
            icon={<PrinterOutlined />}
            load={() => ipc.invoke('print.orderReceipt', { id: order.id })}
            testId="print-receipt"
          >
            打印回执
          </PdfButton>
          {actions.uploadSlip && (
            <Button
              type={order.slipUploadId ? 'default' : 'primary'}
              icon={<UploadOutlined />}
              onClick={() => payment.uploadSlip(order)}
            >
              {order.slipUploadId ? '重新上传汇款底单' : '上传汇款底单'}
            </Button>
          )}
          {actions.payOnline && (
            <Tooltip title={offline ? PAY_NEEDS_SERVER : undefined}>
              <Button
                type="primary"
                icon={<CreditCardOutlined />}
                disabled={offline}
                loading={payment.starting}
                onClick={() => payment.payOnline(order)}
              >
                在线支付
              </Button>
            </Tooltip>
          )}
          {actions.downloadInvoice && (
            <PdfButton
              type="primary"
              icon={<FileDoneOutlined />}
              load={() => ipc.invoke('orders.invoice', { id: order.id })}
              testId="download-invoice"
            >
              下载电子发票
            </PdfButton>
          )}
        </Space>
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 104, whiteSpace: 'nowrap' } }}
          data-testid="order-fields"
          items={[
            {
              key: 'state',
              label: '状态',
              children: (
                <>
                  <OrderStateTag state={order.state} />
                  <LocalSyncTag record={order} />
                </>
              ),
            },
            { key: 'number', label: '订单号', children: displayNumber(order) },
            { key: 'amount', label: '订单金额', children: formatYuan(order.amountFen) },
            { key: 'method', label: '缴费方式', children: PAYMENT_METHODS[order.paymentMethod] },
            ...(order.paymentMethod === 'transfer'
              ? [{ key: 'slip', label: '汇款底单', children: order.slipUploadId ? '已上传' : '未上传' }]
              : []),
            { key: 'created', label: '下单时间', children: formatTime(order.createdAt) },
            { key: 'paid', label: '缴费时间', children: formatTime(order.paidAt) },
            {
              key: 'invoice',
              label: '发票',
              children: `${order.invoice.title}（${order.invoice.taxpayerNumber}），${order.invoice.email}`,
            },
            {
              key: 'mailing',
              label: '邮寄',
              children: `${order.mailing.address}，${order.mailing.recipient}，${order.mailing.phone}`,
            },
            { key: 'contact', label: '联系电话', children: order.contactPhone },
          ]}
        />
        <Typography.Title level={5} className="drawer-section">
          申请单
        </Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            {
              title: '申请单号',
              key: 'number',
              render: (_, item) => ('serviceName' in item ? displayNumber(item) : '—'),
            },
            {
              title: '业务',
              key: 'service',
              render: (_, item) => ('serviceName' in item ? item.serviceName : '—'),
            },
            {
              title: '状态',
              key: 'state',
              render: (_, item) =>
                'service' in item ? <StateTag service={item.service} state={item.state} /> : '—',
            },
            {
              title: '费用',
              key: 'fee',
              align: 'right',
              render: (_, item) => ('feeFen' in item ? formatYuan(item.feeFen) : '—'),
            },
          ]}
        />
        {order.state !== 'paid' && (
          <OrderNextSteps
            order={order}
            services={items.flatMap((item) => ('service' in item ? [item.service] : []))}
          />
        )}
        {payment.dialogs}
      </>
    );
  }

  return (
    <RecordDrawer
      open={id !== null}
      onClose={onClose}
      title={order ? `订单 · ${formatYuan(order.amountFen)}` : '订单'}
      testId="order-drawer"
      failed={{ title: '订单加载失败', error: detail.error, onReload: detail.reload }}
    >
      {order ? body(order) : null}
    </RecordDrawer>
  );
}
