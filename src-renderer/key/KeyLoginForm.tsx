import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Select, Spin } from 'antd';
import { LockOutlined, UsbOutlined } from '@ant-design/icons';
import type { SessionUser } from '../../src-shared/schemas/account';
import { keyCertificateInput } from '../../src-shared/ipc/contract';
import { pinField, type ReadableTokenCertificate } from '../../src-shared/schemas/key';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { useSession } from '../session/SessionProvider';
import { ChangePinModal } from './ChangePinModal';
import { tokenName } from './KeyStatusCard';
import { PIN_ERROR_FIELD } from './pinRules';
import { useKeyCertificates, useKeys } from './useKeys';

interface Values {
  fingerprint: string;
  pin: string;
}

function certificateName(c: ReadableTokenCertificate): string {
  return [c.subject.commonName, c.subject.organization].filter(Boolean).join(' · ') || c.label;
}

/** USB KEY 登录: the KEY and certificate (picked for the person when there is one), the PIN. */
export function KeyLoginForm() {
  const [form] = Form.useForm<Values>();
  const { signedIn } = useSession();
  const keys = useKeys();
  const serial = keys.selected?.serial ?? null;
  const certificates = useKeyCertificates(serial, keys.generation);
  const usable = (certificates.items ?? []).filter((c): c is ReadableTokenCertificate => c.readable);
  const [factoryPin, setFactoryPin] = useState<string | null>(null);

  const logIn = (values: Values, pin = values.pin) =>
    ipc.invoke(
      'auth.loginKey',
      checkWith(keyCertificateInput, { serial, fingerprint: values.fingerprint, pin }),
    );

  const submit = useFormSubmit<Values, SessionUser>(form, (values) => logIn(values), {
    fieldFor: PIN_ERROR_FIELD,
    onSuccess: signedIn,
    onError: (error) => {
      keys.refresh();
      if (error.code === 'PIN_CHANGE_REQUIRED') setFactoryPin(form.getFieldValue('pin') as string);
    },
  });

  // One certificate: chosen for the person; the choice goes when its KEY goes.
  const only = usable.length === 1 ? usable[0]!.fingerprint : undefined;
  const current = Form.useWatch('fingerprint', form);
  const offered = usable.map((c) => c.fingerprint).join(',');
  useEffect(() => {
    if (current === only || (current !== undefined && offered.split(',').includes(current))) return;
    form.setFieldValue('fingerprint', only);
  }, [only, current, offered, form]);

  async function pinChanged(newPin: string) {
    setFactoryPin(null);
    form.setFieldValue('pin', newPin);
    submit.clearError();
    try {
      signedIn(await logIn(form.getFieldsValue(), newPin));
    } catch {
      // With a new PIN set, the ordinary form shows any further refusal.
      form.submit();
    }
  }

  if (keys.status?.problem) {
    return <Alert type="warning" showIcon title="无法读取 KEY" description={keys.status.problem.message} />;
  }
  if (!keys.status) return <Spin className="key-login-wait" />;
  if (!serial) {
    return (
      <Alert
        type="info"
        showIcon
        title="未检测到 KEY"
        description="请插入已绑定到账号的 USB KEY，插入后会自动识别。"
        data-testid="key-login-absent"
      />
    );
  }

  return (
    <Form form={form} name="loginKey" layout="vertical" onFinish={submit.onFinish}>
      <Form.Item label="KEY">
        {keys.tokens.length > 1 ? (
          <Select
            value={serial}
            onChange={keys.select}
            options={keys.tokens.map((t) => ({ value: t.serial, label: tokenName(t) }))}
          />
        ) : (
          <span className="key-login-token">
            <UsbOutlined /> {keys.selected ? tokenName(keys.selected) : ''}
          </span>
        )}
      </Form.Item>
      <Form.Item
        name="fingerprint"
        label="证书"
        rules={[
          { required: true, message: usable.length === 0 ? '这只 KEY 中没有可用的证书' : '请选择证书' },
        ]}
      >
        <Select
          loading={certificates.loading}
          placeholder={usable.length === 0 ? '这只 KEY 中没有可用的证书' : '请选择证书'}
          options={usable.map((c) => ({ value: c.fingerprint, label: certificateName(c) }))}
          notFoundContent="这只 KEY 中没有可用的证书"
        />
      </Form.Item>
      <Form.Item name="pin" label="PIN 码" rules={[zodRule(pinField)]}>
        <Input.Password prefix={<LockOutlined />} placeholder="请输入 KEY 的 PIN 码" autoComplete="off" />
      </Form.Item>
      <FormError error={submit.error} onClose={submit.clearError} />
      {submit.error?.code === 'PIN_CHANGE_REQUIRED' && factoryPin === null && (
        <Button
          block
          className="key-login-change"
          onClick={() => setFactoryPin(form.getFieldValue('pin') as string)}
        >
          修改 PIN 码
        </Button>
      )}
      <Button type="primary" htmlType="submit" block loading={submit.pending}>
        登录
      </Button>
      <ChangePinModal
        open={factoryPin !== null}
        serial={serial}
        oldPin={factoryPin ?? undefined}
        onChanged={(newPin) => void pinChanged(newPin)}
        onCancel={() => setFactoryPin(null)}
      />
    </Form>
  );
}
