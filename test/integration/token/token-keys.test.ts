import crypto from 'node:crypto';
import forge from 'node-forge';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { children, readSingle } from '../../../src-main/core/token/der';
import type { ReadableTokenCertificate, TokenCertificate } from '../../../src-main/core/token';
import { openTokenFixture, probe, type TokenFixture } from './fixture';
import { createTestCa, type TestCa } from './testCa';

const PIN = 'Ab1234';
const SUBJECT = {
  commonName: '张三',
  organization: '北京测试科技有限公司',
  organizationalUnit: '91110108MA01AB2C3T',
  country: 'CN',
};
const DAY_MS = 24 * 60 * 60 * 1000;

let ca: TestCa;
let f: TokenFixture;
let serial: string;
beforeAll(() => {
  ca = createTestCa();
});
beforeEach(async () => {
  f = openTokenFixture();
  serial = f.key.serial;
  await f.client.changePin({ serial, oldPin: '111111', newPin: PIN });
});
afterEach(async () => {
  await f.close();
});
afterAll(() => {});

function csrParts(pem: string) {
  const [info, , signature] = children(
    readSingle(Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64')),
  );
  const [, , spki] = info ? children(info) : [];
  if (!info || !signature || !spki) throw new Error('bad CSR');
  return { info: info.bytes, spki: spki.bytes, signature: signature.content.subarray(1) };
}

function readable(certificate: TokenCertificate | undefined): ReadableTokenCertificate {
  if (!certificate?.readable) throw new Error('certificate not readable');
  return certificate;
}

async function issueOnToken(
  algorithm: 'RSA-2048' | 'EC-P256' = 'RSA-2048',
  validity?: { notBefore?: Date; notAfter?: Date },
) {
  const request = await f.client.generateRequest({ serial, pin: PIN, algorithm, subject: SUBJECT });
  const certificatePem = ca.issue(request.csrPem, validity);
  const stored = readable(await f.client.importCertificate({ serial, pin: PIN, certificatePem }));
  return { request, certificatePem, stored };
}

describe('key pair and PKCS#10 request generated on the KEY', () => {
  it('makes an RSA-2048 request that verifies and carries the Chinese subject', async () => {
    const request = await f.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'RSA-2048',
      subject: SUBJECT,
    });
    expect(request.keyId).toMatch(/^[0-9a-f]{32}$/);
    const csr = forge.pki.certificationRequestFromPem(request.csrPem);
    expect(csr.verify()).toBe(true);
    const cn = csr.subject.getField('CN') as { value: string };
    expect(forge.util.decodeUtf8(cn.value)).toBe('张三');
    expect((csr.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
  });

  it('makes an EC P-256 request whose ECDSA signature verifies', async () => {
    expect(await f.client.mechanisms(serial)).toEqual({ rsa2048: true, ecP256: true });
    const request = await f.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'EC-P256',
      subject: SUBJECT,
    });
    const { info, spki, signature } = csrParts(request.csrPem);
    const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(crypto.verify('sha256', info, key, signature)).toBe(true);
  });

  it('keeps private keys sensitive and non-extractable: the token refuses to read them', async () => {
    await f.client.generateRequest({ serial, pin: PIN, algorithm: 'RSA-2048', subject: SUBJECT });
    await f.client.generateRequest({ serial, pin: PIN, algorithm: 'EC-P256', subject: SUBJECT });
    const keys = probe(f, 'key-attributes', PIN) as {
      sensitive: boolean;
      extractable: boolean;
      value: string;
      privateExponent: string;
    }[];
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatchObject({ sensitive: true, extractable: false });
      expect(key.value).not.toBe('readable');
      expect(key.privateExponent).not.toBe('readable');
    }
    expect(keys.map((k) => [k.value, k.privateExponent]).flat()).toContain('CKR_ATTRIBUTE_SENSITIVE');
  });

  it('requires a new PIN before signing while the factory PIN is in use', async () => {
    const fresh = f.hsm.createToken('出厂KEY');
    const error = await f.client
      .generateRequest({ serial: fresh.serial, pin: '111111', algorithm: 'EC-P256', subject: SUBJECT })
      .catch((e: unknown) => e as AppError);
    expect(error).toMatchObject({ code: 'PIN_CHANGE_REQUIRED' });
    expect(await f.client.listCertificates(fresh.serial)).toEqual([]);
  });
});

