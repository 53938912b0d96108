import { useEffect } from 'react';
import { Descriptions, Form, Input, Modal } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { KeyBindResult } from '../../src-shared/ipc/contract';
import { keyCertificateInput } from '../../src-shared/ipc/contract';
import { pinField, type ReadableTokenCertificate } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { PIN_ERROR_FIELD } from './pinRules';

interface Props {
  serial: string;
  /** The certificate to bind; null: the modal is closed. */
  certificate: ReadableTokenCertificate | null;
  onBound: (result: KeyBindResult, pin: string) => void;
  onCancel: () => void;
  /** A refusal, so the KEY card can show the KEY's new retry state. */
  onRefused?: () => void;
}

/** 绑定证书: the KEY's PIN (a new KEY's factory PIN works), then the KEY signs the server's challenge. */
export function BindCertificateModal({ serial, certificate, onBound, onCancel, onRefused }: Props) {
  const [form] = Form.useForm<{ pin: string }>();
  const submit = useFormSubmit(
    form,
    (values) =>
      ipc.invoke(
        'key.bind',
        checkWith(keyCertificateInput, { serial, fingerprint: certificate?.fingerprint, pin: values.pin }),
      ),
    {
      fieldFor: PIN_ERROR_FIELD,
      onSuccess: (result, values) => onBound(result, values.pin),
      onError: () => onRefused?.(),
    },
  );
  const { clearError } = submit;

  useEffect(() => {
    if (certificate === null) return;
    form.resetFields();
    clearError();
  }, [certificate, form, clearError]);

  return (
    <Modal
      open={certificate !== null}
      title="绑定证书"
      okText="确认绑定"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onCancel}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="bind-modal"
    >
      {certificate && (
        <Descriptions
          className="modal-summary"
          size="small"
          column={1}
          items={[
            { key: 'cn', label: '持有人', children: certificate.subject.commonName ?? '—' },
            { key: 'o', label: '单位', children: certificate.subject.organization ?? '—' },
          ]}
        />
      )}
      <Form form={form} name="bindCertificate" layout="vertical" onFinish={submit.onFinish}>
        <Form.Item
          name="pin"
          label="KEY 的 PIN 码"
          extra="新 KEY 的出厂 PIN 码为 111111"
          rules={[zodRule(pinField)]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            placeholder="请输入 KEY 的 PIN 码"
            autoComplete="off"
            autoFocus
          />
        </Form.Item>
        <FormError error={submit.error} onClose={submit.clearError} />
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
