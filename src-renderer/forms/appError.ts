import type { FormInstance } from 'antd';
import { AppError, type ErrorCode } from '../../src-shared/errors';

/** Anything thrown as an AppError; unknown throwables become a generic, honest one. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('SERVER_ERROR', '操作没有完成，请稍后重试；如果一直失败，请联系客服');
}

/** Errors that belong to one field of the form, whatever the server's `details` say. */
export type ErrorFieldMap = Partial<Record<ErrorCode, string>>;

/**
 * Puts an error on the form's fields where it names them: `details.fields` (VALIDATION, a taken phone,
 * a wrong captcha…), or a code the caller says belongs to one field. Returns false when the person would
 * not see it there (no field named, or a field the form does not have), so the caller shows it elsewhere.
 */
export function putErrorOnFields(form: FormInstance, error: AppError, fieldFor: ErrorFieldMap = {}): boolean {
  const present = new Set(Object.keys(form.getFieldsValue()));
  const byField = new Map<string, string[]>();
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    for (const { field, message } of fields) {
      const name = field.split('.')[0] ?? field;
      byField.set(name, [...(byField.get(name) ?? []), message]);
    }
  } else {
    const field = fieldFor[error.code];
    if (field) byField.set(field, [error.message]);
  }
  if (byField.size === 0 || [...byField.keys()].some((name) => !present.has(name))) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
