import { z } from '../zod';
import {
  compactDateField,
  compactMonthField,
  contactPhoneField,
  creditCodeField,
  GENDERS,
  idNumberField,
  managementNumberField,
  personNameField,
  postalCodeField,
  yearField,
} from '../schemas/fields';
import { AGREEMENT_FIELD_KEY } from './display';
import type { FieldSource } from './sources';
import type { AttachmentRule, FieldDef, FieldOption } from './types';

/** Field and upload definitions several services share, so each entry stays a short list. */

export const MB = 1024 * 1024;
export const KB = 1024;

export function textRule(label: string, max: number, min = 1): z.ZodType<string> {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .meta({ label });
}

export function optionsOf(labels: Readonly<Record<string, string>>): FieldOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

export function agreementField(title: string): FieldDef {
  return {
    key: AGREEMENT_FIELD_KEY,
    label: title,
    schema: z.literal(true, { error: `请阅读并同意《${title}》` }),
    source: 'typed',
    input: 'checkbox',
  };
}

export function reasonField(key: string, label: string, max = 500): FieldDef {
  return { key, label, schema: textRule(label, max), source: 'typed', input: 'textarea' };
}

export function contactPhone(source: FieldSource = 'profile.phone', key = 'contactPhone'): FieldDef {
  return {
    key,
    label: '联系电话',
    schema: contactPhoneField,
    source,
    help: '用于通知办理进度，请填写准确',
  };
}

// ---------- digital certificates (seed 003) ----------

export const enterpriseFields: readonly FieldDef[] = [
  {
    key: 'enterpriseName',
    label: '企业名称',
    schema: textRule('企业名称', 100, 2),
    source: 'profile.enterprise.name',
    help: '与营业执照上的名称一致',
  },
  {
    key: 'creditCode',
    label: '统一社会信用代码',
    schema: creditCodeField,
    source: 'profile.enterprise.creditCode',
  },
  {
    key: 'legalRepresentative',
    label: '法定代表人',
    schema: personNameField,
    source: 'profile.enterprise.legalRepresentative',
  },
  {
    key: 'enterpriseAddress',
    label: '企业地址',
    schema: textRule('企业地址', 200, 5),
    source: 'profile.enterprise.address',
  },
];

/** The 经办人 is the account holder: name and ID number come from the profile and are fixed. */
export const operatorFields: readonly FieldDef[] = [
  { key: 'operatorName', label: '经办人姓名', schema: personNameField, source: 'profile.name', locked: true },
  {
    key: 'operatorIdNumber',
    label: '经办人身份证号',
    schema: idNumberField,
    source: 'profile.idNumber',
    locked: true,
  },
  { key: 'operatorPhone', label: '经办人手机', schema: contactPhoneField, source: 'profile.phone' },
];

// ---------- mailing ----------

export const mailingFields: readonly FieldDef[] = [
  { key: 'recipientName', label: '收件人', schema: personNameField, source: 'profile.name' },
  { key: 'recipientPhone', label: '收件人电话', schema: contactPhoneField, source: 'profile.phone' },
  {
    key: 'mailingAddress',
    label: '邮寄地址',
    schema: textRule('邮寄地址', 200, 5),
    source: 'profile.address',
    help: '省、市、区县、街道及门牌号',
  },
  {
    key: 'postalCode',
    label: '邮政编码',
    schema: postalCodeField,
    source: 'profile.postalCode',
    required: false,
  },
];

// ---------- exams and exam certificates (seeds 000, 001, 002, 004) ----------

export const examFields: readonly FieldDef[] = [
  { key: 'examName', label: '考试', source: 'typed', input: 'select', optionsFrom: 'exams' },
  { key: 'examYear', label: '考试年度', schema: yearField, source: 'typed' },
];

export const admissionTicketField: FieldDef = {
  key: 'admissionTicketNumber',
  label: '准考证号',
  schema: z
    .string({ error: '请填写准考证号' })
    .trim()
    .regex(/^[0-9A-Za-z]{6,20}$/, '准考证号为 6–20 位字母或数字'),
  source: 'typed',
};

/** The applicant's own identity, fixed from the profile. */
export const holderIdentityFields: readonly FieldDef[] = [
  { key: 'holderName', label: '姓名', schema: personNameField, source: 'profile.name', locked: true },
  { key: 'idNumber', label: '证件号码', schema: idNumberField, source: 'profile.idNumber', locked: true },
];

/**
 * An exam certificate as seed 000's reissue form shows it: every value the system holds is locked;
 * when no record is found the same fields are typed by hand ("无" for a missing management number,
 * the approval date being the exam's last day).
 */
export const examCertificateFields: readonly FieldDef[] = [
  {
    key: 'examName',
    label: '考试',
    source: 'certificate.examName',
    locked: true,
    input: 'select',
    optionsFrom: 'exams',
  },
  { key: 'examYear', label: '考试年度', schema: yearField, source: 'certificate.examYear', locked: true },
  {
    key: 'holderName',
    label: '姓名',
    schema: personNameField,
    source: 'certificate.holderName',
    locked: true,
  },
  { key: 'idNumber', label: '证件号码', schema: idNumberField, source: 'certificate.idNumber', locked: true },
  {
    key: 'birthMonth',
    label: '出生年月',
    schema: compactMonthField,
    source: 'certificate.birthMonth',
    locked: true,
    placeholder: '如 199003',
  },
  {
    key: 'gender',
    label: '性别',
    source: 'certificate.gender',
    locked: true,
    input: 'select',
    options: optionsOf(GENDERS),
  },
  {
    key: 'managementNumber',
    label: '证书管理号',
    schema: managementNumberField,
    source: 'certificate.managementNumber',
    locked: true,
    help: '没有证书管理号的，填写“无”',
  },
  {
    key: 'approvalDate',
    label: '批准日期',
    schema: compactDateField,
    source: 'certificate.approvalDate',
    locked: true,
    placeholder: '如 20201122',
    help: '为当年度该项考试的最后一天，如考试日期为 2020 年 11 月 22 日，应填 20201122',
  },
  { key: 'level', label: '级别', schema: textRule('级别', 50), source: 'certificate.level', locked: true },
  { key: 'major', label: '专业', schema: textRule('专业', 50), source: 'certificate.major', locked: true },
  {
    key: 'city',
    label: '报名市',
    schema: textRule('报名市', 20, 2),
    source: 'certificate.city',
    locked: true,
    help: '填写该证书当年领取所在市',
  },
];

/** Only the identifying part of a certificate record, for services that refer to one. */
export const certificateReferenceFields: readonly FieldDef[] = examCertificateFields.filter((field) =>
  ['examName', 'examYear', 'holderName', 'idNumber', 'managementNumber'].includes(field.key),
);

// ---------- uploads ----------

/** A scanned document: JPG, PNG or PDF by content, at most 5 MB (seeds 001, 002, 003). */
export function scan(key: string, label: string, extra: Partial<AttachmentRule> = {}): AttachmentRule {
  return { key, label, types: ['jpeg', 'png', 'pdf'], maxBytes: 5 * MB, ...extra };
}

/** Seed 000: certificates of 2016 or earlier are reprinted with a standard ID photo. */
export const reissuePhoto: AttachmentRule = {
  key: 'photo',
  label: '电子照片',
  requiredWhen: { field: 'examYear', atMost: 2016 },
  types: ['jpeg'],
  minBytes: 10 * KB,
  maxBytes: 30 * KB,
  pixels: { width: 295, height: 413 },
  help: '2016 年及以前的证书需上传：标准证件照，JPG 格式，295×413 像素，10–30 KB，白色底色',
};
