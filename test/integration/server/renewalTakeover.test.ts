import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, boundCertificates, issuedCertificates } from '../../../src-server/db/schema';
import { RENEW_CHALLENGE_TTL_SECONDS } from '../../../src-server/services/keyChallenges';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, freshPhone, login, ok, RELAXED_LIMITS, registerByPhone } from './api';
import { bindCertificate, demoEnterpriseCertificate, payByTransfer, renewalInput } from './flows';
import { proof, softKey } from './keys';

/**
 * The renewal takeover: an account that knows only a victim's public certificate must not be able to
 * renew it, nor have a renewal issued that moves the victim's binding to its own key.
 */
describe.each(backends())('renewal takeover (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let victim: string;
  let attacker: string;
  let staff: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    victim = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
    staff = (await login(server, DEMO_ACCOUNTS.staff.phone, DEMO_ACCOUNTS.staff.password)).token;
    const phone = freshPhone();
    await registerByPhone(server, phone);
    attacker = (await login(server, phone)).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A victim's certificate bound to the victim's account. */
  async function victimCertificate() {
    const key = await softKey('EC');
    const old = await demoEnterpriseCertificate(server, key);
    await bindCertificate(server, victim, key, old.pem);
    return { key, old };
  }

  async function state(certificateId: string) {
    const [certificate] = await server.db
      .select({ status: issuedCertificates.status, version: issuedCertificates.version })
      .from(issuedCertificates)
      .where(eq(issuedCertificates.id, certificateId));
    const bindings = await server.db
      .select({ accountId: boundCertificates.accountId, version: boundCertificates.version })
      .from(boundCertificates)
      .where(eq(boundCertificates.certificateId, certificateId));
    return { certificate, bindings };
  }

  async function acceptAndPay(application: ApplicationDetail, owner: string): Promise<ApplicationDetail> {
    await ok(
      server,
      'applications.transition',
      { id: application.id, name: 'accept', version: application.version },
      staff,
    );
    await payByTransfer(server, owner, staff, [application.id]);
    return ok(server, 'applications.get', { id: application.id }, staff);
  }

  const issue = (application: ApplicationDetail) =>
    call(
      server,
      'applications.transition',
      { id: application.id, name: 'issue', version: application.version },
      staff,
    );

  it('the takeover chain is refused and leaves the victim’s certificate and binding untouched', async () => {
    const { old } = await victimCertificate();
    const before = await state(old.row.id);
    const attackerKey = await softKey('EC');

    // Only public facts: the form names the certificate, the CSR is the attacker's, no proof.
    const bare = await call(
      server,
      'applications.submit',
      await renewalInput(server, attacker, old, null, attackerKey),
      attacker,
    );
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/原 KEY/) });

    // A proof made with the attacker's own key over the victim's certificate.
    const forged = await call(
      server,
      'applications.submit',
      await renewalInput(server, attacker, old, attackerKey, attackerKey),
      attacker,
    );
    expect(forged.body).toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringMatching(/签名/) });

    // KEY login with the attacker's key opens nothing.
    const loginTry = await call(server, 'auth.loginKey', await proof(server, 'login', attackerKey, old.pem));
    expect(loginTry.body.code).toBe('SIGNATURE_INVALID');

    const [filed] = await server.db
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.renewsCertificateId, old.row.id));
    expect(filed).toBeUndefined();
    expect(await state(old.row.id)).toEqual(before);
  });

  it('a proof by the certificate’s own key is refused when the certificate is not bound to the applicant', async () => {
    const { key, old } = await victimCertificate();
    const before = await state(old.row.id);
    const refused = await call(
      server,
      'applications.submit',
      await renewalInput(server, attacker, old, key, await softKey('EC')),
      attacker,
    );
    expect(refused.body).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/尚未绑定到您的账号.*证书管理 → 绑定证书/),
    });
    expect(await state(old.row.id)).toEqual(before);
  });

  it('the certificate is the one the proof names, not the one the form names', async () => {
    const mine = await victimCertificate();
    const other = await victimCertificate();
    // Signed by mine, the form filled from the other: the locked fields do not match the proof.
    const input = await renewalInput(server, victim, other.old, null, await softKey('EC'));
    const refused = await call(
      server,
      'applications.submit',
      { ...input, renewalProof: await proof(server, 'renew', mine.key, mine.old.pem, victim) },
      victim,
    );
    expect(refused.body.code).toBe('FIELD_LOCKED');
  });

  it('a used, expired or other-purpose challenge is refused; a refusal for the form keeps the proof good', async () => {
    const { key, old } = await victimCertificate();
    const newKey = await softKey('EC');

    const bindChallenge = await renewalInput(server, victim, old, null, newKey);
    const wrongPurpose = await call(
      server,
      'applications.submit',
      { ...bindChallenge, renewalProof: await proof(server, 'bind', key, old.pem, victim) },
      victim,
    );
    expect(wrongPurpose.body).toMatchObject({ code: 'CHALLENGE_INVALID', message: /不符/ });

    // Another account's 'renew' challenge, signed with the right key, does not serve this one.
    const input = await renewalInput(server, victim, old, null, newKey);
    const foreign = await call(
      server,
      'applications.submit',
      { ...input, renewalProof: await proof(server, 'renew', key, old.pem, attacker) },
      victim,
    );
    expect(foreign.body.code).toBe('CHALLENGE_INVALID');

    const good = await renewalInput(server, victim, old, key, newKey);
    // Refused for its form: the proof is not used up by that.
    const badForm = await call(
      server,
      'applications.submit',
      { ...good, values: { ...good.values, contactPhone: '123' } },
      victim,
    );
    expect(badForm.body.code).toBe('VALIDATION');
    const submitted = await ok(server, 'applications.submit', good, victim);
    expect(submitted.state).toBe('pending');
    await ok(
      server,
      'applications.transition',
      { id: submitted.id, name: 'withdraw', version: submitted.version },
      victim,
    );

    // The same proof a second time (a new submission): used.
    const reused = await call(server, 'applications.submit', { ...good, id: undefined }, victim);
    expect(reused.body).toMatchObject({ code: 'CHALLENGE_INVALID', message: /已使用过/ });

    const stale = await renewalInput(server, victim, old, key, newKey);
    clock.advance(RENEW_CHALLENGE_TTL_SECONDS + 1);
    const expired = await call(server, 'applications.submit', stale, victim);
    expect(expired.body).toMatchObject({ code: 'CHALLENGE_INVALID', message: /已过期/ });
  });

  it('one live renewal per certificate: a second is refused until the first is withdrawn', async () => {
    const { key, old } = await victimCertificate();
    const first = await ok(
      server,
      'applications.submit',
      await renewalInput(server, victim, old, key, await softKey('EC')),
      victim,
    );
    const second = await call(
      server,
      'applications.submit',
      await renewalInput(server, victim, old, key, await softKey('EC')),
      victim,
    );
    expect(second.body).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/已有一份续费申请正在办理/),
    });
    await ok(
      server,
      'applications.transition',
      { id: first.id, name: 'withdraw', version: first.version },
      victim,
    );
    const again = await ok(
      server,
      'applications.submit',
      await renewalInput(server, victim, old, key, await softKey('EC')),
      victim,
    );
    expect(again.state).toBe('pending');
  });

  it('issue re-checks: a binding moved away or a revoked certificate between submit and issue is refused in Chinese', async () => {
    const moved = await victimCertificate();
    const renewal = await ok(
      server,
      'applications.submit',
      await renewalInput(server, victim, moved.old, moved.key, await softKey('EC')),
      victim,
    );
    const ready = await acceptAndPay(renewal, victim);
    // The binding is handed to another account (as the counter would) before the issue.
    const other = (await login(server, DEMO_ACCOUNTS.person.phone, DEMO_ACCOUNTS.person.password)).user;
    await server.db
      .update(boundCertificates)
      .set({ accountId: other.id })
      .where(eq(boundCertificates.certificateId, moved.old.row.id));
    const before = await state(moved.old.row.id);
    const refused = await issue(ready);
    expect(refused.body).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/不再绑定到申请人的账号/),
    });
    expect(await state(moved.old.row.id)).toEqual(before);
    expect((await ok(server, 'applications.get', { id: ready.id }, staff)).state).toBe('accepted');

    const revoked = await victimCertificate();
    const second = await ok(
      server,
      'applications.submit',
      await renewalInput(server, victim, revoked.old, revoked.key, await softKey('EC')),
      victim,
    );
    const paid = await acceptAndPay(second, victim);
    await server.db
      .update(issuedCertificates)
      .set({ status: 'revoked', revokedAt: clock.now() })
      .where(eq(issuedCertificates.id, revoked.old.row.id));
    const refusedRevoked = await issue(paid);
    expect(refusedRevoked.body).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/已被注销/),
    });
  });

  it('issuing moves only the applicant’s binding to the new certificate', async () => {
    const { key, old } = await victimCertificate();
    const renewal = await ok(
      server,
      'applications.submit',
      await renewalInput(server, victim, old, key, await softKey('EC')),
      victim,
    );
    const issued = await issue(await acceptAndPay(renewal, victim));
    expect(issued.status).toBe(200);
    const certificate = await ok(server, 'applications.certificate', { id: renewal.id }, victim);
    const [newRecord] = await server.db
      .select({ id: issuedCertificates.id })
      .from(issuedCertificates)
      .where(eq(issuedCertificates.fingerprint, certificate.fingerprint));
    const victimId = (await ok(server, 'profile.get', {}, victim)).id;
    expect((await state(newRecord!.id)).bindings.map((b) => b.accountId)).toEqual([victimId]);
    expect((await state(old.row.id)).certificate?.status).toBe('revoked');
  });
});
