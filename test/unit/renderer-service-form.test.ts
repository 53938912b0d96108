import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { prefill, serviceCatalogue, type KeyCertificate } from '../../src-shared/catalogue';
import type { Profile } from '../../src-shared/schemas/account';
import { DEMO_ENTERPRISE } from '../../src-server/seed/demoAccounts';
import {
  acceptOf,
  attachmentProblem,
  controlOf,
  dependentsOf,
  fieldProblem,
  fieldRule,
  fieldViews,
  offlineSubmitRefusal,
  prefillPatch,
  readsKey,
  RENEWAL_NEEDS_SERVER,
  toApplicationValues,
  toFormValues,
  type PickedFile,
} from '../../src-renderer/services/serviceForm';
import { servicesByGroup } from '../../src-renderer/services/serviceList';

const newEnterprise = serviceCatalogue['cert.new.enterprise'];
const renew = serviceCatalogue['cert.renew'];
const registration = serviceCatalogue['exam.registration'];

const profile: Profile = {
  id: 'p1',
  name: '李四',
  phone: '13800000002',
  email: 'lisi@example.com',
  idType: 'id_card',
  idNumber: '35010219850612003X',
  birthDate: '1985-06-12',
  gender: 'male',
  address: '福建省福州市鼓楼区五四路 88 号',
  postalCode: '350001',
  roles: ['applicant', 'enterprise_operator'],
  enterprise: { id: 'e1', ...DEMO_ENTERPRISE },
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const keyCertificate: KeyCertificate = {
  subject: {
    commonName: DEMO_ENTERPRISE.name,
    organization: DEMO_ENTERPRISE.name,
    organizationalUnit: null,
    serialNumber: DEMO_ENTERPRISE.creditCode,
    country: 'CN',
    province: null,
    locality: null,
    email: null,
    creditCode: DEMO_ENTERPRISE.creditCode,
    idNumber: null,
    text: `CN=${DEMO_ENTERPRISE.name}`,
  },
  serialNumber: '0a1b',
  notBefore: '2024-06-01T00:00:00Z',
  notAfter: '2025-06-01T00:00:00Z',
  fingerprint: 'ab'.repeat(32),
};

const png = (): PickedFile => ({ file: new Blob([]), name: 'licence.png', size: 100, kind: 'png' });

function reader(values: Record<string, unknown>) {
  return { getFieldsValue: () => values };
}

describe('业务办理: the services an account may apply for', () => {
  it('an enterprise operator sees the enterprise certificate; a person does not', () => {
    const operator = servicesByGroup(['applicant', 'enterprise_operator']).flatMap((g) => g.services);
    const person = servicesByGroup(['applicant']).flatMap((g) => g.services);
    expect(operator.map((s) => s.code)).toContain('cert.new.enterprise');
    expect(person.map((s) => s.code)).not.toContain('cert.new.enterprise');
    expect(person.map((s) => s.code)).toContain('cert.renew');
  });

  it('groups follow the catalogue order and none is empty', () => {
    const groups = servicesByGroup(['applicant']);
    expect(groups[0]?.group).toBe('数字证书');
    expect(groups.every((g) => g.services.length > 0)).toBe(true);
  });
});

describe('the form drawn from a catalogue entry', () => {
  it('picks each control from the declared input or the zod schema', () => {
    const byKey = (service: typeof renew, key: string) => service.fields.find((f) => f.key === key)!;
    expect(controlOf(byKey(renew, 'certificateKind'))).toBe('radio');
    expect(controlOf(byKey(renew, 'certificateFingerprint'))).toBe('hidden');
    expect(controlOf(byKey(renew, 'agreement'))).toBe('checkbox');
    expect(controlOf(byKey(newEnterprise, 'creditCode'))).toBe('text');
    expect(controlOf(byKey(registration, 'birthDate'))).toBe('date');
    // Options held by the server have no lookup yet: typed, as the schema allows.
    expect(controlOf(byKey(registration, 'examSite'))).toBe('text');
  });

  it('leaves the agreement to its own step and locks what the profile filled', () => {
    const { locked } = prefill(newEnterprise, { profile });
    const views = fieldViews(newEnterprise, locked);
    expect(views.map((v) => v.field.key)).not.toContain('agreement');
    const operatorName = views.find((v) => v.field.key === 'operatorName')!;
    expect(operatorName.locked).toBe(true);
    expect(operatorName.lockedHint).toContain('由个人资料带入');
    expect(views.find((v) => v.field.key === 'enterpriseName')!.locked).toBe(false);
  });

  it('knows which services read the KEY', () => {
    expect(readsKey(renew)).toBe(true);
    expect(readsKey(newEnterprise)).toBe(false);
  });

  it('dates travel as YYYY-MM-DD and come back as dayjs; blanks are left out', () => {
    const values = toApplicationValues(registration, {
      birthDate: dayjs('1990-03-15'),
      phone: '  ',
      unknownKey: 'dropped',
    });
    expect(values).toEqual({ birthDate: '1990-03-15' });
    const form = toFormValues(registration, values);
    expect(dayjs.isDayjs(form.birthDate)).toBe(true);
  });
});

describe('field rules speak with the server’s form schema', () => {
  it('a missing field gets the catalogue’s words; a bad one its rule’s', () => {
    expect(fieldProblem(newEnterprise, 'enterpriseName', {})).toBe('请填写企业名称');
    expect(fieldProblem(newEnterprise, 'creditCode', { creditCode: '91350100MA2Y0C3K1X' })).toMatch(
      /统一社会信用代码/,
    );
    expect(fieldProblem(newEnterprise, 'creditCode', { creditCode: DEMO_ENTERPRISE.creditCode })).toBeNull();
  });

  it('required-ness follows other values (renewal: credit code only for an enterprise certificate)', async () => {
    const field = renew.fields.find((f) => f.key === 'creditCode')!;
    const asPerson = fieldRule(renew, field)(reader({ certificateKind: 'person' }));
    const asEnterprise = fieldRule(renew, field)(reader({ certificateKind: 'enterprise' }));
    expect(asPerson.required).toBe(false);
    expect(asEnterprise.required).toBe(true);
    await expect(asPerson.validator!(asPerson, undefined, () => undefined)).resolves.toBeUndefined();
    await expect(asEnterprise.validator!(asEnterprise, undefined, () => undefined)).rejects.toThrow(
      '统一社会信用代码',
    );
    expect(dependentsOf(renew, ['certificateKind'])).toEqual([
      'creditCode',
      'holderIdNumber',
      ['attachments', 'businessLicence'],
    ]);
  });

  it('an upload is asked for in the server’s words until one is picked', () => {
    expect(attachmentProblem(newEnterprise, 'businessLicence', {})).toBe('请上传营业执照扫描件（加盖公章）');
    expect(
      attachmentProblem(newEnterprise, 'businessLicence', { attachments: { businessLicence: png() } }),
    ).toBeNull();
    expect(attachmentProblem(renew, 'businessLicence', { certificateKind: 'person' })).toBeNull();
    expect(acceptOf(newEnterprise.attachments[0]!)).toBe('.jpg,.jpeg,.png,.pdf');
  });
});

describe('prefilling as the sources change', () => {
  it('fills empty fields, never over what was typed, and always the locked ones', () => {
    const prefilled = prefill(newEnterprise, { profile });
    const patch = prefillPatch(newEnterprise, prefilled, { enterpriseName: '手工填写的名称' }, []);
    expect(patch.enterpriseName).toBeUndefined();
    expect(patch.creditCode).toBe(DEMO_ENTERPRISE.creditCode);
    expect(patch.operatorName).toBe('李四');
  });

  it('reading the KEY fills and locks the renewal; taking it out clears what it locked', () => {
    const read = prefill(renew, { profile, key: keyCertificate });
    const filled = prefillPatch(renew, read, {}, []);
    expect(filled).toMatchObject({
      holderName: DEMO_ENTERPRISE.name,
      creditCode: DEMO_ENTERPRISE.creditCode,
      certificateFingerprint: keyCertificate.fingerprint,
      contactPhone: profile.phone,
    });
    const gone = prefill(renew, { profile, key: null });
    const cleared = prefillPatch(renew, gone, filled, read.locked);
    expect(cleared).toHaveProperty('holderName', undefined);
    expect(cleared).toHaveProperty('creditCode', undefined);
    expect(cleared).not.toHaveProperty('contactPhone');
  });
});

describe('提交申请单 offline', () => {
  it('is kept here and submitted later, except a renewal, which must prove its KEY to the centre now', () => {
    expect(offlineSubmitRefusal(serviceCatalogue['cert.new.enterprise'], false)).toBeNull();
    expect(offlineSubmitRefusal(serviceCatalogue['cert.renew'], true)).toBeNull();
    expect(offlineSubmitRefusal(serviceCatalogue['cert.renew'], false)).toBe(RENEWAL_NEEDS_SERVER);
  });
});
