import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { formatYuan } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { PAYMENT_METHODS, REMITTANCE_SLIP, type Order } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { formatTime, summaryOf } from '../applications/applicationView';
import { StateTag } from '../applications/StateTag';
import { RecordDrawer } from '../components/RecordDrawer';
import { UploadPreview } from '../components/UploadPreview';
import { asAppError } from '../forms/appError';
import { OrderStateTag } from '../orders/OrderStateTag';
import { ReturnSlipModal } from './ReturnSlipModal';
import { ReviewDrawer } from './ReviewDrawer';
import { useOrderApplications } from './useOrderApplications';
import { displayNumber } from '../records/recordNumber';

interface Props {
  order: Order | null;
  onClose: () => void;
  /** The server answered with the order's new state (confirmed, returned). */
  onSaved: (order: Order) => void;
  /** The order changed elsewhere meanwhile: the queue should show what it is now. */
  onStale: () => void;
}

/** One order at the finance desk: what it pays for, the invoice and mailing details, the slip, and the decision. */
export function OrderDrawer({ order, onClose, onSaved, onStale }: Props) {
  const { modal, message } = App.useApp();
  const [returning, setReturning] = useState(false);
  const [openApplication, setOpenApplication] = useState<string | null>(null);
  const applications = useOrderApplications(order?.applicationIds ?? []);

  function confirmTransfer(current: Order) {
    modal.confirm({
      title: '确认到账',
      content: `确认已收到「${current.invoice.title}」的转账 ${formatYuan(current.amountFen)}？确认后订单变为“已缴费”，开具电子发票，且不能撤销。`,
      okText: '确认到账',
      cancelText: '取消',
      onOk: async () => {
        try {
          const saved = await ipc.invoke('orders.confirmTransfer', {
            id: current.id,
            version: current.version,
          });
          onSaved(saved);
          void message.success('已确认到账，订单状态为“已缴费”');
        } catch (thrown) {
          const error = asAppError(thrown);
          void message.error(error.message);
          if (error.code === 'VERSION_CONFLICT' || error.code === 'TRANSITION_NOT_ALLOWED') onStale();
        }
      },
    });
  }

  const columns: TableColumnsType<Application> = [
    { title: '申请单号', key: 'number', width: 150, render: (_, item) => displayNumber(item) },
    {
      title: '业务',
      key: 'service',
      width: 120,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => setOpenApplication(item.id)}>
          {item.serviceName}
        </Button>
      ),
    },
    { title: '申请信息', key: 'summary', ellipsis: true, render: (_, item) => summaryOf(item, 1) },
    { title: '费用', key: 'fee', width: 90, render: (_, item) => formatYuan(item.feeFen) },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_, item) => <StateTag service={item.service} state={item.state} />,
    },
  ];

  function body(current: Order) {
    const deciding = current.state === 'slip_submitted';
    return (
      <>
        {deciding && (
          <Space className="drawer-actions" data-testid="order-actions">
            <Button type="primary" onClick={() => confirmTransfer(current)}>
              确认到账
            </Button>
            <Button danger onClick={() => setReturning(true)}>
              退回底单
            </Button>
          </Space>
        )}
        {current.state === 'slip_returned' && current.financeFeedback && (
          <Alert
            className="drawer-actions"
            type="warning"
            showIcon
            title="汇款底单已退回，等待缴费人重新上传"
            description={`退回原因：${current.financeFeedback}`}
          />
        )}
        {current.state === 'paid' && (
          <Alert
            className="drawer-actions"
            type="success"
            showIcon
            title={`已于 ${formatTime(current.paidAt)} 确认到账${current.invoiceReady ? '，电子发票已开具' : ''}`}
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={2}
          data-testid="order-fields"
          items={[
            { key: 'state', label: '状态', children: <OrderStateTag state={current.state} /> },
            {
              key: 'amount',
              label: '金额',
              children: <Typography.Text strong>{formatYuan(current.amountFen)}</Typography.Text>,
            },
            { key: 'method', label: '缴费方式', children: PAYMENT_METHODS[current.paymentMethod] },
            { key: 'created', label: '下单时间', children: formatTime(current.createdAt) },
            { key: 'number', label: '订单号', span: 2, children: displayNumber(current) },
            { key: 'credit', label: '统一社会信用代码', children: current.enterpriseCreditCode ?? '—' },
            { key: 'contact', label: '联系电话', children: current.contactPhone },
          ]}
        />
        <Typography.Title level={5} className="drawer-section">
          {REMITTANCE_SLIP.label}
        </Typography.Title>
        {current.slipUploadId ? (
          <UploadPreview key={current.slipUploadId} id={current.slipUploadId} label={REMITTANCE_SLIP.label} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="缴费人尚未上传汇款底单" />
        )}
        <Typography.Title level={5} className="drawer-section">
          发票与邮寄
        </Typography.Title>
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            { key: 'title', label: '发票抬头', children: current.invoice.title },
            { key: 'taxpayer', label: '纳税人识别号', children: current.invoice.taxpayerNumber },
            { key: 'email', label: '电子邮箱', children: current.invoice.email },
            {
              key: 'mailing',
              label: '邮寄地址',
              children: `${current.mailing.address}（${current.mailing.recipient} ${current.mailing.phone}）`,
            },
          ]}
        />
        <Typography.Title level={5} className="drawer-section">
          所缴申请单（{current.applicationIds.length}）
        </Typography.Title>
        {applications.error ? (
          <Alert type="warning" showIcon title={`申请单加载失败：${applications.error.message}`} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={applications.items ?? []}
            loading={applications.items === null}
            pagination={false}
            data-testid="order-applications"
          />
        )}
        {returning && (
          <ReturnSlipModal
            order={current}
            onCancel={() => setReturning(false)}
            onDone={(saved) => {
              setReturning(false);
              onSaved(saved);
              void message.success('已退回汇款底单，缴费人将看到退回原因');
            }}
          />
        )}
        <ReviewDrawer
          id={openApplication}
          onClose={() => setOpenApplication(null)}
          onMoved={applications.reload}
        />
      </>
    );
  }

  return (
    <RecordDrawer
      open={order !== null}
      onClose={onClose}
      size={720}
      title={order ? `订单 · ${order.invoice.title}` : '订单'}
      testId="order-drawer"
    >
      {order ? body(order) : null}
    </RecordDrawer>
  );
}
