import { useEffect, useState } from 'react';
import { App, Button, Modal, Result, Spin, Typography } from 'antd';
import type { PaymentOpened } from '../../src-shared/ipc/contract';
import type { Order } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';
import { formatYuan } from '../../src-shared/catalogue';

const POLL_MS = 2_000;

export interface OnlinePayment {
  /** Opens the pay page outside the app and waits for the order to be paid. */
  start: (order: Order) => void;
  starting: boolean;
  /** The waiting dialog (render it somewhere). */
  dialog: React.ReactNode;
}

/**
 * 在线支付: the pay page opens in the system browser (Electron opens it in main; in the web host this
 * page opens it), then the order is asked for until it is paid — the provider's callback pays it on
 * the server, not this page.
 */
export function useOnlinePayment(onPaid: (order: Order) => void): OnlinePayment {
  const { message, modal } = App.useApp();
  const [starting, setStarting] = useState(false);
  const [waiting, setWaiting] = useState<{ order: Order; payment: PaymentOpened } | null>(null);

  useEffect(() => {
    if (waiting === null) return;
    let stopped = false;
    const timer = setInterval(() => {
      ipc
        .invoke('orders.get', { id: waiting.order.id })
        .then(({ order, fromCache }) => {
          if (stopped || fromCache || order.state !== 'paid') return;
          stopped = true;
          setWaiting(null);
          void message.success('支付成功，订单已缴费');
          onPaid(order);
        })
        // Asked again on the next tick; the dialog stays until paid or closed.
        .catch(() => undefined);
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [waiting, message, onPaid]);

  async function start(order: Order) {
    setStarting(true);
    try {
      const payment = await ipc.invoke('orders.startPayment', { id: order.id });
      if (!payment.opened) window.open(payment.payUrl, '_blank', 'noopener');
      setWaiting({ order, payment });
    } catch (error) {
      void modal.error({ title: '无法发起在线支付', content: asAppError(error).message });
    } finally {
      setStarting(false);
    }
  }

  const dialog = waiting && (
    <Modal
      open
      title="在线支付"
      footer={<Button onClick={() => setWaiting(null)}>稍后再付</Button>}
      onCancel={() => setWaiting(null)}
      data-testid="payment-waiting"
    >
      <Result
        icon={<Spin size="large" />}
        title="请在打开的支付页面中完成支付"
        subTitle={`订单金额 ${formatYuan(waiting.payment.amountFen)}，支付完成后此处自动显示结果。`}
        extra={
          waiting.payment.opened ? (
            <Typography.Text type="secondary">支付页面已在系统浏览器中打开。</Typography.Text>
          ) : (
            <Typography.Text type="secondary">
              支付页面没有打开？
              <Typography.Link href={waiting.payment.payUrl} target="_blank" rel="noopener">
                点此打开支付页面
              </Typography.Link>
            </Typography.Text>
          )
        }
      />
    </Modal>
  );

  return { start: (order) => void start(order), starting, dialog };
}
