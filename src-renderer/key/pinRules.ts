import type { FormInstance } from 'antd';
import type { RuleObject } from 'antd/es/form';
import { NEW_PIN_MESSAGES, newPinProblem } from '../../src-shared/rules/pin';
import type { ErrorFieldMap } from '../forms/appError';

/** The new PIN against the shared PIN rules (format, not the factory PIN, not the old one). */
export function newPinRule(form: FormInstance): RuleObject {
  return {
    required: true,
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') throw new Error('请输入新 PIN 码');
      const problem = newPinProblem(value, String(form.getFieldValue('oldPin') ?? ''));
      if (problem) throw new Error(NEW_PIN_MESSAGES[problem]);
    },
  };
}

export function confirmPinRule(form: FormInstance): RuleObject {
  return {
    required: true,
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') throw new Error('请再次输入新 PIN 码');
      if (value !== form.getFieldValue('newPin')) throw new Error('两次输入的新 PIN 码不一致');
    },
  };
}

/** A wrong PIN belongs under the PIN the person typed; a locked KEY is shown above the button. */
export const PIN_ERROR_FIELD: ErrorFieldMap = { PIN_INCORRECT: 'pin' };
export const OLD_PIN_ERROR_FIELD: ErrorFieldMap = { PIN_INCORRECT: 'oldPin' };
