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
  const values = form.getFieldsValue() as Record<string, unknown>;
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const add = (name: FieldName, message: string) => {
    const key = JSON.stringify(name);
    byField.set(key, { name, errors: [...(byField.get(key)?.errors ?? []), message] });
  };
  const fields = error.details?.fields;
  if (Array.isArray(fields) && fields.length > 0) {
    for (const { field, message } of fields) add(formNameOf(values, field), message);
  } else {
    const field = fieldFor[error.code];
    if (field) add(field, error.message);
  }
  const named = [...byField.values()];
  if (named.length === 0 || named.some(({ name }) => !hasField(values, name))) return false;
  form.setFields(named);
  return true;
}

type FieldName = string | string[];

/**
 * The form name of a dotted field of the server: the nested path when the form holds one
 * (`attachments.photo` → ['attachments', 'photo']), else its first segment.
 */
function formNameOf(values: Record<string, unknown>, field: string): FieldName {
  const path = field.split('.');
  if (path.length > 1 && hasField(values, path)) return path;
  return path[0] ?? field;
}

function hasField(values: Record<string, unknown>, name: FieldName): boolean {
  let scope: unknown = values;
  for (const segment of typeof name === 'string' ? [name] : name) {
    if (typeof scope !== 'object' || scope === null || !Object.hasOwn(scope, segment)) return false;
    scope = (scope as Record<string, unknown>)[segment];
  }
  return true;
}
