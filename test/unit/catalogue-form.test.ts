import { describe, expect, it } from 'vitest';
import {
  formSchema,
  getService,
  lockedFieldErrors,
  missingAttachmentErrors,
  prefill,
  unmetPreconditions,
  type ExamCertificateRecord,
  type KeyCertificate,
} from '../../src-shared/catalogue';
import { validationError } from '../../src-shared/errors';
import { creditCodeCheckChar } from '../../src-shared/rules/creditCode';
import type { Profile } from '../../src-shared/schemas/account';

const CREDIT_CODE = `91350100M000100Y4${creditCodeCheckChar('91350100M000100Y4')}`;
const WRONG_CHECK = `${CREDIT_CODE.slice(0, 17)}${CREDIT_CODE[17] === '0' ? '1' : '0'}`;

const profile: Profile = {
  id: 'acc-1',
  name: '李四',
  phone: '13812341234',
  email: 'lisi@example.com',
  idType: 'id_card',
  idNumber: '11010519491231002X',
  birthDate: '1949-12-31',
  gender: 'female',
  address: '福建省福州市鼓楼区五四路 1 号',
  postalCode: '350001',
  roles: ['enterprise_operator'],
  enterprise: {
    id: 'ent-1',
    name: '福州某某科技有限公司',
    creditCode: CREDIT_CODE,
    legalRepresentative: '张三',
    address: '福州市鼓楼区软件大道 89 号',
  },
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const keyCertificate: KeyCertificate = {
  subject: {
    commonName: '福州某某科技有限公司',
    organization: '福州某某科技有限公司',
    organizationalUnit: CREDIT_CODE,
    serialNumber: null,
    country: 'CN',
    province: '福建',
    locality: '福州',
    email: null,
    creditCode: CREDIT_CODE,
    idNumber: null,
    text: `CN=福州某某科技有限公司, OU=${CREDIT_CODE}`,
  },
  serialNumber: '0a1b2c3d',
  notBefore: '2025-06-01T00:00:00.000Z',
  notAfter: '2026-06-01T00:00:00.000Z',
  fingerprint: 'ab'.repeat(32),
};

const examCertificate: ExamCertificateRecord = {
  id: 'cert-1',
  examName: '造价',
  examYear: 2015,
  holderName: '李四',
  idNumber: '11010519491231002X',
  birthMonth: '194912',
  gender: 'female',
  managementNumber: '16039686',
  printNumber: null,
  approvalDate: '20151122',
  level: '一级',
  major: '土木建筑工程',
  city: '济南市',
  collected: true,
};

const enterprise = getService('cert.new.enterprise')!;
const renew = getService('cert.renew')!;
const reissue = getService('cert.reissue')!;

/** Field → message; a field with two messages fails the test (each problem is said once). */
function fieldMessages(schema: ReturnType<typeof formSchema>, values: unknown) {
  const result = schema.safeParse(values);
  const messages: Record<string, string> = {};
  for (const { field, message } of result.success
    ? []
    : validationError(result.error, schema).details!.fields!) {
    expect(Object.hasOwn(messages, field), `two messages for ${field}`).toBe(false);
    messages[field] = message;
  }
  return messages;
}

describe('new enterprise certificate form (seed 003)', () => {
  const good = { ...prefill(enterprise, { profile }).values, agreement: true };

  it('prefills enterprise and operator from the profile, locking the operator identity', () => {
    const { values, locked } = prefill(enterprise, { profile });
    expect(values).toEqual({
      enterpriseName: '福州某某科技有限公司',
      creditCode: CREDIT_CODE,
      legalRepresentative: '张三',
      enterpriseAddress: '福州市鼓楼区软件大道 89 号',
      operatorName: '李四',
      operatorIdNumber: '11010519491231002X',
      operatorPhone: '13812341234',
    });
    expect(locked).toEqual(['operatorName', 'operatorIdNumber']);
  });

  it('accepts a good application and normalises it', () => {
    const result = formSchema(enterprise).safeParse({ ...good, creditCode: CREDIT_CODE.toLowerCase() });
    expect(result.success).toBe(true);
    expect(result.data?.creditCode).toBe(CREDIT_CODE);
  });

  it('refuses bad fields with Chinese messages that name each field, all at once', () => {
    const messages = fieldMessages(formSchema(enterprise), {
      ...good,
      creditCode: WRONG_CHECK,
      operatorPhone: '12345',
      enterpriseAddress: '',
      agreement: false,
    });
    expect(messages).toEqual({
      creditCode: '统一社会信用代码校验位不正确',
      operatorPhone: '经办人手机：联系电话应为 11 位手机号或带区号的固定电话，如 0591-87654321',
      enterpriseAddress: '请填写企业地址',
      agreement: '请阅读并同意《数字证书服务协议书》',
    });
  });

  it('refuses keys the service does not have, and input that is not an object', () => {
    expect(fieldMessages(formSchema(enterprise), { ...good, price: 0 })).toEqual({
      '': '申请表中有不属于「企业证书新办」的字段：price',
    });
    expect(formSchema(enterprise).safeParse('x').error?.issues[0]?.message).toBe(
      '申请表内容格式不正确，请刷新后重新填写',
    );
  });

  it('refuses a changed locked field, and accepts the source value in another case', () => {
    expect(
      lockedFieldErrors(enterprise, { profile }, { ...good, operatorIdNumber: '11010519491231002x' }),
    ).toEqual([]);
    expect(lockedFieldErrors(enterprise, { profile }, { ...good, operatorName: '王五' })).toEqual([
      { field: 'operatorName', message: '经办人姓名由系统登记，不能修改；如有错误请联系客服' },
    ]);
  });

  it('needs the business licence and both sides of the ID card', () => {
    expect(
      missingAttachmentErrors(enterprise, good, ['businessLicence']).map((error) => error.field),
    ).toEqual(['attachments.idCardFront', 'attachments.idCardBack']);
  });

  it('asks for a complete profile first', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(unmetPreconditions(enterprise, { now, profile })).toEqual([]);
    expect(
      unmetPreconditions(enterprise, { now, profile: { ...profile, idNumber: null, phone: null } }),
    ).toEqual([{ kind: 'profileComplete', message: '请先在“个人中心”完善个人资料：证件号码、手机号' }]);
  });
});

