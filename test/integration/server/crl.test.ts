import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuedCertificates } from '../../../src-server/db/schema';
import { runCertificateJobs } from '../../../src-server/services/certificateJobs';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { CA_CRL_PATH, CA_PEM_PATH } from '../../../src-shared/api/routes';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, ok, RELAXED_LIMITS } from './api';
import { payByTransfer, submitRenewal } from './flows';
import { issuedFor, softKey } from './keys';

const DAY = 24 * 60 * 60 * 1000;
const run = promisify(execFile);

/** openssl's output, stdout and stderr together (3.0 `crl -verify` can exit 0 on a failed check). */
async function openssl(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args, { encoding: 'utf8' });
  return `${stdout}${stderr}`;
}

/** `openssl crl -inform DER -CAfile ca.pem -verify -noout` of a CRL file. */
function verifyArgs(crlFile: string, caFile: string): string[] {
  return ['crl', '-inform', 'DER', '-in', crlFile, '-CAfile', caFile, '-verify', '-noout'];
}

/** The serial as openssl prints it: upper-case hex, whole bytes. */
function printed(serialNumber: string): string {
  const hex = serialNumber.toUpperCase();
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

describe.each(backends())('the published CRL (%s)', (backend) => {
  let server: TestServer;
  let work: string;
  let caFile: string;
  let operator: string;
  let staff: string;
  let fetched = 0;
  const clock = new ManualClock('2025-03-10T06:00:00Z');

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
    work = await mkdtemp(join(tmpdir(), 'certdesk-crl-'));
    operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
    staff = (await login(server, DEMO_ACCOUNTS.staff.phone, DEMO_ACCOUNTS.staff.password)).token;
  });
  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** The CRL as served, checked against the CA with openssl: its text, number and entries. */
  async function publishedCrl() {
    const response = await fetch(`${server.url}${CA_CRL_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    const file = join(work, `crl-${(fetched += 1)}.der`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    const verified = await openssl(verifyArgs(file, caFile));
    expect(verified).toContain('verify OK');
    expect(verified).not.toContain('verify failure');
    const text = await openssl(['crl', '-inform', 'DER', '-in', file, '-text', '-noout']);
    const crlNumber = Number(/X509v3 CRL Number:\s*\n\s*(\d+)/.exec(text)?.[1]);
    const reasons = new Map<string, string>();
    for (const entry of text.split('Serial Number: ').slice(1)) {
      const reason = /CRL Reason Code:\s*\n\s*([^\n]+)/.exec(entry)?.[1]?.trim();
      reasons.set(/^[0-9A-F]+/.exec(entry)![0], reason ?? '');
    }
    return { text, crlNumber, reasons };
  }

  it('serves the CA certificate without a session', async () => {
    const response = await fetch(`${server.url}${CA_PEM_PATH}`);
    expect(response.status).toBe(200);
    const pem = await response.text();
    expect(pem).toBe((await ok(server, 'ca.certificate', {})).pem);
    caFile = join(work, 'ca.pem');
    await writeFile(caFile, pem);
  });

  it('issued certificates name the server’s CRL as their distribution point', async () => {
    const pem = await issuedFor(server, await softKey('EC'));
    const file = join(work, 'issued.pem');
    await writeFile(file, pem);
    const text = await openssl(['x509', '-in', file, '-text', '-noout']);
    expect(text).toMatch(
      new RegExp(
        `X509v3 CRL Distribution Points:\\s*\\n\\s*Full Name:\\s*\\n\\s*URI:${server.url}${CA_CRL_PATH}\\n`,
      ),
    );
  });

  it('is signed by the CA, numbered, and signed again only when something was revoked', async () => {
    const first = await publishedCrl();
    expect(first.crlNumber).toBeGreaterThan(0);
    expect(first.text).toContain('Issuer: C = CN, O = certdesk');
    expect(first.text).toMatch(/Next Update: /);
    const again = await publishedCrl();
    expect(again.crlNumber).toBe(first.crlNumber);
    expect(again.reasons).toEqual(first.reasons);
  });

  it('lists a certificate revoked by a renewal (superseded) and one revoked by the 90-day job (cessationOfOperation)', async () => {
    const before = await publishedCrl();

    const renewal = await submitRenewal(server, operator, await softKey('RSA'), await softKey('EC'));
    const renewed = await ok(server, 'applications.get', { id: renewal.id }, operator);
    const accepted: ApplicationDetail = await ok(
      server,
      'applications.transition',
      { id: renewed.id, name: 'accept', version: renewed.version },
      staff,
    );
    await payByTransfer(server, operator, staff, [accepted.id]);
    const paid = await ok(server, 'applications.get', { id: accepted.id }, operator);
    await ok(server, 'applications.transition', { id: paid.id, name: 'issue', version: paid.version }, staff);
    const superseded = (
      await server.db
        .select()
        .from(issuedCertificates)
        .where(eq(issuedCertificates.fingerprint, renewal.values.certificateFingerprint as string))
    )[0]!;
    expect(superseded).toMatchObject({ status: 'revoked', revocationReason: 'superseded' });

    const afterRenewal = await publishedCrl();
    expect(afterRenewal.crlNumber).toBeGreaterThan(before.crlNumber);
    expect(afterRenewal.reasons.get(printed(superseded.serialNumber))).toBe('Superseded');

    // Expired 91 days ago: the job retires it.
    const oldPem = await issuedFor(server, await softKey('RSA'), {
      notBefore: new Date(clock.now().getTime() - (365 + 91) * DAY).toISOString(),
      validityDays: 365,
    });
    const retiredSerial = new X509Certificate(oldPem).serialNumber.replace(/^(00)+/, '');
    expect((await runCertificateJobs(server.db, clock.now())).revoked).toBeGreaterThanOrEqual(1);
    const [retired] = await server.db
      .select()
      .from(issuedCertificates)
      .where(eq(issuedCertificates.serialNumber, retiredSerial.toLowerCase()));
    expect(retired).toMatchObject({ status: 'revoked', revocationReason: 'cessationOfOperation' });

    const afterJob = await publishedCrl();
    expect(afterJob.crlNumber).toBeGreaterThan(afterRenewal.crlNumber);
    expect(afterJob.reasons.get(printed(retired!.serialNumber))).toBe('Cessation Of Operation');
    expect(afterJob.reasons.get(printed(superseded.serialNumber))).toBe('Superseded');
  });

  it('is signed once when many ask for it at the same time after a revocation', async () => {
    const before = await publishedCrl();
    await issuedFor(server, await softKey('EC'), {
      notBefore: new Date(clock.now().getTime() - (30 + 91) * DAY).toISOString(),
      validityDays: 30,
    });
    expect((await runCertificateJobs(server.db, clock.now())).revoked).toBe(1);
    const lists = await Promise.all(Array.from({ length: 6 }, () => publishedCrl()));
    const numbers = new Set(lists.map((list) => list.crlNumber));
    expect(numbers.size).toBe(1);
    expect([...numbers][0]).toBeGreaterThan(before.crlNumber);
    expect(lists[0]!.reasons.size).toBe(before.reasons.size + 1);
  });

  it('is signed again once it nears its next update, with a higher number', async () => {
    const before = await publishedCrl();
    clock.advance(24 * 60 * 60);
    const after = await publishedCrl();
    expect(after.crlNumber).toBeGreaterThan(before.crlNumber);
    expect(after.reasons).toEqual(before.reasons);
  });

  it('is not accepted by openssl against another CA', async () => {
    const other = await startTestServer({ backend: 'pglite' });
    try {
      const otherCa = join(work, 'other-ca.pem');
      await writeFile(otherCa, await (await fetch(`${other.url}${CA_PEM_PATH}`)).text());
      const file = join(work, 'crl-other.der');
      await writeFile(file, Buffer.from(await (await fetch(`${server.url}${CA_CRL_PATH}`)).arrayBuffer()));
      // openssl 3.0 exits 0 on a failed check; should a later one exit 1, its words still tell.
      const verified = await openssl(verifyArgs(file, otherCa)).catch(
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
      expect(verified).toContain('verify failure');
      expect(verified).not.toContain('verify OK');
    } finally {
      await other.close();
    }
  });
});

describe('a configured CRL address', () => {
  it('is the distribution point of what the server issues', async () => {
    const server = await startTestServer({ crlUrl: 'https://ca.example.cn/api/v1/ca/crl' });
    try {
      const certificate = new X509Certificate(await issuedFor(server, await softKey('EC')));
      const work = await mkdtemp(join(tmpdir(), 'certdesk-crl-url-'));
      try {
        const file = join(work, 'issued.pem');
        await writeFile(file, certificate.toString());
        const text = await openssl(['x509', '-in', file, '-text', '-noout']);
        expect(text).toContain('URI:https://ca.example.cn/api/v1/ca/crl');
        expect(text).not.toContain(server.url);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    } finally {
      await server.close();
    }
  });
});
