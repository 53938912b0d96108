import { z } from '../zod';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../rules/creditCode';
import { ID_NUMBER_MESSAGES, idNumberProblem } from '../rules/idNumber';

/** Field rules shared by the API validation and the renderer's forms. */

export const PASSWORD_RULE_TEXT = '密码为 6–30 位，须同时包含字母和数字';

export const phoneField = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入正确的 11 位手机号');

export const passwordField = z
  .string({ error: '请输入密码' })
  .min(6, PASSWORD_RULE_TEXT)
  .max(30, PASSWORD_RULE_TEXT)
  .regex(/^[\x21-\x7e]+$/, '密码只能包含字母、数字和英文符号，不能有空格')
  .regex(/[A-Za-z]/, PASSWORD_RULE_TEXT)
  .regex(/\d/, PASSWORD_RULE_TEXT);

/** For logging in: the rules of the day do not apply to a password chosen earlier. */
export const existingPasswordField = z
  .string({ error: '请输入密码' })
  .min(1, '请输入密码')
  .max(128, '密码过长');

export const smsCodeField = z
  .string({ error: '请输入短信验证码' })
  .trim()
  .regex(/^\d{6}$/, '短信验证码为 6 位数字');

export const captchaIdField = z.string({ error: '请刷新图片验证码' }).uuid('请刷新图片验证码');

export const captchaTextField = z
  .string({ error: '请输入图片验证码' })
  .trim()
  .min(1, '请输入图片验证码')
  .max(8, '图片验证码不正确');

export const idNumberField = z
  .string({ error: '请输入身份证号' })
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
  });

export const creditCodeField = z
  .string({ error: '请输入统一社会信用代码' })
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = creditCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[problem] });
  });

export const personNameField = z
  .string({ error: '请输入姓名' })
  .trim()
  .min(2, '姓名至少 2 个字')
  .max(30, '姓名不能超过 30 个字')
  .regex(/^[\p{Script=Han}A-Za-z·• ]+$/u, '姓名只能包含汉字、字母和间隔号');

export const emailField = z
  .string({ error: '请输入邮箱' })
  .trim()
  .max(100, '邮箱不能超过 100 个字符')
  .pipe(z.email('邮箱格式不正确'));

export const ID_TYPES = {
  id_card: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
} as const;
export type IdType = keyof typeof ID_TYPES;
export const idTypeField = z.enum(Object.keys(ID_TYPES) as [IdType, ...IdType[]], {
  error: '请选择证件类型',
});

export const GENDERS = { male: '男', female: '女' } as const;
export const genderField = z.enum(['male', 'female'], { error: '请选择性别' });

export const dateField = z
  .string({ error: '请输入日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), '日期无效');

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`);
}
