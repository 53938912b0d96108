import { randomUUID, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certificateSubject } from '../../../src-shared/catalogue';
import type { KeyGeneratedRequest } from '../../../src-shared/ipc/contract';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import {
  CERTIFICATE_REVOKED,
  type GeneratedRequest,
  type ReadableTokenCertificate,
  type TokenCertificate,
} from '../../../src-shared/schemas/key';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, ok, RELAXED_LIMITS } from '../server/api';
import { enterpriseForm, enterpriseScans, pdfBytes, renewalForm, uploadOk } from '../server/fixtures';
import { payByTransfer } from '../server/flows';
import { loginAs, openKeyCore, type KeyCore } from './keyCore';

const { operator, staff } = DEMO_ACCOUNTS;
const PIN = 'lisi2025';

let server: TestServer;
let operatorToken: string;
let staffToken: string;
let keyCore: KeyCore;

beforeAll(async () => {
  server = await startTestServer({ demo: true, limits: RELAXED_LIMITS });
  operatorToken = (await login(server, operator.phone, operator.password)).token;
  staffToken = (await login(server, staff.phone, staff.password)).token;
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await keyCore?.close();
});

/** A desktop on a fresh SoftHSM2, 李四 logged in, and a new KEY whose factory PIN was changed. */
async function openDesk(): Promise<{ serial: string }> {
  keyCore = await openKeyCore(server.url);
  await loginAs(keyCore, server, operator);
  const token = keyCore.hsm.createToken('李四的KEY');
  await keyCore.ok('key.changePin', { serial: token.serial, oldPin: '111111', newPin: PIN, confirmPin: PIN });
  return { serial: token.serial };
}

const certificatesOn = async (serial: string) =>
  (await keyCore.ok<{ items: TokenCertificate[] }>('key.certificates', { serial })).items;

/** What the issuer's side does over HTTP: 受理, the order paid by transfer, 发证 → 可领取. */
async function acceptPayIssue(application: ApplicationDetail): Promise<ApplicationDetail> {
  const accepted = await ok(
    server,
    'applications.transition',
    { id: application.id, name: 'accept', version: application.version },
    staffToken,
  );
  await payByTransfer(server, operatorToken, staffToken, [application.id]);
  const paid = await ok(server, 'applications.get', { id: accepted.id }, staffToken);
  return ok(
    server,
    'applications.transition',
    { id: paid.id, name: 'issue', version: paid.version },
    staffToken,
  );
}

async function newEnterpriseOnKey(serial: string) {
  const values = enterpriseForm();
  const request = await keyCore.ok<GeneratedRequest>('key.generateRequest', {
    serial,
    pin: PIN,
    subject: certificateSubject('cert.new.enterprise', values, null),
  });
  const submitted = await keyCore.ok<ApplicationDetail>('applications.submit', {
    idempotencyKey: randomUUID(),
    service: 'cert.new.enterprise',
    values,
    attachments: await enterpriseScans(server, operatorToken),
    csrPem: request.csrPem,
  });
  return { request, submitted };
}