describe('renewal reads the KEY (seed 003)', () => {
  const now = new Date('2026-05-20T00:00:00Z');

  it('fills and locks what the KEY certificate says; contact stays editable', () => {
    const { values, locked } = prefill(renew, { profile, key: keyCertificate });
    expect(values).toMatchObject({
      holderName: '福州某某科技有限公司',
      creditCode: CREDIT_CODE,
      certificateSerial: '0a1b2c3d',
      validUntil: '2026-06-01T00:00:00.000Z',
      contactPhone: '13812341234',
    });
    expect(locked).toEqual([
      'certificateFingerprint',
      'certificateSerial',
      'holderName',
      'creditCode',
      'validUntil',
    ]);
    expect(values).not.toHaveProperty('holderIdNumber');
  });

  it('requires the credit code for an enterprise certificate and the ID number for a personal one', () => {
    const { values } = prefill(renew, { profile, key: keyCertificate });
    const enterpriseRenewal = { ...values, certificateKind: 'enterprise', agreement: true };
    expect(formSchema(renew).safeParse(enterpriseRenewal).success).toBe(true);
    expect(fieldMessages(formSchema(renew), { ...enterpriseRenewal, certificateKind: 'person' })).toEqual({
      holderIdNumber: '请填写身份证号',
    });
    expect(fieldMessages(formSchema(renew), { ...enterpriseRenewal, certificateKind: 'company' })).toEqual({
      certificateKind: '请选择证书类型',
    });
  });

  it('refuses an edited KEY value', () => {
    const { values } = prefill(renew, { key: keyCertificate });
    expect(
      lockedFieldErrors(renew, { key: keyCertificate }, { ...values, validUntil: '2030-01-01' }),
    ).toHaveLength(1);
  });

  it('needs an inserted KEY whose certificate is not revoked (90 days past expiry)', () => {
    expect(unmetPreconditions(renew, { now, key: null })).toEqual([
      { kind: 'keyInserted', message: '请插入 USB KEY 并点击“读取”，读到证书后才能继续' },
    ]);
    expect(unmetPreconditions(renew, { now, key: keyCertificate })).toEqual([]);
    const revoked = { ...keyCertificate, notAfter: '2026-02-01T00:00:00.000Z' };
    expect(unmetPreconditions(renew, { now, key: revoked })[0]?.message).toBe(
      '该证书已过期超过 90 天，已被系统注销，不能续费，请申请新证书',
    );
  });
});

