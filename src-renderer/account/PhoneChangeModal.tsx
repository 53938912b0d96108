import { App, Form, Input, Modal, type FormInstance } from 'antd';
import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import type { Profile } from '../../src-shared/schemas/account';
import { changePhoneInput } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { SmsCodeField } from '../components/SmsCodeField';

interface Values {
  password: string;
  phone: string;
  smsCode: string;
}

interface Props {
  open: boolean;
  profile: Profile;
  onClose: () => void;
  onSaved: (profile: Profile) => void;
}

const SAVED = '手机号已更换，在其他设备上的登录已退出';

/**
 * 更换手机号: the login password, the new phone and the code sent to it (purpose change_phone). The
 * account's other sessions end; this one stays.
 */
export function PhoneChangeModal({ open, profile, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const shape = changePhoneInput.shape;
  const submit = useFormSubmit(
    form,
    (values) => ipc.invoke('account.changePhone', checkWith(changePhoneInput, values)),
    {
      fieldFor: { SMS_CODE_INVALID: 'smsCode', PHONE_TAKEN: 'phone' },
      onSuccess: (saved) => {
        message.success(SAVED);
        form.resetFields();
        onSaved(saved);
      },
    },
  );
  return (
    <Modal
      open={open}
      title={profile.phone ? '更换手机号' : '绑定手机号'}
      okText="确认更换"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        submit.clearError();
        onClose();
      }}
      confirmLoading={submit.pending}
      forceRender
    >
      <Form
        form={form}
        name="changePhone"
        layout="vertical"
        onFinish={submit.onFinish}
        data-page="change-phone"
      >
        {profile.phone && (
          <Form.Item label="当前手机号">
            <Input value={profile.phone} disabled />
          </Form.Item>
        )}
        <Form.Item name="password" label="登录密码" rules={[zodRule(shape.password)]}>
          <Input.Password
            prefix={<LockOutlined />}
            placeholder="请输入当前的登录密码"
            autoComplete="current-password"
          />
        </Form.Item>
        <Form.Item name="phone" label="新手机号" rules={[zodRule(shape.phone)]}>
          <Input prefix={<MobileOutlined />} placeholder="11 位手机号" maxLength={11} />
        </Form.Item>
        <SmsCodeField form={form as FormInstance} purpose="change_phone" />
        <FormError error={submit.error} onClose={submit.clearError} />
      </Form>
    </Modal>
  );
}
