import crypto from 'node:crypto';
import forge from 'node-forge';
import { creditCodeProblem } from '../../../src-shared/rules/creditCode';
import { idNumberProblem } from '../../../src-shared/rules/idNumber';
import { children, readSingle, type DerElement } from './der';
import { daysLeft, expiryLevel } from '../../../src-shared/rules/certificateExpiry';
import type { CertificateDetails, NameInfo } from './types';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';

/** The DER pieces of a certificate that PKCS#11 attributes and key matching need, as the certificate's bytes. */
export interface CertificateParts {
  der: Buffer;
  serialNumber: DerElement;
  issuer: DerElement;
  validity: DerElement;
  subject: DerElement;
  subjectPublicKeyInfo: DerElement;
}

export function certificateParts(der: Buffer): CertificateParts {
  const [tbs] = children(readSingle(der));
  if (!tbs || tbs.tag !== 0x30) throw new Error('not an X.509 certificate');
  const fields = children(tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serialNumber, , issuer, validity, subject, subjectPublicKeyInfo] = fields.slice(offset);
  if (
    !serialNumber ||
    !issuer ||
    !validity ||
    !subject ||
    !subjectPublicKeyInfo ||
    serialNumber.tag !== 0x02
  ) {
    throw new Error('not an X.509 certificate');
  }
  return { der, serialNumber, issuer, validity, subject, subjectPublicKeyInfo };
}

export function fingerprintOf(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('hex');
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Accepts PEM or base64/DER text of one certificate. */
export function certificateDerFromPem(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw new Error('not PEM');
  return Buffer.from(body, 'base64');
}

/** Reads a DER certificate (RSA or EC key) into what the certificate views show. Throws on anything else. */
export function describeCertificate(der: Buffer, now: Date = new Date()): CertificateDetails {
  const parts = certificateParts(der);
  const [notBeforeEl, notAfterEl] = children(parts.validity);
  if (!notBeforeEl || !notAfterEl) throw new Error('certificate validity missing');
  const notBefore = readTime(notBeforeEl);
  const notAfter = readTime(notAfterEl);
  return {
    subject: readName(parts.subject),
    issuer: readName(parts.issuer),
    serialNumber: serialHex(parts.serialNumber),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: daysLeft(notAfter, now),
    expiry: expiryLevel(notBefore, notAfter, now),
    keyAlgorithm: keyAlgorithmOf(parts.subjectPublicKeyInfo),
    fingerprint: fingerprintOf(der),
    pem: toPem(der),
  };
}

function serialHex(serial: DerElement): string {
  const hex = serial.content.toString('hex');
  return hex.length > 2 && hex.startsWith('00') ? hex.slice(2) : hex;
}

function readTime(element: DerElement): Date {
  const text = element.content.toString('latin1');
  if (element.tag === 0x17) return forge.asn1.utcTimeToDate(text);
  if (element.tag === 0x18) return forge.asn1.generalizedTimeToDate(text);
  throw new Error('bad certificate time');
}

function keyAlgorithmOf(spki: DerElement): CertificateDetails['keyAlgorithm'] {
  const [algorithm] = children(spki);
  const [oid] = algorithm ? children(algorithm) : [];
  const name = oid ? forge.asn1.derToOid(oid.content.toString('latin1')) : '';
  if (name === OID_RSA) return 'RSA';
  if (name === OID_EC) return 'EC';
  return 'other';
}

const SHORT_NAMES: Record<string, keyof NameInfo> = {
  '2.5.4.3': 'commonName',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'country',
  '2.5.4.8': 'province',
  '2.5.4.7': 'locality',
  '1.2.840.113549.1.9.1': 'email',
};
const TEXT_LABELS: Record<string, string> = {
  commonName: 'CN',
  organization: 'O',
  organizationalUnit: 'OU',
  serialNumber: 'SERIALNUMBER',
  country: 'C',
  province: 'ST',
  locality: 'L',
  email: 'E',
};

export function readName(name: DerElement): NameInfo {
  const info: NameInfo = {
    commonName: null,
    organization: null,
    organizationalUnit: null,
    serialNumber: null,
    country: null,
    province: null,
    locality: null,
    email: null,
    creditCode: null,
    idNumber: null,
    text: '',
  };
  const shown: string[] = [];
  const rdn = forge.asn1.fromDer(name.bytes.toString('latin1'));
  for (const attribute of rdnAttributes(rdn)) {
    const value = decodeValue(String(attribute.value ?? ''), attribute.valueTagClass);
    const key = attribute.type === undefined ? undefined : SHORT_NAMES[attribute.type];
    if (key && key !== 'creditCode' && key !== 'idNumber' && key !== 'text' && info[key] === null)
      info[key] = value;
    shown.push(`${key ? TEXT_LABELS[key] : attribute.type}=${value}`);
  }
  const candidates = [info.organizationalUnit, info.serialNumber, info.commonName].filter(
    (v): v is string => v !== null,
  );
  info.creditCode = candidates.find((v) => creditCodeProblem(v) === null) ?? null;
  info.idNumber = candidates.find((v) => idNumberProblem(v) === null) ?? null;
  info.text = shown.join(', ');
  return info;
}

interface RdnAttribute {
  type?: string;
  value?: unknown;
  valueTagClass?: unknown;
}

/** forge.pki.RDNAttributesAsArray exists at runtime but is missing from @types/node-forge. */
function rdnAttributes(rdn: forge.asn1.Asn1): RdnAttribute[] {
  const pki = forge.pki as typeof forge.pki & { RDNAttributesAsArray(rdn: forge.asn1.Asn1): RdnAttribute[] };
  return pki.RDNAttributesAsArray(rdn);
}

function decodeValue(raw: string, tagClass: unknown): string {
  if (tagClass === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
  if (tagClass === forge.asn1.Type.BMPSTRING) return Buffer.from(raw, 'latin1').swap16().toString('utf16le');
  return raw;
}
