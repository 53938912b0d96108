import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CERT_FILE, CA_KEY_FILE } from '../../../src-server/ca/caMaterial';
import { issuedCertificates } from '../../../src-server/db/schema';
import { startServer } from '../../../src-server/server';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { ok } from './api';
import { devIssue, issuedFor, softKey } from './keys';

describe('the CA in the data folder', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'certdesk-ca-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function caOfServerOn(folder: string) {
    const server = await startServer({
      port: 0,
      database: { kind: 'pglite', dataDir: folder },
      logLevel: 'silent',
      dev: true,
    });
    try {
      return await ok(server, 'ca.certificate', {});
    } finally {
      await server.close();
    }
  }

  it('is created on first start, key readable by the owner only, and reloaded unchanged', async () => {
    const first = await caOfServerOn(dataDir);
    const keyFile = join(dataDir, 'ca', CA_KEY_FILE);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const second = await caOfServerOn(dataDir);
    expect(second).toEqual(first);

    const certificate = new X509Certificate(first.pem);
    expect(certificate.ca).toBe(true);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(first.subject).toBe('C=CN, O=certdesk 证书服务中心, CN=certdesk 证书服务中心 根 CA');
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is loaded from configured files, which it never rewrites', async () => {
    const dir = join(dataDir, 'ca');
    const server = await startServer({
      port: 0,
      database: { kind: 'pglite' },
      logLevel: 'silent',
      dev: true,
      ca: { kind: 'files', keyFile: join(dir, CA_KEY_FILE), certFile: join(dir, CA_CERT_FILE) },
    });
    try {
      const fromFiles = await ok(server, 'ca.certificate', {});
      expect(fromFiles).toEqual(await caOfServerOn(dataDir));
    } finally {
      await server.close();
    }
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const other = await mkdtemp(join(tmpdir(), 'certdesk-ca-other-'));
    try {
      await caOfServerOn(other);
      await expect(
        startServer({
          port: 0,
          database: { kind: 'pglite' },
          logLevel: 'silent',
          dev: true,
          ca: {
            kind: 'files',
            keyFile: join(other, 'ca', CA_KEY_FILE),
            certFile: join(dataDir, 'ca', CA_CERT_FILE),
          },
        }),
      ).rejects.toThrow(/CA 私钥.*不匹配/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe.each(backends())('issuing from requests (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('issues RSA and EC certificates that chain to the CA, for client authentication', async () => {
    const ca = new X509Certificate((await ok(server, 'ca.certificate', {})).pem);
    for (const kind of ['RSA', 'EC'] as const) {
      const key = await softKey(kind);
      const certificate = new X509Certificate(await issuedFor(server, key, { validityDays: 30 }));
      expect(certificate.checkIssued(ca)).toBe(true);
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(certificate.ca).toBe(false);
      expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(certificate.publicKey.asymmetricKeyType).toBe(kind === 'RSA' ? 'rsa' : 'ec');
      expect(new Date(certificate.validTo).getTime() - new Date(certificate.validFrom).getTime()).toBe(
        30 * 86_400_000,
      );
    }
  });

  it('writes a Chinese subject as UTF8String and records the certificate', async () => {
    const key = await softKey('RSA', 'CN=ignored');
    const pem = await issuedFor(server, key, {
      subject: {
        commonName: '福建省示例科技有限公司',
        organization: '福建省示例科技有限公司',
        organizationalUnit: '91350100M000100Y43',
        province: '福建省',
        locality: '福州市',
        country: 'CN',
      },
    });
    const parsed = forge.pki.certificateFromPem(pem);
    const attributes = parsed.subject.attributes.map((a) => [
      a.shortName ?? a.type,
      a.valueTagClass,
      forge.util.decodeUtf8(String(a.value)),
    ]);
    expect(attributes).toEqual([
      ['C', forge.asn1.Type.PRINTABLESTRING, 'CN'],
      ['ST', forge.asn1.Type.UTF8, '福建省'],
      ['L', forge.asn1.Type.UTF8, '福州市'],
      ['O', forge.asn1.Type.UTF8, '福建省示例科技有限公司'],
      ['OU', forge.asn1.Type.UTF8, '91350100M000100Y43'],
      ['CN', forge.asn1.Type.UTF8, '福建省示例科技有限公司'],
    ]);
    const records = await server.db.select().from(issuedCertificates);
    const record = records.find((row) => row.pem === pem);
    expect(record).toMatchObject({
      status: 'valid',
      version: 1,
      commonName: '福建省示例科技有限公司',
      keyAlgorithm: 'RSA',
      serialNumber: parsed.serialNumber.replace(/^(00)+/, ''),
    });
    expect(record?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every certificate a random positive 128-bit serial', async () => {
    const key = await softKey('EC');
    const serials = await Promise.all(
      Array.from({ length: 8 }, async () => new X509Certificate(await issuedFor(server, key)).serialNumber),
    );
    expect(new Set(serials).size).toBe(serials.length);
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(serial).not.toMatch(/^00/);
    }
  });

  it('refuses a request whose signature does not verify, and garbage', async () => {
    const key = await softKey('RSA');
    // Flip one byte of the signature at the end of the request.
    const der = Buffer.from(key.csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const at = der.length - 5;
    der.writeUInt8(der.readUInt8(at) ^ 0xff, at);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const before = await server.db.$count(issuedCertificates);
    const bad = await devIssue(server, { csrPem: tampered });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'CSR_INVALID',
      message: '证书请求的签名无效，请在 KEY 上重新生成',
    });
    const garbage = await devIssue(server, { csrPem: 'not a request' });
    expect(garbage.body).toMatchObject({
      code: 'CSR_INVALID',
      message: '证书请求（CSR）无法解析，请重新生成',
    });
    expect(await server.db.$count(issuedCertificates)).toBe(before);
  });
});
