import { z } from '../zod';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../rules/creditCode';
import { ID_NUMBER_MESSAGES, idNumberProblem } from '../rules/idNumber';

/** Field rules shared by the API validation and the renderer's forms. */

export const PASSWORD_RULE_TEXT = '密码为 6–30 位，须同时包含字母和数字';

export const phoneField = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入正确的 11 位手机号')
  .meta({ label: '手机号' });

export const passwordField = z
  .string({ error: '请输入密码' })
  .min(6, PASSWORD_RULE_TEXT)
  .max(30, PASSWORD_RULE_TEXT)
  .regex(/^[\x21-\x7e]+$/, '密码只能包含字母、数字和英文符号，不能有空格')
  .regex(/[A-Za-z]/, PASSWORD_RULE_TEXT)
  .regex(/\d/, PASSWORD_RULE_TEXT)
  .meta({ label: '密码' });

/** For logging in: the rules of the day do not apply to a password chosen earlier. */
export const existingPasswordField = z
  .string({ error: '请输入密码' })
  .min(1, '请输入密码')
  .max(128, '密码过长')
  .meta({ label: '密码' });

export const smsCodeField = z
  .string({ error: '请输入短信验证码' })
  .trim()
  .regex(/^\d{6}$/, '短信验证码为 6 位数字')
  .meta({ label: '短信验证码' });

export const captchaIdField = z
  .string({ error: '请刷新图片验证码' })
  .uuid('请刷新图片验证码')
  .meta({ label: '图片验证码' });

export const captchaTextField = z
  .string({ error: '请输入图片验证码' })
  .trim()
  .min(1, '请输入图片验证码')
  .max(8, '图片验证码不正确')
  .meta({ label: '图片验证码' });

export const idNumberField = z
  .string({ error: '请输入身份证号' })
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
  })
  .meta({ label: '身份证号' });

export const creditCodeField = z
  .string({ error: '请输入统一社会信用代码' })
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = creditCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[problem] });
  })
  .meta({ label: '统一社会信用代码' });

export const personNameField = z
  .string({ error: '请输入姓名' })
  .trim()
  .min(2, '姓名至少 2 个字')
  .max(30, '姓名不能超过 30 个字')
  .regex(/^[\p{Script=Han}A-Za-z·• ]+$/u, '姓名只能包含汉字、字母和间隔号')
  .meta({ label: '姓名' });

export const emailField = z
  .string({ error: '请输入邮箱' })
  .trim()
  .max(100, '邮箱不能超过 100 个字符')
  .pipe(z.email('邮箱格式不正确'))
  .meta({ label: '邮箱' });

export const ID_TYPES = {
  id_card: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
} as const;
export type IdType = keyof typeof ID_TYPES;
export const idTypeField = z
  .enum(Object.keys(ID_TYPES) as [IdType, ...IdType[]], { error: '请选择证件类型' })
  .meta({ label: '证件类型' });

export const GENDERS = { male: '男', female: '女' } as const;
export const genderField = z.enum(['male', 'female'], { error: '请选择性别' }).meta({ label: '性别' });

export const dateField = z
  .string({ error: '请输入日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), '日期无效')
  .meta({ label: '日期' });

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .meta({ label });
}

// ---------- rules for the service catalogue's forms ----------

/** A mobile number, or a landline with its area code (0591-87654321, optional extension). */
export const contactPhoneField = z
  .string({ error: '请输入联系电话' })
  .trim()
  .regex(
    /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/,
    '联系电话应为 11 位手机号或带区号的固定电话，如 0591-87654321',
  )
  .meta({ label: '联系电话' });

/**
 * Taxpayer identification number on an invoice: 15, 18 or 20 characters; an 18-character one is a
 * unified social credit code and must carry its check character.
 */
export const taxpayerNumberField = z
  .string({ error: '请输入纳税人识别号' })
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    if (!/^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: '纳税人识别号应为 15、18 或 20 位数字或大写字母' });
    } else if (value.length === 18 && creditCodeProblem(value)) {
      ctx.addIssue({ code: 'custom', message: '纳税人识别号（统一社会信用代码）校验位不正确，请核对' });
    }
  })
  .meta({ label: '纳税人识别号' });

export const postalCodeField = z
  .string({ error: '请输入邮政编码' })
  .trim()
  .regex(/^\d{6}$/, '邮政编码应为 6 位数字')
  .meta({ label: '邮政编码' });

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A date written as 8 digits, e.g. an approval date "20201122" (seed 000). */
export const compactDateField = z
  .string({ error: '请输入日期' })
  .trim()
  .regex(/^\d{8}$/, { message: '日期应为 8 位数字 YYYYMMDD，如 20201122', abort: true })
  .refine(
    (value) => isRealDate(Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8))),
    '日期无效，请按 YYYYMMDD 填写真实日期',
  )
  .meta({ label: '日期' });

/** A month written as 6 digits, e.g. a birth month "199003" (seed 000). */
export const compactMonthField = z
  .string({ error: '请输入年月' })
  .trim()
  .regex(/^(19|20)\d{2}(0[1-9]|1[0-2])$/, '年月应为 6 位数字 YYYYMM，如 199003')
  .meta({ label: '年月' });

/** A certificate management number; holders of old certificates without one write "无" (seed 000). */
export const managementNumberField = z
  .string({ error: '请输入证书管理号' })
  .trim()
  .regex(/^(无|[0-9A-Za-z-]{4,30})$/, '证书管理号为 4–30 位字母或数字；没有管理号的请填写“无”')
  .meta({ label: '证书管理号' });

export const yearField = z.coerce
  .number({ error: '请选择年度' })
  .int('年度应为 4 位数字')
  .min(1980, '年度应为 1980 年或以后')
  .max(2100, '年度应为 4 位数字')
  .meta({ label: '年度' });

export const bankAccountField = z
  .string({ error: '请输入银行账号' })
  .trim()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{8,30}$/, '银行账号应为 8–30 位数字'))
  .meta({ label: '银行账号' });

const VERSION_MESSAGE = '应为不小于 0 的整数';

/** The version of a record the user edited; a stale one is refused with VERSION_CONFLICT. */
export const versionField = z
  .number({ error: (issue) => (issue.input === undefined ? '必填' : VERSION_MESSAGE) })
  .int(VERSION_MESSAGE)
  .nonnegative(VERSION_MESSAGE)
  .meta({ label: '版本号' });

/** A record's id (a UUID); each use names what it is the id of. */
export const idField = z.uuid('编号格式不正确');