describe('certificate reissue (seed 000)', () => {
  it('locks what the certificate record holds and leaves the contact to the applicant', () => {
    const { values, locked } = prefill(reissue, { profile, certificate: examCertificate });
    expect(locked).toEqual([
      'examName',
      'examYear',
      'holderName',
      'idNumber',
      'birthMonth',
      'gender',
      'managementNumber',
      'approvalDate',
      'level',
      'major',
      'city',
    ]);
    expect(formSchema(reissue).safeParse({ ...values, contactPhone: '0531-88888888' }).success).toBe(true);
  });

  it('needs the photo for a certificate of 2016 or earlier only', () => {
    const values = prefill(reissue, { certificate: examCertificate }).values;
    expect(missingAttachmentErrors(reissue, values, [])).toEqual([
      {
        field: 'attachments.photo',
        message:
          '请上传电子照片（2016 年及以前的证书需上传：标准证件照，JPG 格式，295×413 像素，10–30 KB，白色底色）',
      },
    ]);
    expect(missingAttachmentErrors(reissue, { ...values, examYear: 2017 }, [])).toEqual([]);
  });

  it('is typed by hand when no record is found: "无" for the management number, YYYYMMDD approval date', () => {
    expect(prefill(reissue, { profile }).locked).toEqual([]);
    const manual = {
      examName: '计算机应用能力考试',
      examYear: '2012',
      holderName: '李四',
      idNumber: '11010519491231002X',
      birthMonth: '194912',
      gender: 'female',
      managementNumber: '无',
      approvalDate: '20121122',
      level: '初级',
      major: '计算机',
      city: '济南市',
      contactPhone: '13812341234',
    };
    const parsed = formSchema(reissue).safeParse(manual);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.examYear).toBe(2012);
    expect(
      fieldMessages(formSchema(reissue), {
        ...manual,
        approvalDate: '2012-11-22',
        managementNumber: '没有',
        birthMonth: '1949',
      }),
    ).toEqual({
      approvalDate: '批准日期：日期应为 8 位数字 YYYYMMDD，如 20201122',
      managementNumber: '证书管理号为 4–30 位字母或数字；没有管理号的请填写“无”',
      birthMonth: '出生年月：年月应为 6 位数字 YYYYMM，如 199003',
    });
    expect(fieldMessages(formSchema(reissue), { ...manual, approvalDate: '20120231' })).toEqual({
      approvalDate: '批准日期：日期无效，请按 YYYYMMDD 填写真实日期',
    });
  });

  it('refuses a certificate not yet collected (不可申请)', () => {
    const now = new Date();
    expect(
      unmetPreconditions(reissue, { now, certificate: { ...examCertificate, collected: false } }),
    ).toEqual([{ kind: 'certificateCollected', message: '该证书尚未领取，不能申请补证，请先领取证书' }]);
    expect(unmetPreconditions(reissue, { now, certificate: null })).toEqual([]);
  });
});

describe('other entries', () => {
  it('receipt request: a unit title needs a valid taxpayer number', () => {
    const receipt = getService('receipt.request')!;
    const base = {
      ...prefill(receipt, { profile }).values,
      examName: '造价',
      examYear: 2024,
      titleKind: 'organisation',
      title: '福州某某科技有限公司',
    };
    expect(fieldMessages(formSchema(receipt), base)).toEqual({
      taxpayerNumber: '请填写纳税人识别号',
    });
    expect(fieldMessages(formSchema(receipt), { ...base, taxpayerNumber: WRONG_CHECK })).toEqual({
      taxpayerNumber: '纳税人识别号（统一社会信用代码）校验位不正确，请核对',
    });
    expect(formSchema(receipt).safeParse({ ...base, taxpayerNumber: CREDIT_CODE }).success).toBe(true);
    expect(formSchema(receipt).safeParse({ ...base, titleKind: 'person' }).success).toBe(true);
  });

  it('qualification appeal follows a refused qualification review', () => {
    const appeal = getService('qualification.appeal')!;
    const now = new Date();
    expect(
      unmetPreconditions(appeal, { now, related: { service: 'qualification.review', state: 'rejected' } }),
    ).toEqual([]);
    expect(unmetPreconditions(appeal, { now, related: null })[0]?.message).toBe(
      '只能对「审核不通过」的「资格复核」申请提出，请先选择对应的申请',
    );
  });

  it('exam registration needs the profile and takes only small images', () => {
    const registration = getService('exam.registration')!;
    expect(registration.attachments.every((rule) => rule.maxBytes === 100 * 1024)).toBe(true);
    expect(
      unmetPreconditions(registration, { now: new Date(), profile: { ...profile, gender: null } })[0]
        ?.message,
    ).toBe('请先在“个人中心”完善个人资料：性别');
  });
});
