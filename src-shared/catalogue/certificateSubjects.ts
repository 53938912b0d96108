import type { CsrSubject, NameInfo } from '../schemas/key';
import type { ServiceCode } from './types';

/**
 * The services whose application ends with a certificate of our CA on the applicant's KEY, and the
 * subject each puts in it: taken from the approved application, never from the request. The desktop
 * makes the request on the KEY with the same subject, so what the KEY holds reads the same.
 */

type Values = Record<string, unknown>;

function text(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function fromName(name: NameInfo): CsrSubject {
  const keep = (value: string | null) => value ?? undefined;
  return {
    commonName: name.commonName ?? '',
    organization: keep(name.organization),
    organizationalUnit: keep(name.organizationalUnit),
    serialNumber: keep(name.serialNumber),
    country: keep(name.country),
    province: keep(name.province),
    locality: keep(name.locality),
  };
}

type SubjectOf = (values: Values, renewed: NameInfo | null) => CsrSubject;

const SUBJECTS: Partial<Record<ServiceCode, SubjectOf>> = {
  'cert.new.enterprise': (values) => ({
    commonName: text(values, 'enterpriseName') ?? '',
    organization: text(values, 'enterpriseName'),
    serialNumber: text(values, 'creditCode'),
    country: 'CN',
  }),
  'cert.new.person': (values) => ({
    commonName: text(values, 'holderName') ?? '',
    serialNumber: text(values, 'holderIdNumber'),
    country: 'CN',
  }),
  // A renewal keeps the holder's name as the old certificate carries it.
  'cert.renew': (_values, renewed) => (renewed ? fromName(renewed) : { commonName: '' }),
};

export function issuesCertificate(code: ServiceCode): boolean {
  return code in SUBJECTS;
}

export function certificateSubject(code: ServiceCode, values: Values, renewed: NameInfo | null): CsrSubject {
  const subjectOf = SUBJECTS[code];
  if (!subjectOf) throw new Error(`${code} does not issue a certificate`);
  return subjectOf(values, renewed);
}
