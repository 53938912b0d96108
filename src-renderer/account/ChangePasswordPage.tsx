import { App, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { changePasswordInput } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { PasswordPair } from '../components/PasswordPair';

interface Values {
  oldPassword: string;
  password: string;
  confirmPassword: string;
}

export default function ChangePasswordPage() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const shape = changePasswordInput.shape;
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('account.changePassword', checkWith(changePasswordInput, values)),
    {
      fieldFor: { BAD_CREDENTIALS: 'oldPassword' },
      onSuccess: () => {
        form.resetFields();
        message.success('密码已修改，下次登录请使用新密码');
      },
    },
  );
  return (
    <>
      <Typography.Title level={4} className="page-title">
        修改密码
      </Typography.Title>
      <Card className="narrow-card">
        <Form
          form={form}
          name="changePassword"
          layout="vertical"
          onFinish={submit.onFinish}
          data-page="change-password"
        >
          <Form.Item name="oldPassword" label="原密码" rules={[zodRule(shape.oldPassword)]}>
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="请输入原密码"
              autoComplete="current-password"
            />
          </Form.Item>
          <PasswordPair
            label="新密码"
            passwordSchema={shape.password}
            confirmSchema={shape.confirmPassword}
          />
          <FormError error={submit.error} onClose={submit.clearError} />
          <Button type="primary" htmlType="submit" loading={submit.pending}>
            确认修改
          </Button>
        </Form>
      </Card>
    </>
  );
}
