import forge from 'node-forge';
import { encodeElement, encodeUnsignedInteger, readSingle } from './der';
import { toPem } from './certificate';
import type { CsrSubject } from './types';

/** DER of the prime256v1 (P-256) curve OID, as CKA_EC_PARAMS wants it. */
export const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

const RSA_SPKI_ALGORITHM = Buffer.from('300d06092a864886f70d0101010500', 'hex');
const EC_P256_SPKI_ALGORITHM = Buffer.from('301306072a8648ce3d020106082a8648ce3d030107', 'hex');
const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex');
const ECDSA_WITH_SHA256 = Buffer.from('300a06082a8648ce3d040302', 'hex');

export type SignatureAlgorithm = 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256';

export function rsaSubjectPublicKeyInfo(modulus: Buffer, publicExponent: Buffer): Buffer {
  const key = encodeElement(
    0x30,
    Buffer.concat([encodeUnsignedInteger(modulus), encodeUnsignedInteger(publicExponent)]),
  );
  return encodeElement(0x30, Buffer.concat([RSA_SPKI_ALGORITHM, bitString(key)]));
}

/** CKA_EC_POINT is a DER OCTET STRING holding the uncompressed point on most modules; some give the raw point. */
export function ecPointFromAttribute(attribute: Buffer): Buffer {
  if (attribute[0] === 0x04 && attribute.length === 65) return attribute;
  const octets = readSingle(attribute);
  if (octets.tag !== 0x04 || octets.content[0] !== 0x04) throw new Error('unsupported EC point encoding');
  return octets.content;
}

export function ecP256SubjectPublicKeyInfo(point: Buffer): Buffer {
  return encodeElement(0x30, Buffer.concat([EC_P256_SPKI_ALGORITHM, bitString(point)]));
}

/** The CertificationRequestInfo (PKCS#10) to be signed by the token: version 0, subject, key, no attributes. */
export function certificationRequestInfo(subject: CsrSubject, subjectPublicKeyInfo: Buffer): Buffer {
  const name = forge.asn1.toDer(
    forge.pki.distinguishedNameToAsn1({ attributes: subjectAttributes(subject) }),
  );
  return encodeElement(
    0x30,
    Buffer.concat([
      Buffer.from('020100', 'hex'),
      Buffer.from(name.getBytes(), 'latin1'),
      subjectPublicKeyInfo,
      Buffer.from('a000', 'hex'),
    ]),
  );
}

export function certificationRequestPem(
  info: Buffer,
  algorithm: SignatureAlgorithm,
  signature: Buffer,
): string {
  const algorithmId = algorithm === 'sha256WithRSAEncryption' ? SHA256_WITH_RSA : ECDSA_WITH_SHA256;
  const request = encodeElement(0x30, Buffer.concat([info, algorithmId, bitString(signature)]));
  return toPem(request, 'CERTIFICATE REQUEST');
}

/** CKM_ECDSA returns r‖s; X.509 and PKCS#10 carry SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length % 2 !== 0) throw new Error('bad ECDSA signature length');
  const half = raw.length / 2;
  return encodeElement(
    0x30,
    Buffer.concat([encodeUnsignedInteger(raw.subarray(0, half)), encodeUnsignedInteger(raw.subarray(half))]),
  );
}

function bitString(content: Buffer): Buffer {
  return encodeElement(0x03, Buffer.concat([Buffer.from([0]), content]));
}

type ForgeAttribute = Parameters<typeof forge.pki.distinguishedNameToAsn1>[0]['attributes'][number];

function subjectAttributes(subject: CsrSubject): ForgeAttribute[] {
  const utf8 = forge.asn1.Type.UTF8;
  const printable = forge.asn1.Type.PRINTABLESTRING;
  const entries: [string, string | undefined, number][] = [
    ['2.5.4.6', subject.country, printable],
    ['2.5.4.8', subject.province, utf8],
    ['2.5.4.7', subject.locality, utf8],
    ['2.5.4.10', subject.organization, utf8],
    ['2.5.4.11', subject.organizationalUnit, utf8],
    ['2.5.4.5', subject.serialNumber, printable],
    ['2.5.4.3', subject.commonName, utf8],
  ];
  return entries
    .filter((entry): entry is [string, string, number] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([type, value, valueTagClass]) => ({ type, value, valueTagClass }) as ForgeAttribute);
}
