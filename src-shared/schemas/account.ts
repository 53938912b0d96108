import { z } from '../zod';
import {
  captchaIdField,
  captchaTextField,
  creditCodeField,
  dateField,
  emailField,
  existingPasswordField,
  genderField,
  idNumberField,
  idTypeField,
  optionalText,
  passwordField,
  personNameField,
  phoneField,
  smsCodeField,
  versionField,
} from './fields';

const confirmPasswordField = z
  .string({ error: '请再次输入密码' })
  .min(1, '请再次输入密码')
  .meta({ label: '确认密码' });

function passwordsMatch<T extends { password: string; confirmPassword: string }>(value: T) {
  return value.password === value.confirmPassword;
}
const mismatch = { message: '两次输入的密码不一致', path: ['confirmPassword'] };

// ---------- captcha and SMS ----------

export const captchaSchema = z.object({
  captchaId: z.string(),
  /** SVG markup of the challenge image. */
  svg: z.string(),
  expiresInSeconds: z.number().int(),
});
export type Captcha = z.infer<typeof captchaSchema>;

export const SMS_PURPOSES = {
  register: '注册',
  login: '登录',
  reset_password: '找回密码',
  change_phone: '更换手机号',
} as const;
export type SmsPurpose = keyof typeof SMS_PURPOSES;

/**
 * Every code sent costs money and reaches someone's phone: a solved image captcha goes first. The
 * answer is the same whether or not the phone is registered (see the server's `sendSmsCode`).
 */
export const sendSmsInput = z.object({
  phone: phoneField,
  purpose: z
    .enum(Object.keys(SMS_PURPOSES) as [SmsPurpose, ...SmsPurpose[]], {
      error: '短信用途不正确',
    })
    .meta({ label: '短信用途' }),
  captchaId: captchaIdField,
  captchaText: captchaTextField,
});
export type SendSmsInput = z.infer<typeof sendSmsInput>;

export const smsSentSchema = z.object({
  /** Seconds before another code may be requested for this phone. */
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
});
export type SmsSent = z.infer<typeof smsSentSchema>;

// ---------- registration ----------

/** Phone proven by an SMS code, and a new password typed twice: registering (003) and resetting by phone. */
const phoneCodeAndNewPassword = z.object({
  phone: phoneField,
  smsCode: smsCodeField,
  password: passwordField,
  confirmPassword: confirmPasswordField,
});

export const registerByPhoneInput = phoneCodeAndNewPassword.refine(passwordsMatch, mismatch);
export type RegisterByPhoneInput = z.infer<typeof registerByPhoneInput>;

export const registerByIdNumberInput = z
  .object({
    name: personNameField,
    idNumber: idNumberField,
    email: emailField,
    password: passwordField,
    confirmPassword: confirmPasswordField,
    captchaId: captchaIdField,
    captchaText: captchaTextField,
    acceptTerms: z.literal(true, { error: '请阅读并同意服务条款和用户须知' }).meta({ label: '服务条款' }),
  })
  .refine(passwordsMatch, mismatch);
export type RegisterByIdNumberInput = z.infer<typeof registerByIdNumberInput>;

export const registeredSchema = z.object({ accountId: z.string() });
export type Registered = z.infer<typeof registeredSchema>;

// ---------- login ----------

export const loginByPasswordInput = z.object({
  /** An 11-digit phone or an 18-character ID number. */
  account: z
    .string({ error: '请输入手机号或身份证号' })
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^(1[3-9]\d{9}|\d{17}[\dX])$/, '请输入 11 位手机号或 18 位身份证号'))
    .meta({ label: '账号' }),
  password: existingPasswordField,
  captchaId: captchaIdField,
  captchaText: captchaTextField,
});
export type LoginByPasswordInput = z.infer<typeof loginByPasswordInput>;

export const loginBySmsInput = z.object({ phone: phoneField, smsCode: smsCodeField });
export type LoginBySmsInput = z.infer<typeof loginBySmsInput>;

