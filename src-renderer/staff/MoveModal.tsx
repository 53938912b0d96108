import { Form, Input, Modal, Typography } from 'antd';
import type { ServiceDef, TransitionDef } from '../../src-shared/catalogue';
import type { Role } from '../../src-shared/schemas/account';
import type { Application, ApplicationDetail } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import { feedbackLabel, moveProblem } from './staffMoves';
import { displayNumber } from '../records/recordNumber';

interface MoveValues {
  feedback?: string;
  trackingNumber?: string;
}

interface Props {
  service: ServiceDef;
  /** A queue row will do: the move needs the id, version and state, not the timeline. */
  application: Application;
  move: TransitionDef;
  roles: readonly Role[];
  onDone: (application: ApplicationDetail) => void;
  onCancel: () => void;
}

/** One move of the status machine by staff: 受理, 审核不通过 (with the feedback the applicant will read) … */
export function MoveModal({ service, application, move, roles, onDone, onCancel }: Props) {
  const [form] = Form.useForm<MoveValues>();
  const needs = move.needs ?? [];
  const submit = useFormSubmit(
    form,
    async (values: MoveValues) => {
      const input = {
        feedback: values.feedback?.trim() || undefined,
        trackingNumber: values.trackingNumber?.trim() || undefined,
      };
      const problem = moveProblem(service, application.state, move, roles, input);
      // A missing feedback or tracking number is said on its field; anything else the server says.
      if (problem?.field === 'feedback' || problem?.field === 'trackingNumber') {
        form.setFields([{ name: problem.field, errors: [problem.message] }]);
        return null;
      }
      return ipc.invoke('applications.transition', {
        id: application.id,
        name: move.name,
        version: application.version,
        ...input,
      });
    },
    {
      onSuccess: (moved) => {
        if (moved) onDone(moved);
      },
    },
  );

  return (
    <Modal
      open
      title={`${move.label} · ${application.serviceName}`}
      okText={`确认${move.label}`}
      okButtonProps={{ danger: move.name === 'reject' }}
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="move-modal"
    >
      <Typography.Paragraph type="secondary">
        申请人：{application.applicantName ?? '—'}；申请单号：{displayNumber(application)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="move" onFinish={submit.onFinish}>
        {needs.includes('trackingNumber') && (
          <Form.Item name="trackingNumber" label="快递单号" required>
            <Input placeholder="8–30 位字母或数字" maxLength={30} />
          </Form.Item>
        )}
        <Form.Item
          name="feedback"
          label={feedbackLabel(needs)}
          required={needs.includes('feedback')}
          extra={
            needs.includes('feedback')
              ? '申请人将看到这段意见，请写明需要修改什么'
              : '可选，申请人可在申请单中看到'
          }
        >
          <Input.TextArea rows={4} maxLength={500} showCount />
        </Form.Item>
        <FormError error={submit.error} onClose={submit.clearError} />
      </Form>
    </Modal>
  );
}
