import { z } from '../zod';
import { FACTORY_PIN, NEW_PIN_MESSAGES, newPinProblem, PIN_RULE_TEXT } from '../rules/pin';

/** The USB KEY as the renderer, the desktop services and the server see it. */

/**
 * 写入 KEY offline with no copy of the application's issued certificate kept on this computer: the
 * desktop's refusal and the drawers' greyed-out button say the same.
 */
/** A revoked certificate (superseded by a renewal, or unwritten past its deadline) goes onto no KEY. */
export const CERTIFICATE_REVOKED = '该申请签发的证书已被吊销，不能再写入 KEY，如需证书请重新申请';
export const CERTIFICATE_NOT_KEPT = '本机未保存该申请签发的证书，离线时无法写入 KEY，请联网同步后再写入';

export const pinStateSchema = z.object({
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one. */
  countLow: z.boolean(),
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the KEY. */
  finalTry: z.boolean(),
  /** CKF_USER_PIN_LOCKED. */
  locked: z.boolean(),
  /** CKF_USER_PIN_TO_BE_CHANGED: the module itself demands a new PIN. */
  toBeChanged: z.boolean(),
});
export type PinState = z.infer<typeof pinStateSchema>;

/** One inserted KEY. `serial` addresses it: slot ids change between insertions. */
export const tokenSummarySchema = z.object({
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  slotDescription: z.string(),
  pin: pinStateSchema,
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;

export const nameInfoSchema = z.object({
  commonName: z.string().nullable(),
  organization: z.string().nullable(),
  organizationalUnit: z.string().nullable(),
  serialNumber: z.string().nullable(),
  country: z.string().nullable(),
  province: z.string().nullable(),
  locality: z.string().nullable(),
  email: z.string().nullable(),
  /** A unified social credit code found in OU, serialNumber or CN. */
  creditCode: z.string().nullable(),
  /** A resident ID number found in serialNumber, OU or CN. */
  idNumber: z.string().nullable(),
  /** "CN=…, O=…" for display. */
  text: z.string(),
});
export type NameInfo = z.infer<typeof nameInfoSchema>;

export const EXPIRY_LEVELS = {
  ok: '有效',
  expiring: '即将到期',
  expired: '已过期',
  'not-yet-valid': '尚未生效',
} as const;
export const expiryLevelSchema = z.enum(['ok', 'expiring', 'expired', 'not-yet-valid']);
export type ExpiryLevel = z.infer<typeof expiryLevelSchema>;

export const certificateDetailsSchema = z.object({
  subject: nameInfoSchema,
  issuer: nameInfoSchema,
  /** Lower-case hex. */
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whole days until notAfter (negative once expired). */
  daysLeft: z.number().int(),
  expiry: expiryLevelSchema,
  keyAlgorithm: z.enum(['RSA', 'EC', 'other']),
  /** SHA-256 of the DER certificate, lower-case hex: how callers name a certificate. */
  fingerprint: z.string(),
  pem: z.string(),
});
export type CertificateDetails = z.infer<typeof certificateDetailsSchema>;

export const readableTokenCertificateSchema = certificateDetailsSchema.extend({
  readable: z.literal(true),
  /** CKA_ID (hex) shared with the key pair. */
  keyId: z.string(),
  label: z.string(),
});
export type ReadableTokenCertificate = z.infer<typeof readableTokenCertificateSchema>;

/** A certificate object whose value is not an X.509 certificate we can read. */
export const unreadableTokenCertificateSchema = z.object({
  readable: z.literal(false),
  fingerprint: z.string(),
  keyId: z.string(),
  label: z.string(),
  problem: z.string(),
});
export type UnreadableTokenCertificate = z.infer<typeof unreadableTokenCertificateSchema>;

export const tokenCertificateSchema = z.discriminatedUnion('readable', [
  readableTokenCertificateSchema,
  unreadableTokenCertificateSchema,
]);
export type TokenCertificate = z.infer<typeof tokenCertificateSchema>;

export const keyAlgorithmSchema = z.enum(['RSA-2048', 'EC-P256']);
export type KeyAlgorithm = z.infer<typeof keyAlgorithmSchema>;

export const csrSubjectSchema = z.object({
  commonName: z.string(),
  organization: z.string().optional(),
  organizationalUnit: z.string().optional(),
  /** Credit code or ID number, as X.520 serialNumber (PrintableString). */
  serialNumber: z.string().optional(),
  country: z.string().optional(),
  province: z.string().optional(),
  locality: z.string().optional(),
});
export type CsrSubject = z.infer<typeof csrSubjectSchema>;

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const nameValue = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不能超过 ${max} 个字符`).meta({ label }).optional();

/**
 * A subject the desktop asks the KEY to put in a request: the X.520 bounds, and PrintableString where the
 * request encodes one (country, serialNumber), so a bad value is refused before the KEY makes a key pair.
 */
export const csrSubjectInput = z.object({
  commonName: z
    .string({ error: '缺少证书名称' })
    .trim()
    .min(1, '证书名称为空：请先填写申请表中的名称')
    .max(64, '证书名称不能超过 64 个字符')
    .meta({ label: '证书名称' }),
  organization: nameValue('单位名称', 64),
  organizationalUnit: nameValue('部门名称', 64),
  serialNumber: nameValue('证件号码', 64).refine(
    (value) => value === undefined || PRINTABLE.test(value),
    '证件号码只能包含字母和数字',
  ),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, '国家代码应为两位大写字母')
    .meta({ label: '国家代码' })
    .optional(),
  province: nameValue('省份', 128),
  locality: nameValue('城市', 128),
}) satisfies z.ZodType<CsrSubject>;

export const loginResultSchema = z.object({
  serial: z.string(),
  /** Still the factory PIN (or the module demands a change): no signing until it is changed. */
  mustChangePin: z.boolean(),
});
export type LoginResult = z.infer<typeof loginResultSchema>;

export const generatedRequestSchema = z.object({
  keyId: z.string(),
  algorithm: keyAlgorithmSchema,
  csrPem: z.string(),
});
export type GeneratedRequest = z.infer<typeof generatedRequestSchema>;

export const signatureAlgorithmSchema = z.enum(['sha256WithRSAEncryption', 'ecdsa-with-SHA256']);

export const challengeSignatureSchema = z.object({
  /** Base64 signature: PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC. */
  signature: z.string(),
  algorithm: signatureAlgorithmSchema,
  certificatePem: z.string(),
});
export type ChallengeSignature = z.infer<typeof challengeSignatureSchema>;

export const tokenMechanismsSchema = z.object({ rsa2048: z.boolean(), ecP256: z.boolean() });
export type TokenMechanisms = z.infer<typeof tokenMechanismsSchema>;

// ---------- PIN input ----------

export const pinField = z
  .string({ error: '请输入 PIN 码' })
  .min(1, '请输入 PIN 码')
  .max(32, 'PIN 码过长')
  .meta({ label: 'PIN 码' });

/** Which inserted KEY: its serial. */
export const keySerialField = z.string().min(1, '请选择 KEY').meta({ label: 'KEY' });

export const changePinInput = z
  .object({
    serial: keySerialField,
    oldPin: pinField.meta({ label: '原 PIN 码' }),
    newPin: z.string({ error: '请输入新 PIN 码' }).min(1, '请输入新 PIN 码').meta({ label: '新 PIN 码' }),
    confirmPin: z
      .string({ error: '请再次输入新 PIN 码' })
      .min(1, '请再次输入新 PIN 码')
      .meta({ label: '确认新 PIN 码' }),
  })
  .superRefine((value, ctx) => {
    const problem = newPinProblem(value.newPin, value.oldPin);
    if (problem) ctx.addIssue({ code: 'custom', path: ['newPin'], message: NEW_PIN_MESSAGES[problem] });
    if (value.newPin !== value.confirmPin) {
      ctx.addIssue({ code: 'custom', path: ['confirmPin'], message: '两次输入的新 PIN 码不一致' });
    }
  });
export type ChangePinInput = z.infer<typeof changePinInput>;

export { FACTORY_PIN, PIN_RULE_TEXT };

// ---------- proof of possession (binding, KEY login, renewal) ----------

export const CHALLENGE_PURPOSES = { bind: '绑定证书', login: 'KEY 登录', renew: '证书续费' } as const;
export const challengePurposeSchema = z.enum(['bind', 'login', 'renew']);
export type ChallengePurpose = z.infer<typeof challengePurposeSchema>;

export const newChallengeInput = z.object({ purpose: challengePurposeSchema.meta({ label: '挑战用途' }) });

export const challengeSchema = z.object({
  challengeId: z.uuid(),
  purpose: challengePurposeSchema,
  /** Base64 random bytes. */
  nonce: z.string(),
  expiresAt: z.string(),
});
export type Challenge = z.infer<typeof challengeSchema>;

/**
 * The exact bytes the KEY signs (UTF-8): purpose and id are inside, so a signature made for one
 * purpose or one challenge never serves another.
 */
export function challengeMessage(challenge: Pick<Challenge, 'challengeId' | 'purpose' | 'nonce'>): string {
  return `certdesk/${challenge.purpose}/${challenge.challengeId}/${challenge.nonce}`;
}

export const provePossessionInput = z.object({
  challengeId: z.uuid('挑战码无效，请重试').meta({ label: '挑战码' }),
  certificatePem: z
    .string({ error: '缺少证书' })
    .min(1, '缺少证书')
    .max(20_000, '证书过大')
    .regex(/-----BEGIN CERTIFICATE-----/, '证书格式不正确')
    .meta({ label: '证书' }),
  signature: z
    .string({ error: '缺少签名' })
    .min(1, '缺少签名')
    .max(2_000, '签名过长')
    .meta({ label: '签名' }),
  algorithm: signatureAlgorithmSchema.meta({ label: '签名算法' }),
});
export type ProvePossessionInput = z.infer<typeof provePossessionInput>;

export const boundCertificateSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  serialNumber: z.string(),
  subject: nameInfoSchema,
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
  expiry: expiryLevelSchema,
  /** The account acts for the certificate holder as 经办人. */
  role: z.literal('operator'),
  boundAt: z.string(),
  version: z.number().int(),
});
export type BoundCertificate = z.infer<typeof boundCertificateSchema>;

export const boundCertificateListSchema = z.object({ items: z.array(boundCertificateSchema) });

export const caCertificateSchema = z.object({
  pem: z.string(),
  fingerprint: z.string(),
  subject: z.string(),
  notAfter: z.string(),
});
export type CaCertificate = z.infer<typeof caCertificateSchema>;
