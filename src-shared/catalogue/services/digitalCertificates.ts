import { creditCodeField, emailField, idNumberField, personNameField } from '../../schemas/fields';
import {
  agreementField,
  contactPhone,
  enterpriseFields,
  operatorFields,
  optionsOf,
  scan,
  textRule,
} from '../fieldKit';
import { digitalCertificateFlow } from '../machines';
import type { DocumentDef, ServiceDef } from '../types';

/** Seed 003: the USB KEY certificate centre — new enterprise and personal certificates, renewal. */

const AGREEMENT = '数字证书服务协议书';

const UNTIL_ISSUED = ['draft', 'pending', 'rejected', 'accepted'];
const AFTER_SUBMIT = ['pending', 'accepted', 'ready', 'shipped'];

const applicationForm: DocumentDef = { key: 'applicationForm', title: '申请表', printableIn: UNTIL_ISSUED };
const receipt: DocumentDef = { key: 'receipt', title: '申请回执', printableIn: AFTER_SUBMIT };

const idCardScans = [
  scan('idCardFront', '身份证人像面扫描件'),
  scan('idCardBack', '身份证国徽面扫描件'),
] as const;

export const newEnterpriseCertificate: ServiceDef = {
  code: 'cert.new.enterprise',
  name: '企业证书新办',
  group: '数字证书',
  seeds: ['003'],
  summary: '为企业办理新的数字证书（USB KEY），材料审核通过并缴费后制证，邮寄领取',
  applicants: ['enterprise_operator'],
  fields: [...enterpriseFields, ...operatorFields, agreementField(AGREEMENT)],
  attachments: [
    scan('businessLicence', '营业执照扫描件', { help: '加盖公章' }),
    scan('idCardFront', '经办人身份证人像面扫描件'),
    scan('idCardBack', '经办人身份证国徽面扫描件'),
  ],
  preconditions: [{ kind: 'profileComplete', fields: ['name', 'idNumber', 'phone'] }],
  documents: [applicationForm, receipt],
  machine: digitalCertificateFlow,
};

export const newPersonCertificate: ServiceDef = {
  code: 'cert.new.person',
  name: '个人证书新办',
  group: '数字证书',
  seeds: ['003'],
  summary: '为个人办理新的数字证书（USB KEY），材料审核通过并缴费后制证，邮寄领取',
  applicants: ['person', 'enterprise_operator'],
  fields: [
    { key: 'holderName', label: '持有人姓名', schema: personNameField, source: 'profile.name' },
    { key: 'holderIdNumber', label: '持有人身份证号', schema: idNumberField, source: 'profile.idNumber' },
    contactPhone('profile.phone', 'holderPhone'),
    { key: 'holderEmail', label: '电子邮箱', schema: emailField, source: 'profile.email', required: false },
    {
      key: 'holderAddress',
      label: '联系地址',
      schema: textRule('联系地址', 200, 5),
      source: 'profile.address',
      required: false,
    },
    agreementField(AGREEMENT),
  ],
  attachments: idCardScans,
  preconditions: [{ kind: 'profileComplete', fields: ['name', 'phone'] }],
  documents: [applicationForm, receipt],
  machine: digitalCertificateFlow,
};

const CERTIFICATE_KINDS = { enterprise: '企业证书', person: '个人证书' } as const;

/**
 * Renewal reads the certificate on the inserted KEY: what it says is locked. The new key pair and
 * request are made on the same KEY; the old KEY is posted with the receipt. No 申请表 to print.
 */
export const renewCertificate: ServiceDef = {
  code: 'cert.renew',
  name: '证书续费',
  group: '数字证书',
  seeds: ['003'],
  summary: '插入 KEY 读取证书后续期；过期超过 90 天的证书已注销，需重新新办',
  applicants: ['person', 'enterprise_operator'],
  fields: [
    {
      key: 'certificateKind',
      label: '证书类型',
      source: 'typed',
      input: 'radio',
      options: optionsOf(CERTIFICATE_KINDS),
    },
    {
      key: 'certificateFingerprint',
      label: '证书指纹',
      source: 'key.fingerprint',
      locked: true,
      input: 'hidden',
    },
    { key: 'certificateSerial', label: '证书序列号', source: 'key.serialNumber', locked: true },
    { key: 'holderName', label: '证书名称', source: 'key.subject.commonName', locked: true },
    {
      key: 'creditCode',
      label: '统一社会信用代码',
      schema: creditCodeField,
      source: 'key.subject.creditCode',
      locked: true,
      requiredWhen: { field: 'certificateKind', in: ['enterprise'] },
    },
    {
      key: 'holderIdNumber',
      label: '身份证号',
      schema: idNumberField,
      source: 'key.subject.idNumber',
      locked: true,
      requiredWhen: { field: 'certificateKind', in: ['person'] },
    },
    { key: 'validUntil', label: '原证书有效期至', source: 'key.notAfter', locked: true },
    contactPhone(),
    agreementField(AGREEMENT),
  ],
  attachments: [
    scan('businessLicence', '营业执照扫描件', {
      requiredWhen: { field: 'certificateKind', in: ['enterprise'] },
      help: '企业证书续费需上传，加盖公章',
    }),
    ...idCardScans,
  ],
  preconditions: [{ kind: 'keyInserted' }, { kind: 'keyNotRevoked', graceDays: 90 }, { kind: 'keyBound' }],
  documents: [receipt],
  machine: digitalCertificateFlow,
};
