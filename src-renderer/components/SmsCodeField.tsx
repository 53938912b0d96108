import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Space, type FormInstance } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import type { AppError } from '../../src-shared/errors';
import type { SmsPurpose } from '../../src-shared/schemas/account';
import { smsCodeField } from '../../src-shared/schemas/fields';
import { ipc } from '../bridge';
import { asAppError, putErrorOnFields } from '../forms/appError';
import { zodRule } from '../forms/zodRule';

const DEFAULT_RESEND_SECONDS = 60;

interface Props {
  form: FormInstance;
  purpose: SmsPurpose;
  /** The form field holding the phone the code goes to. */
  phoneName?: string;
  /** The form field of the typed code. */
  name?: string;
  label?: string;
  /** Every refusal of a send, after it was shown (a duplicate phone also needs the form's 去登录). */
  onRefused?: (error: AppError) => void;
}

/**
 * 短信验证码 with its 获取验证码 button: checks the phone field first, then counts down the time the
 * server asks for (60 s by default, or `retryAfterSeconds` when it refuses a resend).
 */
export function SmsCodeField({
  form,
  purpose,
  phoneName = 'phone',
  name = 'smsCode',
  label = '短信验证码',
  onRefused,
}: Props) {
  const { message } = App.useApp();
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = window.setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [secondsLeft]);

  async function send() {
    let phone: string;
    try {
      phone = ((await form.validateFields([phoneName])) as Record<string, string>)[phoneName] ?? '';
    } catch {
      return; // the phone field shows what is wrong
    }
    setSending(true);
    try {
      const sent = await ipc.invoke('sms.send', { phone, purpose });
      setSecondsLeft(sent.resendAfterSeconds > 0 ? sent.resendAfterSeconds : DEFAULT_RESEND_SECONDS);
      message.success('验证码已发送，请查看手机短信');
    } catch (error) {
      const appError = asAppError(error);
      const retryAfter = appError.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number' && retryAfter > 0) setSecondsLeft(Math.ceil(retryAfter));
      // 该手机号未注册 / 已注册 belong under the phone; a rate limit or an outage is a passing message.
      if (!putErrorOnFields(form, appError)) message.error(appError.message);
      onRefused?.(appError);
    } finally {
      setSending(false);
    }
  }

  return (
    <Form.Item label={label} required>
      <Space.Compact block>
        <Form.Item name={name} noStyle rules={[zodRule(smsCodeField)]}>
          <Input
            prefix={<MessageOutlined />}
            placeholder="6 位数字"
            maxLength={6}
            autoComplete="one-time-code"
          />
        </Form.Item>
        <Button className="sms-button" onClick={send} loading={sending} disabled={secondsLeft > 0}>
          {secondsLeft > 0 ? `${secondsLeft} 秒后重新获取` : '获取验证码'}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
