import { describe, expect, it } from 'vitest';
import { serviceCatalogue, type KeyCertificate } from '../../src-shared/catalogue';
import { keyGenerateRequestInput } from '../../src-shared/ipc/contract';
import { AppError } from '../../src-shared/errors';
import {
  defaultMode,
  formSubject,
  FORM_INCOMPLETE_MESSAGE,
  needsKeyRequest,
  NO_RENEWAL_REQUEST_MESSAGE,
  NO_REQUEST_MESSAGE,
  requestFields,
  requestModes,
  requestSubject,
  writableOnKey,
  type MadeRequest,
} from '../../src-renderer/services/keyRequest';

const newEnterprise = serviceCatalogue['cert.new.enterprise'];
const newPerson = serviceCatalogue['cert.new.person'];
const renew = serviceCatalogue['cert.renew'];
const registration = serviceCatalogue['exam.registration'];

const made: MadeRequest = {
  serial: 'a1b2',
  keyId: '00ff',
  algorithm: 'RSA-2048',
  csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----',
};

const oldCertificate: KeyCertificate = {
  subject: {
    commonName: '福建省示例科技有限公司',
    organization: '福建省示例科技有限公司',
    organizationalUnit: null,
    serialNumber: '91350100MA2Y0C3K1W',
    country: 'CN',
    province: '福建省',
    locality: null,
    email: null,
    creditCode: '91350100MA2Y0C3K1W',
    idNumber: null,
    text: 'CN=福建省示例科技有限公司',
  },
  serialNumber: '01',
  notBefore: '2025-01-01T00:00:00Z',
  notAfter: '2026-01-01T00:00:00Z',
  fingerprint: 'ab',
};

describe('the KEY step of a certificate application', () => {
  it('is for the certificate services only', () => {
    expect(needsKeyRequest(newEnterprise)).toBe(true);
    expect(needsKeyRequest(newPerson)).toBe(true);
    expect(needsKeyRequest(renew)).toBe(true);
    expect(needsKeyRequest(registration)).toBe(false);
  });

  it('offers the blank KEY for new certificates, never for a renewal; an edit may keep its request', () => {
    expect(requestModes(newEnterprise)).toEqual(['key', 'blank']);
    expect(requestModes(newEnterprise, { hasCsr: true, blankKey: false })).toEqual(['keep', 'key', 'blank']);
    expect(requestModes(newEnterprise, { hasCsr: false, blankKey: true })).toEqual(['key', 'blank']);
    expect(requestModes(renew)).toEqual(['key']);
    expect(requestModes(renew, { hasCsr: true, blankKey: false })).toEqual(['keep']);
  });

  it('follows the KEY until the person picks: inserted → on the KEY, none → blank; an edit keeps', () => {
    expect(defaultMode(newEnterprise, true)).toBe('key');
    expect(defaultMode(newEnterprise, false)).toBe('blank');
    expect(defaultMode(renew, false)).toBe('key');
    expect(defaultMode(newEnterprise, true, { hasCsr: true, blankKey: false })).toBe('keep');
    expect(defaultMode(newEnterprise, true, { hasCsr: false, blankKey: true })).toBe('blank');
  });

  it('adds the request, the blank KEY, or nothing to keep; refuses the KEY choice without a request', () => {
    expect(requestFields(newEnterprise, { mode: 'key', request: made })).toEqual({
      csrPem: made.csrPem,
      blankKey: false,
    });
    expect(requestFields(newEnterprise, { mode: 'blank', request: made })).toEqual({ blankKey: true });
    expect(requestFields(newEnterprise, { mode: 'keep', request: null })).toEqual({ blankKey: false });
    expect(requestFields(registration, { mode: 'blank', request: null })).toEqual({ blankKey: false });
    expect(() => requestFields(newEnterprise, { mode: 'key', request: null })).toThrow(NO_REQUEST_MESSAGE);
    expect(() => requestFields(renew, { mode: 'key', request: null })).toThrow(NO_RENEWAL_REQUEST_MESSAGE);
  });

  it('puts the subject the CA will sign into the request: the form’s, or the renewed certificate’s', () => {
    const enterprise = requestSubject(
      newEnterprise,
      { enterpriseName: ' 福建省示例科技有限公司 ', creditCode: '91350100MA2Y0C3K1W' },
      null,
    );
    expect(enterprise).toEqual({
      commonName: '福建省示例科技有限公司',
      organization: '福建省示例科技有限公司',
      serialNumber: '91350100MA2Y0C3K1W',
      country: 'CN',
    });
    expect(
      requestSubject(newPerson, { holderName: '张三', holderIdNumber: '11010519491231002X' }, null),
    ).toEqual({ commonName: '张三', serialNumber: '11010519491231002X', country: 'CN' });
    const renewed = requestSubject(renew, { holderName: '别的名字' }, oldCertificate);
    expect(renewed).toMatchObject({ commonName: '福建省示例科技有限公司', province: '福建省' });
    // What the request schema at the IPC boundary accepts.
    expect(keyGenerateRequestInput.safeParse({ serial: 'a1', pin: '123456', subject: renewed }).success).toBe(
      true,
    );
    expect(
      keyGenerateRequestInput.safeParse({ serial: 'a1', pin: '123456', subject: { commonName: '' } }).success,
    ).toBe(false);
    expect(
      keyGenerateRequestInput.safeParse({
        serial: 'a1',
        pin: '123456',
        subject: { commonName: '张三', serialNumber: '身份证' },
      }).success,
    ).toBe(false);
  });

  it('checks the form before a subject is taken from it', async () => {
    const values = { enterpriseName: '福建省示例科技有限公司', creditCode: '91350100MA2Y0C3K1W' };
    const checked: string[][] = [];
    const good = {
      validateFields: async (names: string[]) => checked.push(names),
      getFieldsValue: () => values,
    };
    expect((await formSubject(newEnterprise, good, null)).commonName).toBe('福建省示例科技有限公司');
    expect(checked[0]).toContain('creditCode');
    expect(checked[0]).not.toContain('agreement');
    const bad = { ...good, validateFields: () => Promise.reject(new Error('invalid')) };
    await expect(formSubject(newEnterprise, bad, null)).rejects.toEqual(
      new AppError('VALIDATION', FORM_INCOMPLETE_MESSAGE),
    );
  });

  it('offers 写入 KEY once issued, until the KEY is posted', () => {
    expect(writableOnKey({ state: 'ready', certificateId: 'c1' })).toBe(true);
    expect(writableOnKey({ state: 'accepted', certificateId: null })).toBe(false);
    expect(writableOnKey({ state: 'shipped', certificateId: 'c1' })).toBe(false);
  });
});
