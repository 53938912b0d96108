import { Form } from 'antd';
import { describeAttachmentRule } from '../../src-shared/catalogue';
import { REMITTANCE_SLIP } from '../../src-shared/schemas/order';
import { AttachmentInput } from '../services/AttachmentInput';

/** The 汇款底单 field of a form (name `slip`): checked by content when picked, sent with the form. */
export function SlipInput({ required, extra }: { required: boolean; extra?: string }) {
  const form = Form.useFormInstance();
  return (
    <Form.Item
      name="slip"
      label={REMITTANCE_SLIP.label}
      rules={required ? [{ required: true, message: `请上传${REMITTANCE_SLIP.label}` }] : []}
      extra={[describeAttachmentRule(REMITTANCE_SLIP), extra].filter(Boolean).join('；')}
      data-attachment={REMITTANCE_SLIP.key}
    >
      <AttachmentInput
        rule={REMITTANCE_SLIP}
        onRefused={(reason) => form.setFields([{ name: 'slip', errors: [reason] }])}
      />
    </Form.Item>
  );
}
