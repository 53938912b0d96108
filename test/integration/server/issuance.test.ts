import { createPublicKey, X509Certificate } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuedCertificates, notifications } from '../../../src-server/db/schema';
import { runCertificateJobs } from '../../../src-server/services/certificateJobs';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import { CERTIFICATE_REVOKED } from '../../../src-shared/schemas/key';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, deskSessions, ok, RELAXED_LIMITS } from './api';
import { enterpriseForm, enterpriseScans } from './fixtures';
import { payByTransfer, submitNewEnterprise, submitRenewal } from './flows';
import { issuedFor, proof, softKey, type SoftKey } from './keys';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backends())('issuance and certificate jobs (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operator: string;
  let person: string;
  let staff: string;
  let reviewerOnly: string;
  let key: SoftKey;
  let caPem: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    ({ operator, person, staff, reviewerOnly } = await deskSessions(server));
    key = await softKey('RSA');
    caPem = (await ok(server, 'ca.certificate', {})).pem;
  });
  afterAll(async () => {
    await server?.close();
  });

  const move = (
    application: ApplicationDetail,
    name: string,
    token: string,
    extra: Record<string, unknown> = {},
  ) =>
    call(
      server,
      'applications.transition',
      { id: application.id, name, version: application.version, ...extra },
      token,
    );

  async function acceptedAndPaid(application: ApplicationDetail): Promise<ApplicationDetail> {
    const accepted = await ok(
      server,
      'applications.transition',
      { id: application.id, name: 'accept', version: application.version },
      staff,
    );
    await payByTransfer(server, operator, staff, [application.id]);
    return ok(server, 'applications.get', { id: accepted.id }, operator);
  }

  function spki(pem: string): Buffer {
    return new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  }

  describe('issuing', () => {
    let application: ApplicationDetail;

    beforeAll(async () => {
      application = await acceptedAndPaid(await submitNewEnterprise(server, operator, key));
    });

    it('only the issuer issues, and only once the order is paid', async () => {
      const unpaid = await submitNewEnterprise(server, operator, key);
      const accepted = await ok(
        server,
        'applications.transition',
        { id: unpaid.id, name: 'accept', version: unpaid.version },
        staff,
      );
      // The desk tells them apart: the paid one's order state travels with the application.
      expect(accepted.orderState).toBeNull();
      expect(application.orderState).toBe('paid');
      const queue = await ok(server, 'staff.applications', { state: 'accepted' }, staff);
      expect(queue.items.find((item) => item.id === application.id)?.orderState).toBe('paid');
      const refused = await move(accepted, 'issue', staff);
      expect(refused.body).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
        message: expect.stringMatching(/订单尚未完成缴费/),
      });
      const wrongRole = await move(application, 'issue', reviewerOnly);
      expect(wrongRole.body).toMatchObject({ code: 'FORBIDDEN', message: '只有发证员可以发证' });
      const applicant = await move(application, 'issue', operator);
      expect(applicant.body.code).toBe('FORBIDDEN');
      expect((await ok(server, 'applications.get', { id: application.id }, operator)).state).toBe('accepted');
    });

    it('the CA signs the request with the subject of the approved application → 可领取', async () => {
      const issued = await ok(
        server,
        'applications.transition',
        { id: application.id, name: 'issue', version: application.version },
        staff,
      );
      expect(issued).toMatchObject({ state: 'ready', stateLabel: '可领取' });
      expect(issued.certificateId).toBeTruthy();
      expect(issued.timeline.at(-1)).toMatchObject({
        transition: 'issue',
        actor: { role: 'issuer', name: DEMO_ACCOUNTS.staff.name },
      });

      const certificate = await ok(server, 'applications.certificate', { id: application.id }, operator);
      const x509 = new X509Certificate(certificate.pem);
      expect(x509.checkIssued(new X509Certificate(caPem))).toBe(true);
      expect(x509.subject).toContain(`CN=${DEMO_ENTERPRISE.name}`);
      expect(x509.subject).toContain(`serialNumber=${DEMO_ENTERPRISE.creditCode}`);
      expect(spki(certificate.pem)).toEqual(
        createPublicKey(key.privateKey).export({ type: 'spki', format: 'der' }),
      );
      expect((await call(server, 'applications.certificate', { id: application.id }, person)).status).toBe(
        404,
      );
      expect((await ok(server, 'applications.certificate', { id: application.id }, staff)).pem).toBe(
        certificate.pem,
      );
      application = issued;
    });

    it('staff marks 已寄出 with a tracking number', async () => {
      const missing = await move(application, 'ship', staff);
      expect(missing.body).toMatchObject({
        code: 'VALIDATION',
        details: { fields: [{ field: 'trackingNumber' }] },
      });
      const shipped = await ok(
        server,
        'applications.transition',
        { id: application.id, name: 'ship', version: application.version, trackingNumber: 'SF1234567890' },
        staff,
      );
      expect(shipped).toMatchObject({
        state: 'shipped',
        stateLabel: '已寄出',
        trackingNumber: 'SF1234567890',
      });
      expect(shipped.timeline.map((step) => step.transition)).toEqual(['submit', 'accept', 'issue', 'ship']);
    });

    it('a blank KEY is issued with the request made at the counter', async () => {
      const blank = await ok(
        server,
        'applications.submit',
        {
          service: 'cert.new.enterprise',
          values: enterpriseForm(),
          attachments: await enterpriseScans(server, operator),
          blankKey: true,
        },
        operator,
      );
      const ready = await acceptedAndPaid(blank);
      const noRequest = await move(ready, 'issue', staff);
      expect(noRequest.body).toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/空白 KEY/),
      });
      const counterKey = await softKey('EC');
      const issued = await ok(
        server,
        'applications.transition',
        { id: ready.id, name: 'issue', version: ready.version, csrPem: counterKey.csrPem },
        staff,
      );
      expect(issued).toMatchObject({ state: 'ready', hasCsr: true });
      const certificate = await ok(server, 'applications.certificate', { id: ready.id }, operator);
      expect(spki(certificate.pem)).toEqual(
        createPublicKey(counterKey.privateKey).export({ type: 'spki', format: 'der' }),
      );
    });

    it('a renewal keeps the old certificate’s subject on the new key', async () => {
      const newKey = await softKey('EC');
      const renewal = await submitRenewal(server, operator, await softKey('EC'), newKey);
      const ready = await acceptedAndPaid(renewal);
      await ok(
        server,
        'applications.transition',
        { id: ready.id, name: 'issue', version: ready.version },
        staff,
      );
      const certificate = await ok(server, 'applications.certificate', { id: ready.id }, operator);
      expect(new X509Certificate(certificate.pem).subject).toContain(`CN=${DEMO_ENTERPRISE.name}`);
      expect(spki(certificate.pem)).toEqual(
        createPublicKey(newKey.privateKey).export({ type: 'spki', format: 'der' }),
      );
    });
  });

  describe('renewal', () => {
    const record = async (fingerprint: string) =>
      (
        await server.db
          .select()
          .from(issuedCertificates)
          .where(eq(issuedCertificates.fingerprint, fingerprint))
      )[0]!;

    it('issuing it revokes the renewed certificate and moves its binding to the new one', async () => {
      const oldKey = await softKey('RSA');
      const renewal = await submitRenewal(server, operator, oldKey, await softKey('EC'));
      const oldFingerprint = renewal.values.certificateFingerprint as string;
      const old = await record(oldFingerprint);
      await ok(server, 'certificates.bind', await proof(server, 'bind', oldKey, old.pem, operator), operator);
      const ready = await acceptedAndPaid(renewal);
      expect((await record(oldFingerprint)).status).toBe('valid');

      await ok(
        server,
        'applications.transition',
        { id: ready.id, name: 'issue', version: ready.version },
        staff,
      );
      expect(await record(oldFingerprint)).toMatchObject({ status: 'revoked', revokedAt: clock.now() });
      const renewed = await ok(server, 'applications.certificate', { id: ready.id }, operator);
      expect((await record(renewed.fingerprint)).status).toBe('valid');
      const bound = (await ok(server, 'certificates.listBound', {}, operator)).items.map(
        (c) => c.fingerprint,
      );
      expect(bound).toContain(renewed.fingerprint);
      expect(bound).not.toContain(oldFingerprint);

      // The old certificate no longer logs in, and cannot be renewed a second time.
      const login = await call(server, 'auth.loginKey', await proof(server, 'login', oldKey, old.pem));
      expect(login.body.code).toBe('CERT_REVOKED');
      const again = await call(
        server,
        'applications.submit',
        {
          service: 'cert.renew',
          values: renewal.values,
          attachments: renewal.attachments,
          csrPem: key.csrPem,
          renewalProof: await proof(server, 'renew', oldKey, old.pem, operator),
        },
        operator,
      );
      expect(again.body).toMatchObject({
        code: 'CERT_REVOKED',
        message: expect.stringMatching(/已被注销/),
      });
    });
  });

  describe('jobs', () => {
    let issuedId: string;
    let applicationId: string;

    const at = (days: number) => new Date(clock.now().getTime() + days * DAY);

    beforeAll(async () => {
      const application = await acceptedAndPaid(await submitNewEnterprise(server, operator, key));
      const issued = await ok(
        server,
        'applications.transition',
        { id: application.id, name: 'issue', version: application.version },
        staff,
      );
      issuedId = issued.certificateId!;
      applicationId = issued.id;
      const bindKey = await softKey('EC');
      const pem = await issuedFor(server, bindKey, { subject: { commonName: '张三' } });
      await ok(server, 'certificates.bind', await proof(server, 'bind', bindKey, pem, person), person);
    });

    async function remindersFor(certificateIds: string[]) {
      const rows = await server.db.select().from(notifications);
      return rows
        .filter((row) => row.certificateId !== null && certificateIds.includes(row.certificateId))
        .map((row) => `${row.kind}`)
        .sort();
    }

    it('reminds 30 and then 7 days before expiry, once, even when two runs race', async () => {
      const [bound] = await server.db
        .select()
        .from(issuedCertificates)
        .where(eq(issuedCertificates.commonName, '张三'));
      const ids = [issuedId, bound!.id];
      const runs = await Promise.all([
        runCertificateJobs(server.db, at(340)),
        runCertificateJobs(server.db, at(340)),
      ]);
      expect(runs.some((run) => run.ran)).toBe(true);
      expect(runs.reduce((sum, run) => sum + run.reminders, 0)).toBeGreaterThanOrEqual(2);
      expect(await remindersFor(ids)).toEqual(['expiry30', 'expiry30']);
      await runCertificateJobs(server.db, at(341));
      expect(await remindersFor(ids)).toEqual(['expiry30', 'expiry30']);

      await Promise.all([runCertificateJobs(server.db, at(360)), runCertificateJobs(server.db, at(360))]);
      expect(await remindersFor(ids)).toEqual(['expiry30', 'expiry30', 'expiry7', 'expiry7']);

      const mine = await ok(server, 'notifications.list', {}, operator);
      const titles = mine.items.filter((item) => item.certificateId === issuedId).map((item) => item.title);
      expect(titles.sort()).toEqual(['证书将在 30 天内到期', '证书将在 7 天内到期']);
      expect(mine.items[0]!.body).toContain(DEMO_ENTERPRISE.name);
      const theirs = await ok(server, 'notifications.list', {}, person);
      expect(theirs.items.every((item) => item.certificateId !== issuedId)).toBe(true);
      expect(theirs.items.length).toBeGreaterThanOrEqual(2);
    });

    it('revokes certificates 90 days past expiry, once, even when two runs race', async () => {
      const status = async () =>
        (await server.db.select().from(issuedCertificates).where(eq(issuedCertificates.id, issuedId)))[0]!
          .status;
      await runCertificateJobs(server.db, at(365 + 89));
      expect(await status()).toBe('valid');
      const [before] = await server.db
        .select({ n: count() })
        .from(issuedCertificates)
        .where(eq(issuedCertificates.status, 'revoked'));
      const runs = await Promise.all([
        runCertificateJobs(server.db, at(365 + 91)),
        runCertificateJobs(server.db, at(365 + 91)),
      ]);
      expect(await status()).toBe('revoked');
      const [after] = await server.db
        .select({ n: count() })
        .from(issuedCertificates)
        .where(eq(issuedCertificates.status, 'revoked'));
      expect(runs.reduce((sum, run) => sum + run.revoked, 0)).toBe(Number(after!.n) - Number(before!.n));
      const again = await runCertificateJobs(server.db, at(365 + 92));
      expect(again.revoked).toBe(0);

      // A revoked certificate is no longer handed out for writing onto a KEY.
      const refused = await call(server, 'applications.certificate', { id: applicationId }, operator);
      expect({ status: refused.status, code: refused.body.code, message: refused.body.message }).toEqual({
        status: 409,
        code: 'PRECONDITION_FAILED',
        message: CERTIFICATE_REVOKED,
      });
    });
  });
});
