import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { issuedCertificates, type IssuedCertificateRow } from '../../../src-server/db/schema';
import { DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import type { ApiInput } from '../../../src-shared/api/routes';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import type { TestServer } from '../../helpers/apiServer';
import { ok } from './api';
import {
  enterpriseForm,
  enterpriseScans,
  ORDER_DETAILS,
  pdfBytes,
  pngBytes,
  renewalForm,
  uploadOk,
} from './fixtures';
import { issuedFor, proof, type SoftKey } from './keys';

/** Multi-step journeys shared by the order, payment and issuance tests. */

export async function submitNewEnterprise(
  server: TestServer,
  token: string,
  key: SoftKey,
  enterprise: Parameters<typeof enterpriseForm>[0] = {},
): Promise<ApplicationDetail> {
  return ok(
    server,
    'applications.submit',
    {
      service: 'cert.new.enterprise',
      values: enterpriseForm(enterprise),
      attachments: await enterpriseScans(server, token),
      csrPem: key.csrPem,
    },
    token,
  );
}

/** A certificate of the demo enterprise issued earlier for `key`, and its record. */
export async function demoEnterpriseCertificate(
  server: TestServer,
  key: SoftKey,
  issue: { notBefore?: string; validityDays?: number } = {},
): Promise<{ pem: string; row: IssuedCertificateRow }> {
  const pem = await issuedFor(server, key, {
    subject: { commonName: DEMO_ENTERPRISE.name, serialNumber: DEMO_ENTERPRISE.creditCode, country: 'CN' },
    ...issue,
  });
  const fingerprint = new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
  const [row] = await server.db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.fingerprint, fingerprint));
  return { pem, row: row! };
}

/** Binds the certificate to the token's account, proven by `key`. */
export async function bindCertificate(
  server: TestServer,
  token: string,
  key: SoftKey,
  pem: string,
): Promise<void> {
  await ok(server, 'certificates.bind', await proof(server, 'bind', key, pem, token), token);
}

/**
 * What a renewal of `old` submits: its form filled from the certificate, the scans, the new request,
 * and a 'renew' challenge signed by `signer` (the old certificate's key, unless a test says otherwise).
 */
export async function renewalInput(
  server: TestServer,
  token: string,
  old: { pem: string; row: IssuedCertificateRow },
  signer: SoftKey | null,
  newKey: SoftKey,
): Promise<ApiInput<'applications.submit'>> {
  const attachments: Record<string, string> = {};
  for (const key of ['businessLicence', 'idCardFront', 'idCardBack'] as const) {
    attachments[key] = (
      await uploadOk(server, token, { service: 'cert.renew', attachment: key }, pdfBytes(key))
    ).id;
  }
  return {
    service: 'cert.renew',
    values: renewalForm({
      fingerprint: old.row.fingerprint,
      serialNumber: old.row.serialNumber,
      commonName: DEMO_ENTERPRISE.name,
      creditCode: DEMO_ENTERPRISE.creditCode,
      notAfter: old.row.notAfter,
    }),
    attachments,
    csrPem: newKey.csrPem,
    blankKey: false,
    ...(signer ? { renewalProof: await proof(server, 'renew', signer, old.pem, token) } : {}),
  };
}

/** A certificate of the demo enterprise issued earlier, bound to the account and renewed with a new request from `newKey`. */
export async function submitRenewal(
  server: TestServer,
  token: string,
  oldKey: SoftKey,
  newKey: SoftKey,
  issue: { notBefore?: string; validityDays?: number } = {},
): Promise<ApplicationDetail> {
  const old = await demoEnterpriseCertificate(server, oldKey, issue);
  await bindCertificate(server, token, oldKey, old.pem);
  return ok(server, 'applications.submit', await renewalInput(server, token, old, oldKey, newKey), token);
}

/** Orders the applications by transfer, uploads the slip and has finance confirm it: the order is paid. */
export async function payByTransfer(
  server: TestServer,
  owner: string,
  finance: string,
  applicationIds: string[],
): Promise<string> {
  const placed = await ok(
    server,
    'orders.create',
    { applicationIds, paymentMethod: 'transfer', ...ORDER_DETAILS },
    owner,
  );
  const slip = await uploadOk(server, owner, { attachment: 'remittanceSlip' }, pngBytes());
  const submitted = await ok(
    server,
    'orders.attachSlip',
    { id: placed.id, version: placed.version, uploadId: slip.id },
    owner,
  );
  await ok(server, 'orders.confirmTransfer', { id: placed.id, version: submitted.version }, finance);
  return placed.id;
}
