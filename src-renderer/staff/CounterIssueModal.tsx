import { useState } from 'react';
import { Alert, Form, Modal, Space, Typography } from 'antd';
import type { ServiceDef, TransitionDef } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import { KeyRequestPanel } from '../key/KeyRequestPanel';
import { useKeys } from '../key/useKeys';
import { requestSubject, type MadeRequest } from '../services/keyRequest';
import { displayNumber } from '../records/recordNumber';

interface Props {
  service: ServiceDef;
  application: ApplicationDetail;
  /** The issue move of the machine. */
  move: TransitionDef;
  onDone: (application: ApplicationDetail) => void;
  onCancel: () => void;
}

/**
 * 发证 for an application brought with a blank KEY: the customer's KEY is inserted at the counter, the key
 * pair and request are made on it (subject from the approved application), and the issue move carries them.
 */
export function CounterIssueModal({ service, application, move, onDone, onCancel }: Props) {
  const keys = useKeys();
  const [form] = Form.useForm();
  const [request, setRequest] = useState<MadeRequest | null>(null);
  const submit = useFormSubmit(
    form,
    () =>
      ipc.invoke('applications.transition', {
        id: application.id,
        name: move.name,
        version: application.version,
        csrPem: request?.csrPem,
      }),
    { onSuccess: onDone },
  );

  return (
    <Modal
      open
      title={`${move.label} · ${application.serviceName}`}
      width={680}
      okText={`确认${move.label}`}
      okButtonProps={{ disabled: request === null }}
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="counter-issue-modal"
    >
      <Space direction="vertical" className="full-width">
        <Typography.Paragraph type="secondary">
          申请人：{application.applicantName ?? '—'}；申请单号：{displayNumber(application)}
        </Typography.Paragraph>
        <Alert
          type="info"
          showIcon
          title="该申请选择了“空白 KEY 到柜台办理”"
          description="请将客户的空白 KEY 插入本机，由客户输入 PIN 码，在 KEY 上生成密钥对后再发证；发证后用同一只 KEY 写入证书。"
        />
        <KeyRequestPanel
          keys={keys}
          subject={async () => requestSubject(service, application.values, null)}
          request={request}
          onChange={setRequest}
          disabled={submit.pending}
          noKeyHint="请插入客户的空白 KEY，插入后会自动识别。"
        />
        <Form form={form} name="counterIssue" onFinish={submit.onFinish} component={false} />
        <FormError error={submit.error} onClose={submit.clearError} />
      </Space>
    </Modal>
  );
}
