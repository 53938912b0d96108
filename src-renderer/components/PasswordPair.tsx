import { Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { PASSWORD_RULE_TEXT } from '../../src-shared/schemas/fields';
import type { z } from '../../src-shared/zod';
import { zodRule } from '../forms/zodRule';

interface Props {
  passwordSchema: z.ZodType;
  confirmSchema: z.ZodType;
  /** 密码, or 新密码 when changing it. */
  label?: string;
}

/**
 * A new password and its confirmation, with the password rule written under the field. Whether the two
 * match is checked with the whole request's schema on submit (see checkWith).
 */
export function PasswordPair({ passwordSchema, confirmSchema, label = '密码' }: Props) {
  return (
    <>
      <Form.Item name="password" label={label} rules={[zodRule(passwordSchema)]} extra={PASSWORD_RULE_TEXT}>
        <Input.Password
          prefix={<LockOutlined />}
          placeholder={`请设置${label}`}
          autoComplete="new-password"
        />
      </Form.Item>
      <Form.Item name="confirmPassword" label={`确认${label}`} rules={[zodRule(confirmSchema)]}>
        <Input.Password
          prefix={<LockOutlined />}
          placeholder={`请再次输入${label}`}
          autoComplete="new-password"
        />
      </Form.Item>
    </>
  );
}
