import { Alert, Form, Modal } from 'antd';
import { AppError } from '../../src-shared/errors';
import type { Order } from '../../src-shared/schemas/order';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import type { PickedFile } from '../services/serviceForm';
import { uploadSlip } from './slip';
import { SlipInput } from './SlipInput';
import { displayNumber } from '../records/recordNumber';

interface Props {
  order: Order;
  onCancel: () => void;
  onSaved: (order: Order) => void;
}

/** 上传汇款底单 from 订单管理: later than ordering, or again after finance returned one (with its reason). */
export function SlipUploadModal({ order, onCancel, onSaved }: Props) {
  const [form] = Form.useForm<{ slip?: PickedFile }>();
  const submit = useFormSubmit(
    form,
    async ({ slip }: { slip?: PickedFile }) => {
      if (!slip)
        throw new AppError('VALIDATION', '请上传汇款底单', {
          fields: [{ field: 'slip', message: '请上传汇款底单' }],
        });
      let uploadId: string;
      try {
        uploadId = await uploadSlip(slip);
      } catch (error) {
        // The server judged the file: say so under it.
        if (error instanceof AppError) form.setFields([{ name: 'slip', errors: [error.message] }]);
        throw error;
      }
      return ipc.invoke('orders.attachSlip', { id: order.id, version: order.version, uploadId });
    },
    { onSuccess: onSaved },
  );

  return (
    <Modal
      open
      title={`${order.slipUploadId ? '重新上传' : '上传'}汇款底单 · 订单 ${displayNumber(order)}`}
      okText="提交汇款底单"
      cancelText="取消"
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="slip-modal"
    >
      {order.state === 'slip_returned' && order.financeFeedback && (
        <Alert
          className="modal-alert"
          type="error"
          showIcon
          title="财务退回了上次的汇款底单"
          description={`退回原因：${order.financeFeedback}`}
        />
      )}
      <FormError error={submit.error} onClose={submit.clearError} />
      <Form form={form} layout="vertical" onFinish={submit.onFinish}>
        <SlipInput required extra="请上传银行回单或转账截图，金额与订单金额一致" />
      </Form>
    </Modal>
  );
}
