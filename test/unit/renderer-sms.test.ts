import { describe, expect, it } from 'vitest';
import type { FormInstance } from 'antd';
import { AppError } from '../../src-shared/errors';
import { putErrorOnFields } from '../../src-renderer/forms/appError';
import { captchaUsedUp } from '../../src-renderer/components/captchaUsedUp';
import { onSmsForm, smsSendRequest, SMS_CAPTCHA_FIELD } from '../../src-renderer/components/smsSending';

const captcha = { captchaId: '7f1c2a4e-3b5d-4c6e-8f90-a1b2c3d4e5f6', svg: '<svg/>', expiresInSeconds: 300 };

describe('获取验证码 asks for the 图片验证码 first', () => {
  it('sends nothing while the image is missing or its characters are not typed', () => {
    expect(smsSendRequest('13812341234', 'login', null, 'ab12')).toEqual({
      problem: '图片验证码未加载，请点击图片重试',
    });
    expect(smsSendRequest('13812341234', 'login', captcha, undefined)).toEqual({
      problem: '请输入图片验证码',
    });
    expect(smsSendRequest('13812341234', 'login', captcha, '   ')).toEqual({ problem: '请输入图片验证码' });
  });

  it('sends the phone, the purpose and the solved captcha', () => {
    expect(smsSendRequest('13812341234', 'register', captcha, ' ab12 ')).toEqual({
      input: {
        phone: '13812341234',
        purpose: 'register',
        captchaId: captcha.captchaId,
        captchaText: 'ab12',
      },
    });
  });

  it('puts a wrong captcha under the SMS form’s captcha field, and takes a new image', () => {
    const refused = new AppError('CAPTCHA_INVALID', '图片验证码不正确，请重新输入新的验证码', {
      fields: [{ field: 'captchaText', message: '图片验证码不正确，请重新输入新的验证码' }],
    });
    const set: unknown[] = [];
    const form = {
      getFieldsValue: () => ({ phone: '13812341234', [SMS_CAPTCHA_FIELD]: 'zzzz', smsCode: undefined }),
      setFields: (fields: unknown[]) => set.push(...fields),
    } as unknown as FormInstance;
    const shown = onSmsForm(refused);
    expect(putErrorOnFields(form, shown)).toBe(true);
    expect(set).toEqual([{ name: SMS_CAPTCHA_FIELD, errors: ['图片验证码不正确，请重新输入新的验证码'] }]);
    expect(captchaUsedUp(shown)).toBe(true);
  });

  it('leaves other refusals as they are (a rate limit is a passing message)', () => {
    const limited = new AppError('SMS_RATE_LIMITED', '请 60 秒后再获取验证码', { retryAfterSeconds: 60 });
    expect(onSmsForm(limited)).toBe(limited);
    // The captcha was used up by the send that the server refused.
    expect(captchaUsedUp(limited)).toBe(true);
    const invalidPhone = new AppError('VALIDATION', '请输入正确的 11 位手机号', {
      fields: [{ field: 'phone', message: '请输入正确的 11 位手机号' }],
    });
    expect(onSmsForm(invalidPhone)).toBe(invalidPhone);
    expect(captchaUsedUp(invalidPhone)).toBe(false);
  });
});
