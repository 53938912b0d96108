import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Form, Input, Tabs, Typography, type FormInstance } from 'antd';
import { IdcardOutlined, MobileOutlined } from '@ant-design/icons';
import { resetPasswordByIdNumberInput, resetPasswordByPhoneInput } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { PasswordPair } from '../components/PasswordPair';
import { SmsCodeField } from '../components/SmsCodeField';
import { useGoToLogin } from './useGoToLogin';

const RESET_DONE = '密码已重置，请用新密码登录';

interface PhoneValues {
  phone: string;
  smsCode: string;
  password: string;
  confirmPassword: string;
}

function ByPhoneForm() {
  const [form] = Form.useForm<PhoneValues>();
  const goToLogin = useGoToLogin(RESET_DONE);
  const shape = resetPasswordByPhoneInput.shape;
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('auth.resetPasswordByPhone', checkWith(resetPasswordByPhoneInput, values)),
    {
      fieldFor: { SMS_CODE_INVALID: 'smsCode' },
      onSuccess: (_result, values) => goToLogin(values.phone.trim()),
    },
  );
  return (
    <Form form={form} name="resetByPhone" layout="vertical" onFinish={submit.onFinish}>
      <Form.Item name="phone" label="注册时的手机号" rules={[zodRule(shape.phone)]}>
        <Input prefix={<MobileOutlined />} placeholder="11 位手机号" maxLength={11} />
      </Form.Item>
      <SmsCodeField form={form as FormInstance} purpose="reset_password" />
      <PasswordPair label="新密码" passwordSchema={shape.password} confirmSchema={shape.confirmPassword} />
      <FormError error={submit.error} onClose={submit.clearError} />
      <Button type="primary" htmlType="submit" size="large" block loading={submit.pending}>
        重置密码
      </Button>
    </Form>
  );
}

interface IdNumberValues extends PhoneValues {
  idNumber: string;
}

function ByIdNumberForm() {
  const [form] = Form.useForm<IdNumberValues>();
  const goToLogin = useGoToLogin(RESET_DONE);
  const shape = resetPasswordByIdNumberInput.shape;
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('auth.resetPasswordByIdNumber', checkWith(resetPasswordByIdNumberInput, values)),
    {
      fieldFor: { SMS_CODE_INVALID: 'smsCode' },
      onSuccess: (_result, values) => goToLogin(values.idNumber.trim().toUpperCase()),
    },
  );
  return (
    <Form form={form} name="resetByIdNumber" layout="vertical" onFinish={submit.onFinish}>
      <Form.Item name="idNumber" label="身份证号" rules={[zodRule(shape.idNumber)]} validateDebounce={300}>
        <Input prefix={<IdcardOutlined />} placeholder="注册时的 18 位身份证号" maxLength={18} />
      </Form.Item>
      <Form.Item
        name="phone"
        label="资料中登记的手机号"
        rules={[zodRule(shape.phone)]}
        extra="验证码将发送到个人资料中登记的手机号"
      >
        <Input prefix={<MobileOutlined />} placeholder="11 位手机号" maxLength={11} />
      </Form.Item>
      <SmsCodeField form={form as FormInstance} purpose="reset_password" />
      <PasswordPair label="新密码" passwordSchema={shape.password} confirmSchema={shape.confirmPassword} />
      <FormError error={submit.error} onClose={submit.clearError} />
      <Button type="primary" htmlType="submit" size="large" block loading={submit.pending}>
        重置密码
      </Button>
    </Form>
  );
}

export default function ForgotPasswordPage() {
  const [tab, setTab] = useState('phone');
  return (
    <div className="public-form" data-page="forgot-password">
      <Typography.Title level={4} className="public-form-title">
        找回密码
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        centered
        items={[
          { key: 'phone', label: '手机号找回', children: <ByPhoneForm /> },
          { key: 'idNumber', label: '身份证号找回', children: <ByIdNumberForm /> },
        ]}
      />
      <div className="public-links">
        <Link to="/login">返回登录</Link>
      </div>
    </div>
  );
}
