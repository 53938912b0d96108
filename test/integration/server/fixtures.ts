import { UPLOADS_PATH } from '../../../src-shared/api/routes';
import type { AppErrorBody } from '../../../src-shared/errors';
import { creditCodeCheckChar } from '../../../src-shared/rules/creditCode';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import type { TestServer } from '../../helpers/apiServer';
import { png, pngChunk } from '../../helpers/images';
import type { Reply } from './api';

/** Files, forms and uploads for the application and order tests. */

/**
 * A real PNG of the given size (the server decodes every pixel), made `padding` bytes larger by a
 * private ancillary chunk that decoders skip: for the size rules.
 */
export function pngBytes(width = 800, height = 600, padding = 2_000): Buffer {
  const image = png(width, height, (x, y) => (((x >> 4) + (y >> 4)) % 2 === 0 ? 230 : 40));
  if (padding <= 0) return image;
  const iend = image.length - 12;
  return Buffer.concat([
    image.subarray(0, iend),
    pngChunk('prVt', Buffer.alloc(padding, 7)),
    image.subarray(iend),
  ]);
}

export function pdfBytes(text = 'scan'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
}

export async function upload(
  server: Pick<TestServer, 'url'>,
  token: string | undefined,
  query: Record<string, string>,
  bytes: Buffer,
  contentType = 'application/octet-stream',
): Promise<Reply<UploadedFile & AppErrorBody>> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${UPLOADS_PATH}?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as UploadedFile & AppErrorBody };
}

export async function uploadOk(
  server: Pick<TestServer, 'url'>,
  token: string,
  query: Record<string, string>,
  bytes: Buffer = pngBytes(),
): Promise<UploadedFile> {
  const reply = await upload(server, token, query, bytes);
  if (reply.status !== 200) throw new Error(`upload → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

let enterpriseCounter = Math.floor(Math.random() * 10_000);
/** A valid unified social credit code of an enterprise no other test here has used. */
export function freshCreditCode(): string {
  enterpriseCounter += 1;
  const first17 = `91350100MA${String(enterpriseCounter).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The form of 企业证书新办 as the demo operator fills it in. */
export function enterpriseForm(enterprise: Partial<typeof DEMO_ENTERPRISE> = {}): Record<string, unknown> {
  const { name, creditCode, legalRepresentative, address } = { ...DEMO_ENTERPRISE, ...enterprise };
  return {
    enterpriseName: name,
    creditCode,
    legalRepresentative,
    enterpriseAddress: address,
    operatorName: DEMO_ACCOUNTS.operator.name,
    operatorIdNumber: DEMO_ACCOUNTS.operator.idNumber,
    operatorPhone: DEMO_ACCOUNTS.operator.phone,
    agreement: true,
  };
}

/** The three scans 企业证书新办 asks for, uploaded by `token`. */
export async function enterpriseScans(
  server: Pick<TestServer, 'url'>,
  token: string,
): Promise<Record<string, string>> {
  const service = 'cert.new.enterprise';
  const [licence, front, back] = await Promise.all([
    uploadOk(server, token, { service, attachment: 'businessLicence', fileName: '营业执照.pdf' }, pdfBytes()),
    uploadOk(server, token, { service, attachment: 'idCardFront', fileName: 'front.png' }),
    uploadOk(server, token, { service, attachment: 'idCardBack', fileName: 'back.png' }, pngBytes(640, 400)),
  ]);
  return { businessLicence: licence.id, idCardFront: front.id, idCardBack: back.id };
}

/** The renewal form for a certificate the server issued, as the KEY reading fills it in. */
export function renewalForm(certificate: {
  fingerprint: string;
  serialNumber: string;
  commonName: string;
  creditCode: string;
  notAfter: Date;
}): Record<string, unknown> {
  return {
    certificateKind: 'enterprise',
    certificateFingerprint: certificate.fingerprint,
    certificateSerial: certificate.serialNumber,
    holderName: certificate.commonName,
    creditCode: certificate.creditCode,
    validUntil: certificate.notAfter.toISOString(),
    contactPhone: DEMO_ACCOUNTS.operator.phone,
    agreement: true,
  };
}

export const ORDER_DETAILS = {
  invoice: {
    title: DEMO_ENTERPRISE.name,
    taxpayerNumber: DEMO_ENTERPRISE.creditCode,
    email: 'finance@example.com',
  },
  mailing: { address: '福建省福州市鼓楼区五四路 88 号', recipient: '李四', phone: '13800000002' },
  contactPhone: '13800000002',
} as const;
