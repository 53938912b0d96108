import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../../src-server/ca/authority';
import { loadCaMaterial } from '../../../src-server/ca/caMaterial';
import {
  accounts,
  boundCertificates,
  issuedCertificates,
  loginFailures,
  sessions,
} from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import type { ProvePossessionInput } from '../../../src-shared/schemas/key';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, login, ok, RELAXED_LIMITS } from './api';
import { issuedFor, proof, signChallenge, softKey, type SoftKey } from './keys';

describe.each(backends())('certificate binding and KEY login (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');
  let operatorToken: string;
  let personToken: string;
  let rsa: SoftKey;
  let ec: SoftKey;
  let rsaCert: string;
  let ecCert: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    operatorToken = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password))
      .token;
    personToken = (await login(server, DEMO_ACCOUNTS.person.phone, DEMO_ACCOUNTS.person.password)).token;
    [rsa, ec] = await Promise.all([softKey('RSA'), softKey('EC')]);
    rsaCert = await issuedFor(server, rsa, { subject: { commonName: '福建省示例科技有限公司' } });
    ecCert = await issuedFor(server, ec, { subject: { commonName: '王五' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** What a refused request must leave as it was. */
  async function snapshot() {
    const [b] = await server.db.select({ n: count() }).from(boundCertificates);
    const [s] = await server.db.select({ n: count() }).from(sessions);
    const versions = await server.db
      .select({ id: accounts.id, version: accounts.version })
      .from(accounts)
      .orderBy(accounts.id);
    const bindings = await server.db
      .select({ id: boundCertificates.id, accountId: boundCertificates.accountId })
      .from(boundCertificates)
      .orderBy(boundCertificates.id);
    return { bound: b?.n, sessions: s?.n, versions, bindings };
  }

  async function expectRefused(
    request: () => ReturnType<typeof call>,
    status: number,
    code: string,
    message: RegExp,
  ): Promise<void> {
    const before = await snapshot();
    const reply = await request();
    expect(reply.status).toBe(status);
    expect(reply.body.code).toBe(code);
    expect(reply.body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  it('binds an RSA and an EC certificate of our CA to the account, as operator', async () => {
    const bound = await ok(
      server,
      'certificates.bind',
      await proof(server, 'bind', rsa, rsaCert, operatorToken),
      operatorToken,
    );
    expect(bound).toMatchObject({
      role: 'operator',
      version: 1,
      expiry: 'ok',
      daysLeft: 365,
      subject: { commonName: '福建省示例科技有限公司' },
      boundAt: clock.now().toISOString(),
    });
    const boundEc = await ok(
      server,
      'certificates.bind',
      await proof(server, 'bind', ec, ecCert, operatorToken),
      operatorToken,
    );
    expect(boundEc.subject.commonName).toBe('王五');

    const { items } = await ok(server, 'certificates.listBound', {}, operatorToken);
    expect(items.map((item) => item.fingerprint).sort()).toEqual(
      [bound.fingerprint, boundEc.fingerprint].sort(),
    );
    // Another account sees none of them.
    expect((await ok(server, 'certificates.listBound', {}, personToken)).items).toEqual([]);
  });

  it('binding the same certificate to the same account again changes nothing', async () => {
    const before = await snapshot();
    const again = await ok(
      server,
      'certificates.bind',
      await proof(server, 'bind', rsa, rsaCert, operatorToken),
      operatorToken,
    );
    expect(again.version).toBe(1);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a certificate bound to another account', async () => {
    const input = await proof(server, 'bind', rsa, rsaCert, personToken);
    await expectRefused(
      () => call(server, 'certificates.bind', input, personToken),
      409,
      'CERT_ALREADY_BOUND',
      /已绑定其他账号/,
    );
  });

  it('shows the expiry as the server sees it', async () => {
    const start = clock.now();
    clock.advance(340 * 24 * 60 * 60);
    try {
      const later = await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password);
      const { items } = await ok(server, 'certificates.listBound', {}, later.token);
      expect(items.map((item) => [item.expiry, item.daysLeft])).toEqual([
        ['expiring', 25],
        ['expiring', 25],
      ]);
    } finally {
      clock.set(start);
    }
  });

  describe('refusals', () => {
    let key: SoftKey;
    let certificate: string;

    beforeAll(async () => {
      key = await softKey('EC');
      certificate = await issuedFor(server, key, { subject: { commonName: '李四' } });
    });

    const bind = (input: ProvePossessionInput | Record<string, unknown>) =>
      call(server, 'certificates.bind', input, personToken);

    it('a bind challenge needs a session', async () => {
      const reply = await call(server, 'key.challenge', { purpose: 'bind' });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('UNAUTHENTICATED');
    });

    it('a signature made by another key', async () => {
      const input = await proof(server, 'bind', ec, certificate, personToken);
      await expectRefused(() => bind(input), 400, 'SIGNATURE_INVALID', /签名验证未通过/);
    });

    it('a signature of another challenge, a signature that is not base64 DER, a wrong algorithm', async () => {
      const other = await ok(server, 'key.challenge', { purpose: 'bind' }, personToken);
      const input = await proof(server, 'bind', key, certificate, personToken);
      await expectRefused(
        () => bind({ ...input, signature: signChallenge(key, other) }),
        400,
        'SIGNATURE_INVALID',
        /签名/,
      );
      const garbled = await proof(server, 'bind', key, certificate, personToken);
      await expectRefused(() => bind({ ...garbled, signature: 'AAAA' }), 400, 'SIGNATURE_INVALID', /签名/);
      const mislabelled = await proof(server, 'bind', key, certificate, personToken);
      await expectRefused(
        () => bind({ ...mislabelled, algorithm: 'sha256WithRSAEncryption' }),
        400,
        'SIGNATURE_INVALID',
        /签名/,
      );
    });

    it('a certificate from another CA, even with a valid signature', async () => {
      const otherCa = new CertificateAuthority(await loadCaMaterial({ kind: 'memory' }, clock.now()));
      const foreign = await otherCa.issue({
        csrPem: key.csrPem,
        subject: { commonName: '李四' },
        notBefore: clock.now(),
        notAfter: new Date(clock.now().getTime() + 86_400_000),
      });
      const input = await proof(server, 'bind', key, foreign.pem, personToken);
      await expectRefused(() => bind(input), 400, 'CERT_UNTRUSTED', /不是本中心签发的/);
    });

    it('an expired certificate and one not yet valid', async () => {
      const expired = await issuedFor(server, key, {
        notBefore: new Date(clock.now().getTime() - 400 * 86_400_000).toISOString(),
        validityDays: 365,
      });
      const input = await proof(server, 'bind', key, expired, personToken);
      await expectRefused(() => bind(input), 400, 'CERT_EXPIRED', /已过期/);
      const future = await issuedFor(server, key, {
        notBefore: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      });
      const early = await proof(server, 'bind', key, future, personToken);
      await expectRefused(() => bind(early), 400, 'CERT_NOT_YET_VALID', /尚未生效/);
    });

    it('a revoked certificate', async () => {
      const revokedKey = await softKey('RSA');
      const revoked = await issuedFor(server, revokedKey);
      await server.db
        .update(issuedCertificates)
        .set({ status: 'revoked', revokedAt: clock.now() })
        .where(eq(issuedCertificates.pem, revoked));
      const input = await proof(server, 'bind', revokedKey, revoked, personToken);
      await expectRefused(() => bind(input), 400, 'CERT_REVOKED', /已被注销/);
    });

    it('a garbage certificate', async () => {
      const input = await proof(server, 'bind', key, certificate, personToken);
      const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
      await expectRefused(
        () => bind({ ...input, certificatePem: garbage }),
        400,
        'CERT_INVALID',
        /无法读取该证书/,
      );
      const notPem = await proof(server, 'bind', key, certificate, personToken);
      const reply = await bind({ ...notPem, certificatePem: 'hello' });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'VALIDATION', message: '证书格式不正确' });
    });

    it('an expired, a used, an unknown, another account’s and a login challenge', async () => {
      const stale = await proof(server, 'bind', key, certificate, personToken);
      clock.advance(121);
      await expectRefused(() => bind(stale), 400, 'CHALLENGE_INVALID', /验证已过期，请重新操作/);

      const used = await proof(server, 'bind', key, certificate, personToken);
      await ok(server, 'certificates.bind', used, personToken);
      await server.db
        .delete(boundCertificates)
        .where(eq(boundCertificates.accountId, (await ok(server, 'auth.me', {}, personToken)).id));
      await expectRefused(() => bind(used), 400, 'CHALLENGE_INVALID', /已使用过/);

      const unknown = { ...used, challengeId: '00000000-0000-4000-8000-000000000000' };
      await expectRefused(() => bind(unknown), 400, 'CHALLENGE_INVALID', /请重新操作/);

      const operatorsChallenge = await proof(server, 'bind', key, certificate, operatorToken);
      await expectRefused(() => bind(operatorsChallenge), 400, 'CHALLENGE_INVALID', /与当前操作不符/);

      const loginChallenge = await proof(server, 'login', key, certificate);
      await expectRefused(() => bind(loginChallenge), 400, 'CHALLENGE_INVALID', /与当前操作不符/);
    });

    it('a refused proof still uses the challenge up', async () => {
      const challenge = await ok(server, 'key.challenge', { purpose: 'bind' }, personToken);
      const input = {
        challengeId: challenge.challengeId,
        certificatePem: certificate,
        signature: signChallenge(ec, challenge),
        algorithm: key.algorithm,
      };
      expect((await bind(input)).body.code).toBe('SIGNATURE_INVALID');
      const retried = await bind({ ...input, signature: signChallenge(key, challenge) });
      expect(retried.body.code).toBe('CHALLENGE_INVALID');
    });
  });

  describe('KEY login', () => {
    it('logs in the account the certificate is bound to; the session works on /me', async () => {
      const session = await ok(server, 'auth.loginKey', await proof(server, 'login', ec, ecCert));
      expect(session.user.phone).toBe(DEMO_ACCOUNTS.operator.phone);
      const me = await ok(server, 'auth.me', {}, session.token);
      expect(me.roles).toContain('enterprise_operator');
      const rsaSession = await ok(server, 'auth.loginKey', await proof(server, 'login', rsa, rsaCert));
      expect(rsaSession.user.id).toBe(me.id);
    });

    it('refuses an unbound certificate, a bind challenge and a wrong signature, counting each toward the IP limit', async () => {
      const failuresBefore = await server.db.$count(loginFailures);
      const unboundKey = await softKey('RSA');
      const unbound = await issuedFor(server, unboundKey);
      const input = await proof(server, 'login', unboundKey, unbound);
      await expectRefused(
        () => call(server, 'auth.loginKey', input),
        401,
        'CERT_NOT_BOUND',
        /该证书尚未绑定账号，请先用密码登录并绑定/,
      );

      const bindChallenge = await proof(server, 'bind', ec, ecCert, operatorToken);
      await expectRefused(
        () => call(server, 'auth.loginKey', bindChallenge),
        400,
        'CHALLENGE_INVALID',
        /与当前操作不符/,
      );

      const forged = await proof(server, 'login', rsa, ecCert);
      await expectRefused(() => call(server, 'auth.loginKey', forged), 400, 'SIGNATURE_INVALID', /签名/);
      expect(await server.db.$count(loginFailures)).toBe(failuresBefore + 3);
    });
  });
});
