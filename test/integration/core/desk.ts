import { randomUUID } from 'node:crypto';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { pngBytes } from '../server/fixtures';
import type { Desk } from '../../helpers/desk';

export { openDesk, type Desk } from '../../helpers/desk';

export const base64 = (bytes: Buffer) => bytes.toString('base64');

async function uploadScans(desk: Desk): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const attachment of ['businessLicence', 'idCardFront', 'idCardBack']) {
    const stored = await desk.ok<UploadedFile>('uploads.put', {
      service: 'cert.new.enterprise',
      attachment,
      fileName: `${attachment}.png`,
      contentBase64: base64(pngBytes()),
    });
    ids[attachment] = stored.id;
  }
  return ids;
}

/** The demo operator's 企业证书新办 form. */
export function enterpriseValues() {
  const { operator } = DEMO_ACCOUNTS;
  return {
    enterpriseName: DEMO_ENTERPRISE.name,
    creditCode: DEMO_ENTERPRISE.creditCode,
    legalRepresentative: DEMO_ENTERPRISE.legalRepresentative,
    enterpriseAddress: DEMO_ENTERPRISE.address,
    operatorName: operator.name,
    operatorIdNumber: operator.idNumber,
    operatorPhone: operator.phone,
    agreement: true,
  };
}

/** Submits a 企业证书新办 with a blank KEY through the desk. */
export async function submitEnterprise(desk: Desk, idempotencyKey = randomUUID()) {
  return desk.call('applications.submit', {
    idempotencyKey,
    service: 'cert.new.enterprise',
    values: enterpriseValues(),
    attachments: await uploadScans(desk),
    blankKey: true,
  });
}
