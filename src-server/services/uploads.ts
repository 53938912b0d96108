import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { attachmentRule, checkAttachment, getService, type AttachmentRule } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { UploadedFile, UploadQuery } from '../../src-shared/schemas/application';
import { REMITTANCE_SLIP } from '../../src-shared/schemas/order';
import type { Database } from '../db/database';
import { blobs, uploads, type AccountRow, type UploadRow } from '../db/schema';
import { isStaff, notFound } from './access';
import type { ServiceContext } from './context';

/** Uploads: checked by content against their rule, stored once per SHA-256, owned by the uploader. */

function attachmentError(code: 'ATTACHMENT_INVALID' | 'PAYLOAD_TOO_LARGE', message: string): AppError {
  return new AppError(code, message, { fields: [{ field: 'file', message }] });
}

/** The rule an upload is checked against: an attachment of a service, or an order's remittance slip. */
export function uploadRule(query: Pick<UploadQuery, 'service' | 'attachment'>): AttachmentRule {
  const rule =
    query.service === undefined
      ? query.attachment === REMITTANCE_SLIP.key
        ? REMITTANCE_SLIP
        : undefined
      : attachmentRule(getService(query.service)!, query.attachment);
  if (!rule) {
    const message = '附件类型不正确，请从申请页面重新上传';
    throw new AppError('VALIDATION', message, { fields: [{ field: 'attachment', message }] });
  }
  return rule;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function toUploadedFile(row: UploadRow): UploadedFile {
  return {
    id: row.id,
    sha256: row.sha256,
    kind: row.kind,
    size: row.size,
    width: row.width,
    height: row.height,
    fileName: row.fileName,
    service: row.serviceCode,
    attachment: row.attachmentKey,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Stores the content (once per hash) and the upload record in one transaction. */
export async function storeBlob(db: Database, bytes: Buffer, now: Date): Promise<string> {
  const sha256 = sha256Hex(bytes);
  await db
    .insert(blobs)
    .values({ sha256, bytes, size: bytes.length, createdAt: now })
    .onConflictDoNothing({ target: blobs.sha256 });
  return sha256;
}

export async function storeUpload(
  ctx: ServiceContext,
  owner: AccountRow,
  query: UploadQuery,
  bytes: Buffer,
): Promise<UploadedFile> {
  const rule = uploadRule(query);
  const checked = checkAttachment(rule, bytes, query.fileName);
  if (!checked.ok) {
    throw attachmentError(
      bytes.length > rule.maxBytes ? 'PAYLOAD_TOO_LARGE' : 'ATTACHMENT_INVALID',
      `${rule.label}：${checked.reason}`,
    );
  }
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const sha256 = await storeBlob(tx, bytes, now);
    const [inserted] = await tx
      .insert(uploads)
      .values({
        ownerId: owner.id,
        sha256,
        serviceCode: query.service ?? null,
        attachmentKey: rule.key,
        fileName: query.fileName?.trim() || null,
        kind: checked.kind,
        size: bytes.length,
        width: checked.width ?? null,
        height: checked.height ?? null,
        createdAt: now,
      })
      .returning();
    return inserted!;
  });
  return toUploadedFile(row);
}

/** The file for its owner, or for staff reviewing the application it belongs to. */
export async function readUpload(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<{ upload: UploadRow; bytes: Buffer }> {
  const [found] = await ctx.db
    .select({ upload: uploads, bytes: blobs.bytes })
    .from(uploads)
    .innerJoin(blobs, eq(blobs.sha256, uploads.sha256))
    .where(eq(uploads.id, id))
    .limit(1);
  if (!found || (found.upload.ownerId !== account.id && !isStaff(account))) throw notFound('文件');
  return found;
}

export async function ownedUploads(
  db: Database,
  ownerId: string,
  ids: readonly string[],
): Promise<UploadRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(uploads)
    .where(and(eq(uploads.ownerId, ownerId), inArray(uploads.id, [...ids])));
}

export async function readBlob(db: Database, sha256: string): Promise<Buffer | null> {
  const [row] = await db.select({ bytes: blobs.bytes }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1);
  return row?.bytes ?? null;
}
