import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Space, Spin, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { pinField } from '../../src-shared/schemas/key';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { ChangePinModal } from './ChangePinModal';
import { KeyChooser } from './KeyChooser';
import { PinStateTag } from './KeyStatusCard';
import { PIN_ERROR_FIELD } from './pinRules';
import type { KeysState } from './useKeys';

interface Props<R> {
  keys: KeysState;
  /** Only this KEY may be used (a renewal: the KEY its certificate was read from). */
  serial?: string;
  /** The button: "在 KEY 上生成密钥对", "写入 KEY". */
  actionLabel: string;
  /** Said while the KEY works (it can take seconds). */
  busyText: string;
  /** Asked before anything is done to the KEY, when the action replaces what is on it. */
  confirm?: { title: string; content: ReactNode };
  run: (serial: string, pin: string) => Promise<R>;
  onDone: (result: R, serial: string) => void;
  /** Shown when no KEY is inserted. */
  noKeyHint?: ReactNode;
  disabled?: boolean;
}

/** Whole seconds since `since`, ticking while it is set: the honest progress of one long KEY call. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1_000));
}

/**
 * One action on the inserted KEY with its PIN: pick the KEY (when several), type the PIN, run; while the
 * KEY works, what it does and for how long. A factory PIN is changed first (forced), then the action runs
 * again with the new PIN; a wrong PIN is said under the PIN with the KEY's retry state.
 */
export function KeyPinAction<R>(props: Props<R>) {
  const { keys, serial, actionLabel, busyText, run, onDone, noKeyHint, disabled } = props;
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ pin: string }>();
  const [since, setSince] = useState<number | null>(null);
  const [factoryPin, setFactoryPin] = useState<string | null>(null);
  const token = serial
    ? (keys.tokens.find((candidate) => candidate.serial === serial) ?? null)
    : keys.selected;
  const target = useRef<string | null>(null);

  const submit = useFormSubmit(
    form,
    async ({ pin }: { pin: string }) => {
      const chosen = target.current;
      if (chosen === null) throw new Error('no KEY');
      setSince(Date.now());
      try {
        return { result: await run(chosen, pin), serial: chosen };
      } finally {
        setSince(null);
      }
    },
    {
      fieldFor: PIN_ERROR_FIELD,
      onSuccess: ({ result, serial: used }) => onDone(result, used),
      onError: (error) => {
        keys.refresh();
        if (error.code === 'PIN_CHANGE_REQUIRED') setFactoryPin(form.getFieldValue('pin') as string);
      },
    },
  );
  const elapsed = useElapsed(since);

  function start(values: { pin: string }) {
    if (token === null) return;
    target.current = token.serial;
    if (!props.confirm) {
      submit.onFinish(values);
      return;
    }
    modal.confirm({
      title: props.confirm.title,
      content: props.confirm.content,
      okText: actionLabel,
      cancelText: '取消',
      onOk: () => submit.onFinish(values),
    });
  }

  if (keys.status?.problem) {
    return <Alert type="warning" showIcon title="无法读取 KEY" description={keys.status.problem.message} />;
  }
  if (token === null) {
    return (
      <Alert
        type="info"
        showIcon
        title={
          keys.status === null
            ? '正在检测 KEY…'
            : serial
              ? `请插入序列号为 ${serial} 的 KEY`
              : '未检测到 KEY，请将 USB KEY 插入电脑'
        }
        description={noKeyHint ?? '插入后会自动识别，无需刷新。'}
        data-testid="key-missing"
      />
    );
  }
  return (
    <div className="key-pin-action" data-testid="key-pin-action">
      <Space wrap className="key-pin-target">
        <Typography.Text>KEY：</Typography.Text>
        <KeyChooser keys={keys} token={token} fixed={serial !== undefined} disabled={submit.pending} />
        <PinStateTag token={token} />
      </Space>
      {token.pin.locked ? (
        <Alert
          type="error"
          showIcon
          title="这只 KEY 的 PIN 码已锁定"
          description="请携带 KEY 到服务窗口解锁。"
        />
      ) : (
        <Form
          form={form}
          name="keyPin"
          layout="inline"
          onFinish={start}
          disabled={submit.pending || disabled}
          className="key-pin-form"
        >
          <Form.Item name="pin" label="PIN 码" rules={[zodRule(pinField)]}>
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="请输入 KEY 的 PIN 码"
              autoComplete="off"
              className="key-pin-input"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.pending}>
              {actionLabel}
            </Button>
          </Form.Item>
        </Form>
      )}
      {submit.pending && (
        <Alert
          className="key-progress"
          type="info"
          icon={<Spin size="small" />}
          showIcon
          title={busyText}
          description={`已用时 ${elapsed} 秒。请勿拔出 KEY，也不要关闭本窗口。`}
          data-testid="key-progress"
        />
      )}
      <FormError error={submit.error} onClose={submit.clearError} />
      <ChangePinModal
        open={factoryPin !== null}
        serial={token.serial}
        oldPin={factoryPin ?? undefined}
        forced
        onChanged={(newPin) => {
          setFactoryPin(null);
          submit.clearError();
          form.setFieldsValue({ pin: newPin });
          // Go on with what was asked, now with the new PIN.
          submit.onFinish({ pin: newPin });
        }}
      />
    </div>
  );
}
