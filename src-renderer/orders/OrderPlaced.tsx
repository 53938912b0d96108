import { useNavigate } from 'react-router';
import { Button, Card, Descriptions, Result } from 'antd';
import { CreditCardOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { formatYuan } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { PAYMENT_METHODS, type Order } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { PdfButton } from '../files/PdfButton';
import { OrderNextSteps } from './OrderNextSteps';
import { OrderStateTag } from './OrderStateTag';
import { orderActions } from './orderView';
import { useOrderPayment } from './useOrderPayment';
import { displayNumber } from '../records/recordNumber';

interface Props {
  order: Order;
  applications: readonly Application[];
  /** The order changed here (slip attached, paid). */
  onChanged: (order: Order) => void;
}

/** After 提交订单: the order, 打印回执, the slip or the online payment, and what to post. */
export function OrderPlaced({ order, applications, onChanged }: Props) {
  const navigate = useNavigate();
  const payment = useOrderPayment(onChanged);
  const actions = orderActions(order);
  return (
    <Card>
      <Result
        status="success"
        title={order.state === 'paid' ? '订单已缴费' : '订单已提交'}
        subTitle={`请打印回执，按下方提示${order.state === 'paid' ? '' : '缴费并'}邮寄材料；办理进度可在“申请单管理”“订单管理”中查看。`}
        data-testid="order-placed"
        extra={[
          <PdfButton
            key="receipt"
            type="primary"
            icon={<PrinterOutlined />}
            load={() => ipc.invoke('print.orderReceipt', { id: order.id })}
            testId="print-receipt"
          >
            打印回执
          </PdfButton>,
          actions.uploadSlip && !order.slipUploadId && (
            <Button key="slip" icon={<UploadOutlined />} onClick={() => payment.uploadSlip(order)}>
              上传汇款底单
            </Button>
          ),
          actions.payOnline && (
            <Button
              key="pay"
              icon={<CreditCardOutlined />}
              loading={payment.starting}
              onClick={() => payment.payOnline(order)}
            >
              在线支付
            </Button>
          ),
          <Button key="view" onClick={() => navigate(`/orders?open=${order.id}`)}>
            查看订单
          </Button>,
        ]}
      >
        <div className="order-placed-details">
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'number', label: '订单号', children: displayNumber(order), span: 2 },
              { key: 'amount', label: '订单金额', children: formatYuan(order.amountFen) },
              { key: 'method', label: '缴费方式', children: PAYMENT_METHODS[order.paymentMethod] },
              { key: 'state', label: '状态', children: <OrderStateTag state={order.state} /> },
              { key: 'count', label: '申请单', children: `${order.applicationIds.length} 个` },
            ]}
          />
          <OrderNextSteps order={order} services={applications.map((application) => application.service)} />
        </div>
      </Result>
      {payment.dialogs}
    </Card>
  );
}
