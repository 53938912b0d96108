import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Alert, Button, Form, Input, Tabs, type FormInstance } from 'antd';
import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { loginByPasswordInput, loginBySmsInput } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { useChannel } from '../bridge/useChannel';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { CaptchaField } from '../components/CaptchaField';
import { FormError } from '../components/FormError';
import { SmsCodeField } from '../components/SmsCodeField';
import { useCaptcha } from '../components/useCaptcha';
import { useSession } from '../session/SessionProvider';
import { KeyLoginForm } from '../key/KeyLoginForm';
import type { PublicPageState } from './publicPageState';

interface PasswordValues {
  account: string;
  password: string;
  captchaText: string;
}

function PasswordLoginForm({ account }: { account: string | undefined }) {
  const [form] = Form.useForm<PasswordValues>();
  const captcha = useCaptcha();
  const { signedIn } = useSession();
  const shape = loginByPasswordInput.shape;
  const submit = useFormSubmit(
    form,
    (values) =>
      ipc.invoke(
        'auth.loginPassword',
        checkWith(loginByPasswordInput, { ...values, captchaId: captcha.captcha?.captchaId }),
      ),
    {
      onSuccess: signedIn,
      onError: (error) => captcha.renewAfter(error, form),
    },
  );
  return (
    <Form
      form={form}
      name="loginPassword"
      layout="vertical"
      initialValues={{ account }}
      onFinish={submit.onFinish}
    >
      <Form.Item name="account" label="账号" rules={[zodRule(shape.account)]}>
        <Input prefix={<UserOutlined />} placeholder="手机号或身份证号" autoComplete="username" />
      </Form.Item>
      <Form.Item name="password" label="密码" rules={[zodRule(shape.password)]}>
        <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" />
      </Form.Item>
      <CaptchaField state={captcha} schema={shape.captchaText} />
      <FormError error={submit.error} onClose={submit.clearError} />
      <Button type="primary" htmlType="submit" block loading={submit.pending}>
        登录
      </Button>
    </Form>
  );
}

interface SmsValues {
  phone: string;
  smsCode: string;
}

function SmsLoginForm({ phone }: { phone: string | undefined }) {
  const [form] = Form.useForm<SmsValues>();
  const { signedIn } = useSession();
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('auth.loginSms', checkWith(loginBySmsInput, values)),
    { fieldFor: { SMS_CODE_INVALID: 'smsCode' }, onSuccess: signedIn },
  );
  return (
    <Form form={form} name="loginSms" layout="vertical" initialValues={{ phone }} onFinish={submit.onFinish}>
      <Form.Item name="phone" label="手机号" rules={[zodRule(loginBySmsInput.shape.phone)]}>
        <Input prefix={<MobileOutlined />} placeholder="11 位手机号" maxLength={11} autoComplete="tel" />
      </Form.Item>
      <SmsCodeField form={form as FormInstance} purpose="login" />
      <FormError error={submit.error} onClose={submit.clearError} />
      <Button type="primary" htmlType="submit" block loading={submit.pending}>
        登录
      </Button>
    </Form>
  );
}

export default function LoginPage() {
  const { notice } = useSession();
  const state = (useLocation().state ?? {}) as PublicPageState;
  const [tab, setTab] = useState('password');
  const banner = state.notice ?? notice;
  // The desktop app on a computer without a safe key store: the login lasts until the app closes.
  const sessionNotice = useChannel('app.info').data?.sessionNotice ?? null;
  const phone = state.account && /^\d{11}$/.test(state.account) ? state.account : undefined;
  return (
    <div className="public-form" data-page="login">
      {banner && (
        <Alert
          className="public-notice"
          type={state.notice ? 'success' : 'warning'}
          showIcon
          title={banner}
        />
      )}
      {sessionNotice && <Alert className="public-notice" type="info" showIcon title={sessionNotice} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        centered
        items={[
          { key: 'password', label: '账号密码登录', children: <PasswordLoginForm account={state.account} /> },
          { key: 'sms', label: '短信验证码登录', children: <SmsLoginForm phone={phone} /> },
          // Mounted only when chosen: it starts watching the KEY.
          { key: 'key', label: 'USB KEY 登录', children: tab === 'key' ? <KeyLoginForm /> : null },
        ]}
      />
      <div className="public-links">
        <Link to="/register">注册账号</Link>
        <Link to="/forgot-password">忘记密码？</Link>
      </div>
    </div>
  );
}
