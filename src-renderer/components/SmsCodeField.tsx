import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Space, type FormInstance } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import type { AppError } from '../../src-shared/errors';
import type { SmsPurpose } from '../../src-shared/schemas/account';
import { smsCodeField } from '../../src-shared/schemas/fields';
import { ipc } from '../bridge';
import { asAppError, putErrorOnFields } from '../forms/appError';
import { zodRule } from '../forms/zodRule';
import { CaptchaField } from './CaptchaField';
import { captchaUsedUp } from './captchaUsedUp';
import { onSmsForm, smsSendRequest, SMS_CAPTCHA_FIELD } from './smsSending';
import { useCaptcha } from './useCaptcha';

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
 * 图片验证码 and 短信验证码 with its 获取验证码 button: checks the phone field and the typed captcha
 * first (a code is only sent for a solved captcha), then counts down the time the server asks for
 * (60 s by default, or `retryAfterSeconds` when it refuses a resend). Each send uses the captcha up:
 * a new image follows.
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
  const captcha = useCaptcha();
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
    const request = smsSendRequest(phone, purpose, captcha.captcha, form.getFieldValue(SMS_CAPTCHA_FIELD));
    if ('problem' in request) {
      form.setFields([{ name: SMS_CAPTCHA_FIELD, errors: [request.problem] }]);
      return;
    }
    form.setFields([{ name: SMS_CAPTCHA_FIELD, errors: [] }]);
    setSending(true);
    try {
      const sent = await ipc.invoke('sms.send', request.input);
      setSecondsLeft(sent.resendAfterSeconds > 0 ? sent.resendAfterSeconds : DEFAULT_RESEND_SECONDS);
      message.success('验证码已发送，请查看手机短信');
      newCaptcha();
    } catch (error) {
      const appError = onSmsForm(asAppError(error));
      const retryAfter = appError.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number' && retryAfter > 0) setSecondsLeft(Math.ceil(retryAfter));
      if (captchaUsedUp(appError)) newCaptcha(form.getFieldError(SMS_CAPTCHA_FIELD));
      // A wrong captcha belongs under the captcha; a rate limit or an outage is a passing message.
      if (!putErrorOnFields(form, appError)) message.error(appError.message);
      onRefused?.(appError);
    } finally {
      setSending(false);
    }
  }

  /** The one typed was used up: a new image and an empty field (keeping a message already shown). */
  function newCaptcha(errors: string[] = []) {
    form.setFields([{ name: SMS_CAPTCHA_FIELD, value: '', errors }]);
    captcha.refresh();
  }

  return (
    <>
      <CaptchaField state={captcha} name={SMS_CAPTCHA_FIELD} extra="获取短信验证码前，请先输入图片中的字符" />
      <SmsCodeInput name={name} label={label} sending={sending} secondsLeft={secondsLeft} onSend={send} />
    </>
  );
}

function SmsCodeInput({
  name,
  label,
  sending,
  secondsLeft,
  onSend,
}: {
  name: string;
  label: string;
  sending: boolean;
  secondsLeft: number;
  onSend: () => void;
}) {
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
        <Button className="sms-button" onClick={onSend} loading={sending} disabled={secondsLeft > 0}>
          {secondsLeft > 0 ? `${secondsLeft} 秒后重新获取` : '获取验证码'}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
