import crypto from 'node:crypto';
import forge from 'node-forge';
import { children, encodeElement, encodeUnsignedInteger, readSingle } from '../../../src-main/core/token/der';
import { certificateDerFromPem, certificateParts, toPem } from '../../../src-main/core/token/certificate';

const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex');
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TestCa {
  certificatePem: string;
  /** Issues a certificate for a PKCS#10 request (RSA or EC key), copying its subject and key. */
  issue(csrPem: string, validity?: { notBefore?: Date; notAfter?: Date }): string;
}

/** A throwaway issuing CA for token tests (the centre's real CA lives in src-server). */
export function createTestCa(name = '测试证书服务中心 CA'): TestCa {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  );
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  caCert.serialNumber = '01';
  caCert.validity.notBefore = new Date(Date.now() - DAY_MS);
  caCert.validity.notAfter = new Date(Date.now() + 3650 * DAY_MS);
  const caName = [{ name: 'commonName', value: name, valueTagClass: forge.asn1.Type.UTF8 as number }];
  caCert.setSubject(caName as forge.pki.CertificateField[]);
  caCert.setIssuer(caName as forge.pki.CertificateField[]);
  caCert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  caCert.sign(forgeKey, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(caCert);
  const issuerName = certificateParts(certificateDerFromPem(certificatePem)).issuer.bytes;

  return {
    certificatePem,
    issue(csrPem, validity = {}) {
      const csr = readSingle(Buffer.from(csrPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
      const [info] = children(csr);
      const [, subject, spki] = info ? children(info) : [];
      if (!subject || !spki) throw new Error('bad CSR');
      const notBefore = validity.notBefore ?? new Date(Date.now() - 60_000);
      const notAfter = validity.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
      const time = (date: Date) => encodeElement(0x17, Buffer.from(forge.asn1.dateToUtcTime(date), 'latin1'));
      const keyUsage = encodeElement(
        0x30,
        Buffer.concat([
          Buffer.from('0603551d0f', 'hex'),
          Buffer.from('0101ff', 'hex'),
          Buffer.from('0404030206c0', 'hex'),
        ]),
      );
      const serial = crypto.randomBytes(16);
      serial[0] = (serial[0] ?? 0) & 0x7f;
      const tbs = encodeElement(
        0x30,
        Buffer.concat([
          Buffer.from('a003020102', 'hex'),
          encodeUnsignedInteger(serial),
          SHA256_WITH_RSA,
          issuerName,
          encodeElement(0x30, Buffer.concat([time(notBefore), time(notAfter)])),
          subject.bytes,
          spki.bytes,
          encodeElement(0xa3, encodeElement(0x30, keyUsage)),
        ]),
      );
      const signature = crypto.sign('sha256', tbs, privateKey);
      const bitString = encodeElement(0x03, Buffer.concat([Buffer.from([0]), signature]));
      return toPem(encodeElement(0x30, Buffer.concat([tbs, SHA256_WITH_RSA, bitString])));
    },
  };
}
