import { useCallback, useEffect, useState } from 'react';
import type { FormInstance } from 'antd';
import type { AppError } from '../../src-shared/errors';
import type { Captcha } from '../../src-shared/schemas/account';
import { ipc } from '../bridge';
import { captchaUsedUp } from './captchaUsedUp';

export interface CaptchaState {
  captcha: Captcha | null;
  loading: boolean;
  /** Why no image could be fetched (offline, bridge down). */
  failure: string | null;
  refresh: () => void;
  /** After a refused submit: a new image and an empty `captchaText`, if the server used this one up. */
  renewAfter: (error: AppError, form: FormInstance) => void;
}

/** One image captcha: fetched on mount, replaced on `refresh()` (a click, or after every refusal). */
export function useCaptcha(): CaptchaState {
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('captcha.new')
      .then((next) => {
        if (cancelled) return;
        setCaptcha(next);
        setFailure(null);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setCaptcha(null);
        setFailure(error instanceof Error ? error.message : '验证码加载失败');
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [generation]);

  const refresh = useCallback(() => {
    setLoading(true);
    setGeneration((n) => n + 1);
  }, []);

  const renewAfter = useCallback(
    (error: AppError, form: FormInstance) => {
      if (!captchaUsedUp(error)) return;
      // Keep the message a wrong captcha put on the field; only the typed text goes.
      form.setFields([{ name: 'captchaText', value: '', errors: form.getFieldError('captchaText') }]);
      refresh();
    },
    [refresh],
  );

  return { captcha, loading, failure, refresh, renewAfter };
}