describe('issued certificate on the KEY', () => {
  it('stores the certificate with the CKA_ID of its key and lists it with its details', async () => {
    const { request, stored } = await issueOnToken();
    expect(stored.keyId).toBe(request.keyId);
    const [listed] = await f.client.listCertificates(serial);
    const certificate = readable(listed);
    expect(certificate).toMatchObject({
      keyId: request.keyId,
      label: '张三',
      keyAlgorithm: 'RSA',
      expiry: 'ok',
      subject: { commonName: '张三', organization: '北京测试科技有限公司', creditCode: '91110108MA01AB2C3T' },
      issuer: { commonName: '测试证书服务中心 CA' },
    });
    expect(certificate.daysLeft).toBeGreaterThanOrEqual(364);
    expect(certificate.subject.text).toBe('C=CN, O=北京测试科技有限公司, OU=91110108MA01AB2C3T, CN=张三');
    expect(new crypto.X509Certificate(certificate.pem).serialNumber.toLowerCase()).toBe(
      certificate.serialNumber,
    );
  });

  it('imports the same certificate only once', async () => {
    const { certificatePem } = await issueOnToken();
    await f.client.importCertificate({ serial, pin: PIN, certificatePem });
    expect(await f.client.listCertificates(serial)).toHaveLength(1);
  });

  it('refuses a certificate whose key is not on this KEY, and a non-certificate', async () => {
    const other = openTokenFixture('别的KEY');
    try {
      await other.client.changePin({ serial: other.key.serial, oldPin: '111111', newPin: PIN });
      const foreign = await other.client.generateRequest({
        serial: other.key.serial,
        pin: PIN,
        algorithm: 'EC-P256',
        subject: SUBJECT,
      });
      const error = await f.client
        .importCertificate({ serial, pin: PIN, certificatePem: ca.issue(foreign.csrPem) })
        .catch((e: unknown) => e as AppError);
      expect(error).toMatchObject({ code: 'TOKEN_KEY_NOT_FOUND' });
      const junk = await f.client
        .importCertificate({
          serial,
          pin: PIN,
          certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        })
        .catch((e: unknown) => e as AppError);
      expect(junk).toMatchObject({ code: 'VALIDATION', details: { fields: [{ field: 'certificatePem' }] } });
      expect(await f.client.listCertificates(serial)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('warns about certificates expiring within 30 days and expired ones', async () => {
    await issueOnToken('EC-P256', { notAfter: new Date(Date.now() + 10 * DAY_MS) });
    await issueOnToken('EC-P256', {
      notBefore: new Date(Date.now() - 400 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
    });
    const levels = (await f.client.listCertificates(serial))
      .map((c) => readable(c))
      .map((c) => [c.expiry, c.daysLeft]);
    expect(levels).toEqual(
      expect.arrayContaining([
        ['expiring', 9],
        ['expired', -1],
      ]),
    );
  });

  it.each(['RSA-2048', 'EC-P256'] as const)(
    'signs a challenge with the %s key of a certificate; it verifies',
    async (algorithm) => {
      const { stored } = await issueOnToken(algorithm);
      const challenge = crypto.randomBytes(32);
      const result = await f.client.signChallenge({
        serial,
        pin: PIN,
        fingerprint: stored.fingerprint,
        challenge: challenge.toString('base64'),
      });
      const publicKey = new crypto.X509Certificate(result.certificatePem).publicKey;
      expect(crypto.verify('sha256', challenge, publicKey, Buffer.from(result.signature, 'base64'))).toBe(
        true,
      );
      expect(result.algorithm).toBe(
        algorithm === 'RSA-2048' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256',
      );
      const missing = await f.client
        .signChallenge({
          serial,
          pin: PIN,
          fingerprint: '00'.repeat(32),
          challenge: challenge.toString('base64'),
        })
        .catch((e: unknown) => e as AppError);
      expect(missing).toMatchObject({ code: 'TOKEN_CERT_NOT_FOUND' });
    },
  );
});

describe('renewal replaces the old certificate only after the new one is stored', () => {
  async function sign(fingerprint: string) {
    const challenge = crypto.randomBytes(16);
    const result = await f.client.signChallenge({
      serial,
      pin: PIN,
      fingerprint,
      challenge: challenge.toString('base64'),
    });
    return crypto.verify(
      'sha256',
      challenge,
      new crypto.X509Certificate(result.certificatePem).publicKey,
      Buffer.from(result.signature, 'base64'),
    );
  }

  it('ends with only the new certificate and its key', async () => {
    const old = await issueOnToken();
    const request = await f.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'RSA-2048',
      subject: SUBJECT,
    });
    // Until the new certificate arrives, the old one keeps working next to the new key.
    expect(await sign(old.stored.fingerprint)).toBe(true);
    const renewed = readable(
      await f.client.renewCertificate({
        serial,
        pin: PIN,
        certificatePem: ca.issue(request.csrPem),
        replaces: old.stored.fingerprint,
      }),
    );
    const listed = await f.client.listCertificates(serial);
    expect(listed.map((c) => c.fingerprint)).toEqual([renewed.fingerprint]);
    expect(await sign(renewed.fingerprint)).toBe(true);
    expect((probe(f, 'key-attributes', PIN) as unknown[]).length).toBe(1);
  });

  it('leaves a usable KEY when interrupted between storing the new and removing the old', async () => {
    const old = await issueOnToken();
    const request = await f.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'RSA-2048',
      subject: SUBJECT,
    });
    const certificatePem = ca.issue(request.csrPem);
    const stored = readable(await f.client.importCertificate({ serial, pin: PIN, certificatePem }));
    // The process dies here, before the old certificate is removed.
    const restarted = new Promise((resolve) => f.client.on('restarted', resolve));
    process.kill(f.client.processId!, 'SIGKILL');
    await restarted;

    const after = await f.client.listCertificates(serial);
    expect(after.map((c) => c.fingerprint).sort()).toEqual(
      [old.stored.fingerprint, stored.fingerprint].sort(),
    );
    expect(await sign(old.stored.fingerprint)).toBe(true);
    expect(await sign(stored.fingerprint)).toBe(true);

    // Running the renewal again finishes it.
    await f.client.renewCertificate({ serial, pin: PIN, certificatePem, replaces: old.stored.fingerprint });
    expect((await f.client.listCertificates(serial)).map((c) => c.fingerprint)).toEqual([stored.fingerprint]);
    expect(await sign(stored.fingerprint)).toBe(true);
  });
});
