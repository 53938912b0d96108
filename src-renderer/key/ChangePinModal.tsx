import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { changePinInput, pinField, PIN_RULE_TEXT } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { confirmPinRule, newPinRule, OLD_PIN_ERROR_FIELD } from './pinRules';

interface Values {
  oldPin: string;
  newPin: string;
  confirmPin: string;
}

interface Props {
  open: boolean;
  serial: string | null;
  /** The PIN just typed (the factory PIN after binding), filled in as the old PIN. */
  oldPin?: string;
  /** The KEY still has its factory PIN: the person cannot go on without a new one. */
  forced?: boolean;
  onChanged: (newPin: string) => void;
  onCancel?: () => void;
}

/** 修改 PIN 码: old PIN, new PIN twice, by the shared PIN rules. */
export function ChangePinModal({ open, serial, oldPin, forced = false, onChanged, onCancel }: Props) {
  const [form] = Form.useForm<Values>();
  const submit = useFormSubmit(
    form,
    async (values) => {
      await ipc.invoke('key.changePin', checkWith(changePinInput, { ...values, serial }));
      return values.newPin;
    },
    { fieldFor: OLD_PIN_ERROR_FIELD, onSuccess: (newPin) => onChanged(newPin) },
  );
  const { clearError } = submit;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ oldPin: oldPin ?? '' });
    clearError();
  }, [open, oldPin, form, clearError]);

  return (
    <Modal
      open={open}
      title={forced ? '请修改 KEY 的出厂 PIN 码' : '修改 PIN 码'}
      okText="确认修改"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={forced ? undefined : onCancel}
      cancelButtonProps={forced ? { style: { display: 'none' } } : undefined}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      confirmLoading={submit.pending}
      destroyOnHidden
      data-testid="change-pin-modal"
    >
      {forced && (
        <Alert
          className="modal-alert"
          type="warning"
          showIcon
          title="这只 KEY 仍在使用出厂 PIN 码 111111"
          description="为保护您的证书，请设置新的 PIN 码后再继续。请牢记新 PIN 码，连续输错多次 KEY 将被锁定。"
        />
      )}
      <Form form={form} name="changePin" layout="vertical" onFinish={submit.onFinish}>
        <Form.Item name="oldPin" label="原 PIN 码" rules={[zodRule(pinField)]}>
          <Input.Password prefix={<LockOutlined />} placeholder="请输入原 PIN 码" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="newPin"
          label="新 PIN 码"
          extra={PIN_RULE_TEXT}
          dependencies={['oldPin']}
          rules={[newPinRule(form)]}
        >
          <Input.Password prefix={<LockOutlined />} placeholder="请输入新 PIN 码" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="confirmPin"
          label="确认新 PIN 码"
          dependencies={['newPin']}
          rules={[confirmPinRule(form)]}
        >
          <Input.Password prefix={<LockOutlined />} placeholder="请再次输入新 PIN 码" autoComplete="off" />
        </Form.Item>
        <FormError error={submit.error} onClose={submit.clearError} />
        {/* Enter submits the form. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
