import { creditCodeProblem } from '../../src-shared/rules/creditCode';
import { idNumberProblem } from '../../src-shared/rules/idNumber';
import type { CsrSubject, NameInfo } from '../../src-shared/schemas/key';
import { x509 } from './x509';

/** X.520 attributes we read and write, with the label shown in "CN=…, O=…". */
const ATTRIBUTES = [
  { oid: '2.5.4.6', key: 'country', label: 'C', printable: true },
  { oid: '2.5.4.8', key: 'province', label: 'ST', printable: false },
  { oid: '2.5.4.7', key: 'locality', label: 'L', printable: false },
  { oid: '2.5.4.10', key: 'organization', label: 'O', printable: false },
  { oid: '2.5.4.11', key: 'organizationalUnit', label: 'OU', printable: false },
  { oid: '2.5.4.3', key: 'commonName', label: 'CN', printable: false },
  { oid: '2.5.4.5', key: 'serialNumber', label: 'SERIALNUMBER', printable: true },
  { oid: '1.2.840.113549.1.9.1', key: 'email', label: 'E', printable: false },
] as const;

type AttributeKey = (typeof ATTRIBUTES)[number]['key'];

/**
 * A subject as an X.509 name: text values as UTF8String (Chinese names round-trip), country and
 * serialNumber as PrintableString as X.520 asks. Empty values are left out.
 */
export function subjectName(subject: CsrSubject): x509.Name {
  const values: Partial<Record<AttributeKey, string | undefined>> = subject;
  const rdns: x509.JsonAttributeAndObjectValue[] = [];
  for (const attribute of ATTRIBUTES) {
    const value = values[attribute.key]?.trim();
    if (!value) continue;
    rdns.push({
      [attribute.oid]: [attribute.printable ? { printableString: value } : { utf8String: value }],
    });
  }
  return new x509.Name(rdns);
}

/** What the certificate views show of a name, as the client's token layer reads it. */
export function nameInfo(name: x509.Name): NameInfo {
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
  for (const rdn of name.toJSON()) {
    for (const [type, rdnValues] of Object.entries(rdn)) {
      const attribute = ATTRIBUTES.find((a) => a.oid === type || a.label === type);
      for (const value of rdnValues) {
        if (attribute && info[attribute.key] === null) info[attribute.key] = value;
        shown.push(`${attribute?.label ?? type}=${value}`);
      }
    }
  }
  const candidates = [info.organizationalUnit, info.serialNumber, info.commonName].filter(
    (v): v is string => v !== null,
  );
  info.creditCode = candidates.find((v) => creditCodeProblem(v) === null) ?? null;
  info.idNumber = candidates.find((v) => idNumberProblem(v) === null) ?? null;
  info.text = shown.join(', ');
  return info;
}
