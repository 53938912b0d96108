import { Form, Input, Modal, Typography } from 'antd';
import { formatYuan } from '../../src-shared/catalogue';
import { returnSlipInput, type Order } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';

interface Props {
  order: Order;
  onDone: (order: Order) => void;
  onCancel: () => void;
}

/** 退回底单: the payer reads the reason in 订单管理 and uploads another slip. */
export function ReturnSlipModal({ order, onDone, onCancel }: Props) {
  const [form] = Form.useForm<{ feedback: string }>();
  const submit = useFormSubmit(
    form,
    ({ feedback }: { feedback: string }) =>
      ipc.invoke('orders.returnSlip', { id: order.id, version: order.version, feedback }),
    { onSuccess: onDone },
  );
  return (
    <Modal
      open
      title="退回汇款底单"
      okText="确认退回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="return-slip-modal"
    >
      <Typography.Paragraph type="secondary">
        订单金额 {formatYuan(order.amountFen)}；发票抬头：{order.invoice.title}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="returnSlip" onFinish={submit.onFinish}>
        <Form.Item
          name="feedback"
          label="退回原因"
          rules={[zodRule(returnSlipInput.shape.feedback)]}
          extra="缴费人将在“订单管理”中看到退回原因"
        >
          <Input.TextArea rows={4} maxLength={500} showCount placeholder="例如：底单金额与订单金额不符" />
        </Form.Item>
        <FormError error={submit.error} onClose={submit.clearError} />
      </Form>
    </Modal>
  );
}
