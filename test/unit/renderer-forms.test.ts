import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import type { FormInstance } from 'antd';
import { AppError, validationError } from '../../src-shared/errors';
import { registerByPhoneInput, updateProfileInput, type Profile } from '../../src-shared/schemas/account';
import { idNumberField, passwordField, phoneField } from '../../src-shared/schemas/fields';
import { zodRule } from '../../src-renderer/forms/zodRule';
import { putErrorOnFields } from '../../src-renderer/forms/appError';
import { checkWith } from '../../src-renderer/forms/checkWith';
import { toFormValues, toUpdateInput } from '../../src-renderer/account/profileForm';
import { captchaUsedUp } from '../../src-renderer/components/captchaUsedUp';
import { ruleMessage as check } from './fixtures/ruleMessage';

describe('zodRule: form fields check with the server’s schema and words', () => {
  it('an empty field gets the schema’s “请输入…” message, not a format complaint', async () => {
    expect(await check(zodRule(phoneField), '')).toBe('请输入手机号');
    expect(await check(zodRule(passwordField), undefined)).toBe('请输入密码');
    expect(await check(zodRule(phoneField, { optional: true }), '  ')).toBeNull();
  });

  it('a wrong value gets the schema’s own message', async () => {
    expect(await check(zodRule(phoneField), '1234')).toBe('请输入正确的 11 位手机号');
    expect(await check(zodRule(idNumberField), '110105194912310021')).toBe('身份证号校验位不正确');
    expect(await check(zodRule(passwordField), '123456')).toBe('密码为 6–30 位，须同时包含字母和数字');
    expect(await check(zodRule(phoneField), '13812341234')).toBeNull();
  });

  it('names the field as the API does, unless the message names it already', async () => {
    const birthDate = updateProfileInput.shape.birthDate.unwrap();
    expect(await check(zodRule(birthDate), '2023-02-31x')).toBe('出生日期：日期格式应为 YYYY-MM-DD');
    expect(await check(zodRule(birthDate), '2023-13-45')).toBe('出生日期：日期无效');
    const api = updateProfileInput.safeParse({ version: 1, birthDate: '2023-13-45' });
    expect(api.success).toBe(false);
    expect(validationError(api.error!, updateProfileInput).message).toBe('出生日期：日期无效');
    expect(await check(zodRule(updateProfileInput.shape.postalCode.unwrap()), '12')).toBe(
      '邮政编码应为 6 位数字',
    );
  });

  it('marks the field required unless optional', () => {
    expect(zodRule(phoneField).required).toBe(true);
    expect(zodRule(phoneField, { optional: true }).required).toBe(false);
  });
});

function fakeForm(fieldNames: string[]) {
  const set: { name: string; errors: string[] }[] = [];
  const form = {
    getFieldsValue: () => Object.fromEntries(fieldNames.map((name) => [name, undefined])),
    setFields: (fields: { name: string; errors: string[] }[]) => set.push(...fields),
  } as unknown as FormInstance;
  return { form, set };
}

