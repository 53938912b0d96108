import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Checkbox, Form, Input, Tabs, type FormInstance } from 'antd';
import { IdcardOutlined, MailOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { registerByIdNumberInput, registerByPhoneInput } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { CaptchaField } from '../components/CaptchaField';
import { FormError } from '../components/FormError';
import { PasswordPair } from '../components/PasswordPair';
import { SmsCodeField } from '../components/SmsCodeField';
import { useCaptcha } from '../components/useCaptcha';
import { TermsModal, type TermsDocument } from './TermsModal';
import { useGoToLogin } from './useGoToLogin';

const REGISTERED = '注册成功，请登录';

interface PhoneValues {
  phone: string;
  smsCode: string;
  password: string;
  confirmPassword: string;
}

function PhoneRegisterForm() {
  const [form] = Form.useForm<PhoneValues>();
  const goToLogin = useGoToLogin(REGISTERED);
  const shape = registerByPhoneInput.shape;
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('account.registerByPhone', checkWith(registerByPhoneInput, values)),
    {
      fieldFor: { SMS_CODE_INVALID: 'smsCode' },
      onSuccess: (_result, values) => goToLogin(values.phone.trim()),
    },
  );
  return (
    <Form form={form} name="registerByPhone" layout="vertical" onFinish={submit.onFinish}>
      <Form.Item name="phone" label="手机号" rules={[zodRule(shape.phone)]}>
        <Input prefix={<MobileOutlined />} placeholder="11 位手机号，一个手机号只能注册一次" maxLength={11} />
      </Form.Item>
      <SmsCodeField form={form as FormInstance} purpose="register" />
      <PasswordPair passwordSchema={shape.password} confirmSchema={shape.confirmPassword} />
      <FormError
        error={submit.error}
        onClose={submit.clearError}
        loginAccount={submit.error ? String(form.getFieldValue('phone') ?? '') : undefined}
      />
      <Button type="primary" htmlType="submit" size="large" block loading={submit.pending}>
        注册
      </Button>
    </Form>
  );
}

interface IdNumberValues {
  name: string;
  idNumber: string;
  email: string;
  password: string;
  confirmPassword: string;
  captchaText: string;
  acceptTerms: boolean;
}

function IdNumberRegisterForm() {
  const [form] = Form.useForm<IdNumberValues>();
  const captcha = useCaptcha();
  const goToLogin = useGoToLogin(REGISTERED);
  const [terms, setTerms] = useState<TermsDocument | null>(null);
  const shape = registerByIdNumberInput.shape;
  const submit = useFormSubmit(
    form,
    (values) =>
      ipc.invoke(
        'account.registerByIdNumber',
        checkWith(registerByIdNumberInput, { ...values, captchaId: captcha.captcha?.captchaId }),
      ),
    {
      onSuccess: (_result, values) => goToLogin(values.idNumber.trim().toUpperCase()),
      onError: (error) => captcha.renewAfter(error, form),
    },
  );
  return (
    <Form form={form} name="registerByIdNumber" layout="vertical" onFinish={submit.onFinish}>
      <Form.Item name="name" label="姓名" rules={[zodRule(shape.name)]}>
        <Input prefix={<UserOutlined />} placeholder="与身份证上的姓名一致" maxLength={30} />
      </Form.Item>
      <Form.Item name="idNumber" label="身份证号" rules={[zodRule(shape.idNumber)]} validateDebounce={300}>
        <Input
          prefix={<IdcardOutlined />}
          placeholder="18 位居民身份证号，一个身份证号只能注册一次"
          maxLength={18}
        />
      </Form.Item>
      <Form.Item name="email" label="邮箱" rules={[zodRule(shape.email)]}>
        <Input prefix={<MailOutlined />} placeholder="用于接收通知" maxLength={100} />
      </Form.Item>
      <PasswordPair passwordSchema={shape.password} confirmSchema={shape.confirmPassword} />
      <CaptchaField state={captcha} schema={shape.captchaText} />
      <Form.Item name="acceptTerms" valuePropName="checked" rules={[zodRule(shape.acceptTerms)]}>
        <Checkbox>
          我已阅读并同意
          <a onClick={(event) => (event.preventDefault(), setTerms('service'))}>《服务条款》</a>和
          <a onClick={(event) => (event.preventDefault(), setTerms('notice'))}>《用户须知》</a>
        </Checkbox>
      </Form.Item>
      <FormError
        error={submit.error}
        onClose={submit.clearError}
        loginAccount={submit.error ? String(form.getFieldValue('idNumber') ?? '').toUpperCase() : undefined}
      />
      <Button type="primary" htmlType="submit" size="large" block loading={submit.pending}>
        注册
      </Button>
      <TermsModal document={terms} onClose={() => setTerms(null)} />
    </Form>
  );
}

export default function RegisterPage() {
  const [tab, setTab] = useState('phone');
  return (
    <div className="public-form" data-page="register">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        centered
        items={[
          { key: 'phone', label: '手机号注册', children: <PhoneRegisterForm /> },
          { key: 'idNumber', label: '身份证号注册', children: <IdNumberRegisterForm /> },
        ]}
      />
      <div className="public-links">
        <span>
          已有账号？<Link to="/login">去登录</Link>
        </span>
      </div>
    </div>
  );
}