export const ROLES = {
  applicant: '申请人',
  enterprise_operator: '企业经办人',
  reviewer: '审核员',
  finance: '财务',
  issuer: '发证员',
  admin: '管理员',
} as const;
export type Role = keyof typeof ROLES;
export const roleField = z.enum(Object.keys(ROLES) as [Role, ...Role[]]);
export const STAFF_ROLES: readonly Role[] = ['reviewer', 'finance', 'issuer', 'admin'];

export const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  roles: z.array(roleField),
  enterpriseName: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: sessionUserSchema,
});
export type Session = z.infer<typeof sessionSchema>;

// ---------- passwords ----------

export const resetPasswordByPhoneInput = phoneCodeAndNewPassword.refine(passwordsMatch, mismatch);
export type ResetPasswordByPhoneInput = z.infer<typeof resetPasswordByPhoneInput>;

export const resetPasswordByIdNumberInput = phoneCodeAndNewPassword
  .extend({ idNumber: idNumberField })
  .refine(passwordsMatch, mismatch);
export type ResetPasswordByIdNumberInput = z.infer<typeof resetPasswordByIdNumberInput>;

export const changePasswordInput = z
  .object({
    oldPassword: existingPasswordField.meta({ label: '原密码' }),
    password: passwordField.meta({ label: '新密码' }),
    confirmPassword: confirmPasswordField,
  })
  .refine(passwordsMatch, mismatch)
  .refine((value) => value.oldPassword !== value.password, {
    message: '新密码不能与旧密码相同',
    path: ['password'],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const okSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof okSchema>;

// ---------- profile ----------

export const enterpriseSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  legalRepresentative: z.string(),
  address: z.string(),
});
export type Enterprise = z.infer<typeof enterpriseSchema>;

export const profileSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idType: idTypeField.nullable(),
  idNumber: z.string().nullable(),
  birthDate: z.string().nullable(),
  gender: genderField.nullable(),
  address: z.string(),
  postalCode: z.string(),
  roles: z.array(roleField),
  enterprise: enterpriseSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

/** ID type, ID number and birth date are fixed once set (seed 001). */
export const LOCKED_PROFILE_FIELDS = ['idType', 'idNumber', 'birthDate'] as const;

export const updateProfileInput = z
  .object({
    /** The version the user edited; a stale one is refused with VERSION_CONFLICT. */
    version: versionField,
    name: personNameField.optional(),
    email: emailField.optional(),
    gender: genderField.optional(),
    address: optionalText('通讯地址', 200).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^(\d{6})?$/, '邮政编码应为 6 位数字')
      .meta({ label: '邮政编码' })
      .optional(),
    /** Only accepted while the account has none; fixed afterwards. */
    idType: idTypeField.optional(),
    idNumber: z.string().trim().max(30, '证件号码过长').meta({ label: '证件号码' }).optional(),
    birthDate: dateField.meta({ label: '出生日期' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.idNumber !== undefined && (value.idType ?? 'id_card') === 'id_card') {
      const parsed = idNumberField.safeParse(value.idNumber);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['idNumber'],
          message: parsed.error.issues[0]?.message ?? '身份证号不正确',
        });
      }
    }
  });
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

/**
 * 更换手机号 (or 绑定 one, for an account registered by ID number): the current password and a code
 * sent to the new phone (purpose change_phone). The account's other sessions end.
 */
export const changePhoneInput = z.object({
  password: existingPasswordField.meta({ label: '登录密码' }),
  phone: phoneField.meta({ label: '新手机号' }),
  smsCode: smsCodeField,
});
export type ChangePhoneInput = z.infer<typeof changePhoneInput>;

export const enterpriseInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, '请输入企业名称')
    .max(100, '企业名称不能超过 100 个字')
    .meta({ label: '企业名称' }),
  creditCode: creditCodeField,
  legalRepresentative: personNameField.meta({ label: '法定代表人' }),
  address: optionalText('企业地址', 200).min(1, '请输入企业地址'),
});
export type EnterpriseInput = z.infer<typeof enterpriseInput>;
