import { AppError } from '../../src-shared/errors';
import type { ApiInput } from '../../src-shared/api/routes';
import type { Captcha, SmsPurpose } from '../../src-shared/schemas/account';
import { captchaTextField } from '../../src-shared/schemas/fields';

/** The form field of the 图片验证码 that guards 获取验证码 (apart from a login form's own captchaText). */
export const SMS_CAPTCHA_FIELD = 'smsCaptchaText';

export type SmsSendRequest = { input: ApiInput<'sms.send'> } | { problem: string };

/**
 * What 获取验证码 sends, or why it cannot yet: the image must have loaded and its characters be typed.
 * The captcha is checked here, not by a form rule, so that submitting the form itself never asks for it.
 */
export function smsSendRequest(
  phone: string,
  purpose: SmsPurpose,
  captcha: Captcha | null,
  typed: unknown,
): SmsSendRequest {
  if (captcha === null) return { problem: '图片验证码未加载，请点击图片重试' };
  const text = captchaTextField.safeParse(typeof typed === 'string' ? typed : '');
  if (!text.success) return { problem: text.error.issues[0]?.message ?? '请输入图片验证码' };
  return { input: { phone, purpose, captchaId: captcha.captchaId, captchaText: text.data } };
}

/** A refusal of sms.send as the SMS form shows it: the server's `captchaText` is this form's captcha field. */
export function onSmsForm(error: AppError): AppError {
  const fields = error.details?.fields;
  if (!Array.isArray(fields) || !fields.some((f) => f.field === 'captchaText')) return error;
  return new AppError(error.code, error.message, {
    ...error.details,
    fields: fields.map((f) => (f.field === 'captchaText' ? { ...f, field: SMS_CAPTCHA_FIELD } : f)),
  });
}