describe('putErrorOnFields: server refusals land on the fields they name', () => {
  it('puts VALIDATION details on the named fields', () => {
    const { form, set } = fakeForm(['phone', 'confirmPassword']);
    const error = new AppError('VALIDATION', '两次输入的密码不一致', {
      fields: [{ field: 'confirmPassword', message: '两次输入的密码不一致' }],
    });
    expect(putErrorOnFields(form, error)).toBe(true);
    expect(set).toEqual([{ name: 'confirmPassword', errors: ['两次输入的密码不一致'] }]);
  });

  it('puts a dotted field on the nested form field it names', () => {
    const set: { name: unknown; errors: string[] }[] = [];
    const form = {
      getFieldsValue: () => ({ enterpriseName: 'x', attachments: { businessLicence: undefined } }),
      setFields: (fields: typeof set) => set.push(...fields),
    } as unknown as FormInstance;
    const error = new AppError('VALIDATION', '请上传营业执照扫描件', {
      fields: [{ field: 'attachments.businessLicence', message: '请上传营业执照扫描件' }],
    });
    expect(putErrorOnFields(form, error)).toBe(true);
    expect(set).toEqual([{ name: ['attachments', 'businessLicence'], errors: ['请上传营业执照扫描件'] }]);
  });

  it('uses the code → field map when the server names no field', () => {
    const { form, set } = fakeForm(['oldPassword']);
    expect(
      putErrorOnFields(form, new AppError('BAD_CREDENTIALS', '原密码不正确'), {
        BAD_CREDENTIALS: 'oldPassword',
      }),
    ).toBe(true);
    expect(set).toEqual([{ name: 'oldPassword', errors: ['原密码不正确'] }]);
  });

  it('leaves an error naming a field the form lacks to the caller', () => {
    const { form, set } = fakeForm(['captchaText']);
    const error = new AppError('VALIDATION', '请刷新图片验证码', {
      fields: [{ field: 'captchaId', message: '请刷新图片验证码' }],
    });
    expect(putErrorOnFields(form, error)).toBe(false);
    expect(putErrorOnFields(form, new AppError('ACCOUNT_LOCKED', '账号已锁定，请 15 分钟后再试'))).toBe(
      false,
    );
    expect(set).toEqual([]);
  });
});

describe('checkWith: rules across fields refuse before anything is sent', () => {
  it('throws the VALIDATION error the server would return', () => {
    const input = {
      phone: '13812341234',
      smsCode: '123456',
      password: 'abc12345',
      confirmPassword: 'abc12346',
    };
    let thrown: unknown;
    try {
      checkWith(registerByPhoneInput, input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('VALIDATION');
    expect((thrown as AppError).details?.fields).toEqual([
      { field: 'confirmPassword', message: '确认密码：两次输入的密码不一致' },
    ]);
    expect(checkWith(registerByPhoneInput, { ...input, confirmPassword: 'abc12345' }).phone).toBe(
      '13812341234',
    );
  });
});

describe('captchaUsedUp', () => {
  it('keeps the image after a refusal that never reached the captcha check', () => {
    expect(captchaUsedUp(new AppError('VALIDATION', 'x'))).toBe(false);
    expect(captchaUsedUp(new AppError('BRIDGE', 'x'))).toBe(false);
    expect(captchaUsedUp(new AppError('BAD_CREDENTIALS', 'x'))).toBe(true);
    expect(captchaUsedUp(new AppError('CAPTCHA_INVALID', 'x'))).toBe(true);
  });
});

const profile: Profile = {
  id: 'a1',
  name: null,
  phone: '13812341234',
  email: null,
  idType: null,
  idNumber: null,
  birthDate: null,
  gender: null,
  address: '',
  postalCode: '',
  roles: ['applicant'],
  enterprise: null,
  version: 3,
  createdAt: '2025-03-10T06:00:00Z',
  updatedAt: '2025-03-10T06:00:00Z',
};

describe('toUpdateInput: a save sends the version and only what changed', () => {
  it('sends nothing but the version when nothing changed', () => {
    expect(toUpdateInput(toFormValues(profile), profile)).toEqual({ version: 3 });
  });

  it('sends edited fields trimmed, and the ID type with a first ID number', () => {
    const values = {
      ...toFormValues(profile),
      name: ' 张晓明 ',
      idType: 'id_card' as const,
      idNumber: '11010519491231002x',
      birthDate: dayjs('1949-12-31'),
    };
    expect(toUpdateInput(values, profile)).toEqual({
      version: 3,
      name: '张晓明',
      idType: 'id_card',
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it('never resends fixed fields', () => {
    const fixed: Profile = {
      ...profile,
      idType: 'id_card',
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
    };
    expect(toUpdateInput({ ...toFormValues(fixed), address: '福州市' }, fixed)).toEqual({
      version: 3,
      address: '福州市',
    });
  });
});
