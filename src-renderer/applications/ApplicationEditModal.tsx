import { App, Form, Modal, Typography } from 'antd';
import type { ServiceDef } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { FormError } from '../components/FormError';
import { useKeys } from '../key/useKeys';
import { KeyRequestSection } from '../services/KeyRequestSection';
import { formSubject, needsKeyRequest, requestFields } from '../services/keyRequest';
import { onServiceValuesChange, ServiceFields } from '../services/ServiceFields';
import {
  ATTACHMENTS_KEY,
  lockedOnEdit,
  storedAttachments,
  toFormValues,
  type FormValues,
} from '../services/serviceForm';
import { useKeyRequestChoice } from '../services/useKeyRequestChoice';
import { useServiceSubmit } from '../services/useServiceSubmit';

interface Props {
  service: ServiceDef;
  application: ApplicationDetail;
  onSaved: (application: ApplicationDetail) => void;
  onCancel: () => void;
}

/**
 * 编辑 while the machine allows it: the same catalogue form, filled with what was submitted. The request
 * made on the KEY stays unless a new one is made (or the blank KEY chosen instead).
 */
export function ApplicationEditModal({ service, application, onSaved, onCancel }: Props) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const keyed = needsKeyRequest(service);
  const keys = useKeys(keyed);
  const keyRequest = useKeyRequestChoice(service, keys, { existing: application });
  const submit = useServiceSubmit(service, form, {
    agreed: false,
    editing: { id: application.id, version: application.version },
    keyRequest: keyed ? () => requestFields(service, keyRequest.choice) : undefined,
    onSubmitted: (saved) => {
      void message.success(
        saved.state === application.state ? '申请单已保存' : `申请单已保存，状态变为“${saved.stateLabel}”`,
      );
      onSaved(saved);
    },
  });

  return (
    <Modal
      open
      title={`编辑申请单 · ${application.serviceName}`}
      width={880}
      okText="保存修改"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="application-edit"
    >
      <Form
        form={form}
        layout="vertical"
        name="application-edit"
        initialValues={{
          ...toFormValues(service, application.values),
          [ATTACHMENTS_KEY]: storedAttachments(application.attachments),
        }}
        onValuesChange={(changed: FormValues) => onServiceValuesChange(service, form, changed)}
        onFinish={submit.onFinish}
        disabled={submit.pending}
      >
        <ServiceFields service={service} form={form} locked={lockedOnEdit(service, application.values)} />
      </Form>
      {keyed && (
        <>
          <Typography.Title level={5} className="form-section-title">
            证书 KEY
          </Typography.Title>
          <KeyRequestSection
            bare
            service={service}
            keys={keys}
            choice={keyRequest.choice}
            onChange={keyRequest.onChange}
            subject={() => formSubject(service, form, null)}
            existing={application}
            disabled={submit.pending}
          />
        </>
      )}
      <FormError error={submit.error} onClose={submit.clearError} />
    </Modal>
  );
}