describe('certificate requests on the KEY and issued certificates written onto it', () => {
  it('request on the KEY → submit → accept, pay, issue → 写入 KEY: the certificate sits next to its key', async () => {
    const { serial } = await openDesk();
    const { request, submitted } = await newEnterpriseOnKey(serial);
    expect(request.algorithm).toBe('RSA-2048');
    expect(submitted).toMatchObject({ hasCsr: true, blankKey: false, state: 'pending' });
    // The key pair is on the KEY, with no certificate yet.
    expect(await certificatesOn(serial)).toEqual([]);

    const ready = await acceptPayIssue(submitted);
    expect(ready.state).toBe('ready');
    const stored = await keyCore.ok<ReadableTokenCertificate>('key.installCertificate', {
      serial,
      pin: PIN,
      applicationId: ready.id,
    });
    const issued = await ok(server, 'applications.certificate', { id: ready.id }, operatorToken);
    expect(stored).toMatchObject({
      readable: true,
      fingerprint: issued.fingerprint,
      keyId: request.keyId,
      subject: { commonName: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode },
    });
    expect(await certificatesOn(serial)).toEqual([stored]);

    // Written twice (a retry at the counter): still one certificate.
    await keyCore.ok('key.installCertificate', { serial, pin: PIN, applicationId: ready.id });
    expect(await certificatesOn(serial)).toHaveLength(1);
  });

  it('the factory PIN cannot make a request, and the KEY is left as it was', async () => {
    keyCore = await openKeyCore(server.url);
    const token = keyCore.hsm.createToken('出厂KEY');
    const refused = await keyCore.call('key.generateRequest', {
      serial: token.serial,
      pin: '111111',
      subject: { commonName: DEMO_ENTERPRISE.name },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PIN_CHANGE_REQUIRED' } });
    const badSubject = await keyCore.call('key.generateRequest', {
      serial: token.serial,
      pin: PIN,
      subject: { commonName: ' ', serialNumber: '身份证' },
    });
    expect(badSubject).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await certificatesOn(token.serial)).toEqual([]);
  });

  it('writing onto a KEY without the key pair is refused and changes nothing', async () => {
    const { serial } = await openDesk();
    const { submitted } = await newEnterpriseOnKey(serial);
    const ready = await acceptPayIssue(submitted);

    const other = keyCore.hsm.createToken('另一只KEY');
    await keyCore.ok('key.changePin', {
      serial: other.serial,
      oldPin: '111111',
      newPin: PIN,
      confirmPin: PIN,
    });
    const refused = await keyCore.call('key.installCertificate', {
      serial: other.serial,
      pin: PIN,
      applicationId: ready.id,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'TOKEN_KEY_NOT_FOUND',
        message: '该证书对应的密钥不在此 KEY 上，请插入申请时使用的 KEY',
      },
    });
    expect(await certificatesOn(other.serial)).toEqual([]);

    const wrongPin = await keyCore.call('key.installCertificate', {
      serial,
      pin: '000000',
      applicationId: ready.id,
    });
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(await certificatesOn(serial)).toEqual([]);
  });

  it('a renewal makes its request on the same KEY; writing it replaces the old certificate and key', async () => {
    const { serial } = await openDesk();
    const first = await newEnterpriseOnKey(serial);
    const ready = await acceptPayIssue(first.submitted);
    const old = await keyCore.ok<ReadableTokenCertificate>('key.installCertificate', {
      serial,
      pin: PIN,
      applicationId: ready.id,
    });

    // 插入 KEY → 读取: the form fills from the certificate; the new request is made on this KEY.
    const values = renewalForm({
      fingerprint: old.fingerprint,
      serialNumber: old.serialNumber,
      commonName: old.subject.commonName!,
      creditCode: old.subject.creditCode!,
      notAfter: new Date(old.notAfter),
    });
    const subject = certificateSubject('cert.renew', values, old.subject);
    // The renewal proves the old certificate with its key on this KEY: it must be bound first.
    await keyCore.ok('key.bind', { serial, pin: PIN, fingerprint: old.fingerprint });

    // Another KEY (without the old certificate's key) gets no proof and no key pair.
    const other = keyCore.hsm.createToken('别人的KEY');
    await keyCore.ok('key.changePin', {
      serial: other.serial,
      oldPin: '111111',
      newPin: PIN,
      confirmPin: PIN,
    });
    const elsewhere = await keyCore.call('key.generateRequest', {
      serial: other.serial,
      pin: PIN,
      subject,
      renews: old.fingerprint,
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'TOKEN_CERT_NOT_FOUND' } });

    const request = await keyCore.ok<KeyGeneratedRequest>('key.generateRequest', {
      serial,
      pin: PIN,
      subject,
      renews: old.fingerprint,
    });
    expect(request.renewalProof).toMatchObject({
      certificatePem: expect.stringContaining('BEGIN CERTIFICATE'),
    });
    const attachments: Record<string, string> = {};
    for (const attachment of ['businessLicence', 'idCardFront', 'idCardBack']) {
      attachments[attachment] = (
        await uploadOk(server, operatorToken, { service: 'cert.renew', attachment }, pdfBytes(attachment))
      ).id;
    }
    const renewal = await keyCore.ok<ApplicationDetail>('applications.submit', {
      idempotencyKey: randomUUID(),
      service: 'cert.renew',
      values,
      attachments,
      csrPem: request.csrPem,
      renewalProof: request.renewalProof,
    });
    const renewedReady = await acceptPayIssue(renewal);

    // Until it is written, the KEY holds the old certificate and both key pairs.
    expect((await certificatesOn(serial)).map((c) => c.fingerprint)).toEqual([old.fingerprint]);
    const renewed = await keyCore.ok<ReadableTokenCertificate>('key.installCertificate', {
      serial,
      pin: PIN,
      applicationId: renewedReady.id,
    });
    expect(renewed.keyId).toBe(request.keyId);
    expect(renewed.keyId).not.toBe(old.keyId);
    expect(new X509Certificate(renewed.pem).subject).toContain(`CN=${DEMO_ENTERPRISE.name}`);
    expect(await certificatesOn(serial)).toEqual([renewed]);

    // The renewal revoked the old certificate (and its key pair went with it): it is not written back.
    const back = await keyCore.call('key.installCertificate', { serial, pin: PIN, applicationId: ready.id });
    expect(back).toMatchObject({
      ok: false,
      error: { code: 'PRECONDITION_FAILED', message: CERTIFICATE_REVOKED },
    });
    expect(await certificatesOn(serial)).toEqual([renewed]);
  });
});
