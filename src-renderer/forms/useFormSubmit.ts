import { useCallback, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import type { AppError } from '../../src-shared/errors';
import { asAppError, putErrorOnFields, type ErrorFieldMap } from './appError';

interface Options<V, R> {
  onSuccess?: (result: R, values: V) => void;
  /** Called with every refusal, after it was put on the fields or into `error` (refresh a captcha…). */
  onError?: (error: AppError) => void;
  fieldFor?: ErrorFieldMap;
}

export interface FormSubmit<V> {
  onFinish: (values: V) => void;
  pending: boolean;
  /** A refusal that names no field of the form (or offers a way on): shown above the submit button. */
  error: AppError | null;
  clearError: () => void;
  /** Shows a refusal that came from elsewhere in the form (the 获取验证码 button) in the same place. */
  showError: (error: AppError) => void;
}

/**
 * Runs a form's action once at a time. A refusal never clears the form: field errors go on the fields,
 * everything else into `error` for a <FormError>.
 */
export function useFormSubmit<V, R>(
  form: FormInstance<V>,
  action: (values: V) => Promise<R>,
  options: Options<V, R> = {},
): FormSubmit<V> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const running = useRef(false);

  const onFinish = (values: V) => {
    if (running.current) return;
    running.current = true;
    setPending(true);
    setError(null);
    // An action may also throw before it returns its promise (a failed checkWith).
    new Promise<R>((resolve) => resolve(action(values)))
      .then((result) => options.onSuccess?.(result, values))
      .catch((thrown: unknown) => {
        const appError = asAppError(thrown);
        const onFields = putErrorOnFields(form, appError, options.fieldFor);
        // A duplicate registration also needs its 去登录 link, which only the alert carries.
        if (!onFields || appError.details?.offerLogin) setError(appError);
        options.onError?.(appError);
      })
      .finally(() => {
        running.current = false;
        setPending(false);
      });
  };

  const clearError = useCallback(() => setError(null), []);
  return { onFinish, pending, error, clearError, showError: setError };
}
