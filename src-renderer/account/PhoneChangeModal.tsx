import { App, Form, Input, Modal, type FormInstance } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import type { Profile } from '../../src-shared/schemas/account';
import { updateProfileInput } from '../../src-shared/schemas/account';
import { phoneField } from '../../src-shared/schemas/fields';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { SmsCodeField } from '../components/SmsCodeField';

interface Values {
  phone: string;
  phoneSmsCode: string;
}

interface Props {
  open: boolean;
  profile: Profile;
  onClose: () => void;
  onSaved: (profile: Profile) => void;
  onConflict: () => void;
}

/** 更换手机号: the new phone and the code sent to it (purpose change_phone). */
export function PhoneChangeModal({ open, profile, onClose, onSaved, onConflict }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const submit = useFormSubmit(
    form,
    (values) =>
      ipc.invoke('profile.update', checkWith(updateProfileInput, { version: profile.version, ...values })),
    {
      fieldFor: { SMS_CODE_INVALID: 'phoneSmsCode', PHONE_TAKEN: 'phone' },
      onSuccess: (saved) => {
        message.success('手机号已更换');
        form.resetFields();
        onSaved(saved);
      },
      onError: (error) => {
        if (error.code === 'VERSION_CONFLICT') onConflict();
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
        <Form.Item name="phone" label="新手机号" rules={[zodRule(phoneField)]}>
          <Input prefix={<MobileOutlined />} placeholder="11 位手机号" maxLength={11} />
        </Form.Item>
        <SmsCodeField form={form as FormInstance} purpose="change_phone" name="phoneSmsCode" />
        <FormError error={submit.error} onClose={submit.clearError} />
      </Form>
    </Modal>
  );
}
