import { useEffect, useRef } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Profile } from '../../src-shared/schemas/account';
import { updateProfileInput } from '../../src-shared/schemas/account';
import { emailField, ID_TYPES, idNumberField, personNameField } from '../../src-shared/schemas/fields';
import { idNumberBirthDate, idNumberGender, idNumberProblem } from '../../src-shared/rules/idNumber';
import { ipc } from '../bridge';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import { FormError } from '../components/FormError';
import { editedFields, toFormValues, toUpdateInput, type ProfileFormValues } from './profileForm';

const LOCKED_HINT = '注册后不可修改';
const shape = updateProfileInput.shape;
/** A resident ID number, named 证件号码 as the profile's field is (and as the API names it). */
const idCardNumberField = idNumberField.meta({ label: '证件号码' });

interface Props {
  profile: Profile;
  onSaved: (profile: Profile) => void;
  onCancel: () => void;
  /** The server refused a stale version: load the current profile (the form keeps what was typed). */
  onConflict: () => void;
}

export function ProfileEditForm({ profile, onSaved, onCancel, onConflict }: Props) {
  const [form] = Form.useForm<ProfileFormValues>();
  const { message } = App.useApp();
  const baseline = useRef(profile);

  // A reloaded profile (after a version conflict): take the new values, keep what the person edited.
  useEffect(() => {
    if (baseline.current.version === profile.version) return;
    const edited = editedFields(
      form.getFieldsValue(true) as ProfileFormValues,
      toFormValues(baseline.current),
    );
    baseline.current = profile;
    form.setFieldsValue({ ...toFormValues(profile), ...edited });
    message.info('已载入最新资料，您的修改仍保留在表单中，请核对后重新保存');
  }, [profile, form, message]);

  const submit = useFormSubmit(
    form,
    async (values) => {
      const input = toUpdateInput(values, profile);
      if (Object.keys(input).length === 1) return profile; // nothing but the version: nothing to save
      return ipc.invoke('profile.update', checkWith(updateProfileInput, input));
    },
    {
      onSuccess: (saved) => {
        message.success('个人资料已保存');
        onSaved(saved);
      },
      onError: (error) => {
        if (error.code === 'VERSION_CONFLICT') onConflict();
      },
    },
  );

  // Filling in a first ID card number fills the birth date and gender it encodes.
  function onIdNumberChange(value: string) {
    const idNumber = value.trim().toUpperCase();
    if (form.getFieldValue('idType') !== 'id_card' || idNumberProblem(idNumber) !== null) return;
    const birthDate = idNumberBirthDate(idNumber);
    if (profile.birthDate === null && birthDate) form.setFieldValue('birthDate', dayjs(birthDate));
    if (!form.getFieldValue('gender')) form.setFieldValue('gender', idNumberGender(idNumber));
  }

  const idTypeLocked = profile.idType !== null;
  const idNumberLocked = profile.idNumber !== null;
  const birthDateLocked = profile.birthDate !== null;

  return (
    <Form
      form={form}
      name="profile"
      layout="vertical"
      initialValues={toFormValues(profile)}
      onFinish={submit.onFinish}
      data-page="profile-edit"
    >
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label="姓名" rules={[zodRule(personNameField, { optional: true })]}>
            <Input placeholder="与证件上的姓名一致" maxLength={30} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="gender" label="性别">
            <Radio.Group
              options={[
                { value: 'male', label: '男' },
                { value: 'female', label: '女' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="email" label="邮箱" rules={[zodRule(emailField, { optional: true })]}>
            <Input placeholder="用于接收通知和电子发票" maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="postalCode"
            label="邮政编码"
            rules={[zodRule(shape.postalCode.unwrap(), { optional: true })]}
          >
            <Input placeholder="6 位数字" maxLength={6} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="address"
            label="通讯地址"
            rules={[zodRule(shape.address.unwrap(), { optional: true })]}
          >
            <Input placeholder="证书和材料将寄往此地址" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="idType" label="证件类型" extra={idTypeLocked ? LOCKED_HINT : '填写后不可修改'}>
            <Select
              disabled={idTypeLocked}
              placeholder="请选择"
              options={Object.entries(ID_TYPES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="idNumber"
            label="证件号码"
            dependencies={['idType']}
            extra={idNumberLocked ? LOCKED_HINT : '填写后不可修改'}
            rules={[
              ({ getFieldValue }) =>
                zodRule(getFieldValue('idType') === 'id_card' ? idCardNumberField : shape.idNumber.unwrap(), {
                  optional: true,
                }),
            ]}
          >
            <Input
              disabled={idNumberLocked}
              maxLength={30}
              onChange={(e) => onIdNumberChange(e.target.value)}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="birthDate"
            label="出生日期"
            extra={birthDateLocked ? LOCKED_HINT : '填写后不可修改'}
          >
            <DatePicker
              disabled={birthDateLocked}
              className="full-width"
              disabledDate={(date) => date.isAfter(dayjs())}
              placeholder="请选择日期"
            />
          </Form.Item>
        </Col>
      </Row>
      <FormError error={submit.error} onClose={submit.clearError} />
      <Space>
        <Button type="primary" htmlType="submit" loading={submit.pending}>
          保存
        </Button>
        <Button onClick={onCancel} disabled={submit.pending}>
          取消
        </Button>
      </Space>
    </Form>
  );
}
