import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { issuedCertificates } from '../../../src-server/db/schema';
import { DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
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
import { issuedFor, type SoftKey } from './keys';

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

/** A certificate of the demo enterprise issued earlier, renewed with a new request from `key`. */
export async function submitRenewal(
  server: TestServer,
  token: string,
  oldKey: SoftKey,
  newKey: SoftKey,
  issue: { notBefore?: string; validityDays?: number } = {},
): Promise<ApplicationDetail> {
  const pem = await issuedFor(server, oldKey, {
    subject: { commonName: DEMO_ENTERPRISE.name, serialNumber: DEMO_ENTERPRISE.creditCode, country: 'CN' },
    ...issue,
  });
  const fingerprint = new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
  const [row] = await server.db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.fingerprint, fingerprint));
  const attachments: Record<string, string> = {};
  for (const [key, service] of [
    ['businessLicence', 'cert.renew'],
    ['idCardFront', 'cert.renew'],
    ['idCardBack', 'cert.renew'],
  ] as const) {
    attachments[key] = (await uploadOk(server, token, { service, attachment: key }, pdfBytes(key))).id;
  }
  return ok(
    server,
    'applications.submit',
    {
      service: 'cert.renew',
      values: renewalForm({
        fingerprint,
        serialNumber: row!.serialNumber,
        commonName: DEMO_ENTERPRISE.name,
        creditCode: DEMO_ENTERPRISE.creditCode,
        notAfter: row!.notAfter,
      }),
      attachments,
      csrPem: newKey.csrPem,
    },
    token,
  );
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
