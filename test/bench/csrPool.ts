/**
 * Many distinct certificate requests, fast: each an EC P-256 key of its own (node:crypto) and a
 * PKCS#10 request for it, DER-encoded here (the @peculiar/x509 generator takes milliseconds per
 * request, too slow for one per benchmark request). The server parses and verifies each as any other.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

/** DER length octets. */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const SEQUENCE = 0x30;
const SET = 0x31;
const VERSION_1 = Buffer.from([0x02, 0x01, 0x00]);
const NO_ATTRIBUTES = Buffer.from([0xa0, 0x00]);
/** AlgorithmIdentifier ecdsa-with-SHA256 (1.2.840.10045.4.3.2), no parameters. */
const ECDSA_WITH_SHA256 = Buffer.from([
  0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
]);
/** OID 2.5.4.3 (commonName). */
const COMMON_NAME = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);

function nameOf(commonName: string): Buffer {
  return tlv(SEQUENCE, tlv(SET, tlv(SEQUENCE, COMMON_NAME, tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** One request for a fresh EC P-256 key, subject CN=`commonName`. */
export function freshCsrPem(commonName: string): string {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const info = tlv(
    SEQUENCE,
    VERSION_1,
    nameOf(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    NO_ATTRIBUTES,
  );
  const signature = sign('sha256', info, { key: privateKey, dsaEncoding: 'der' });
  return pem(tlv(SEQUENCE, info, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature)));
}

/** `count` distinct requests. */
export function csrPool(count: number, commonName: string): string[] {
  return Array.from({ length: count }, () => freshCsrPem(commonName));
}
