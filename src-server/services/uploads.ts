import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  actorRolesOf,
  attachmentRule,
  availableTransitions,
  checkAttachment,
  corruptImageReason,
  formatBytes,
  getService,
  sniffFile,
  type AttachmentRule,
} from '../../src-shared/catalogue';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import type { UploadedFile, UploadQuery } from '../../src-shared/schemas/application';
import { REMITTANCE_SLIP } from '../../src-shared/schemas/order';
import type { Database } from '../db/database';
import { preparedPer } from '../db/prepared';
import { applications, blobs, orders, uploads, type AccountRow, type UploadRow } from '../db/schema';
import { hasRole, isStaff, notFound } from './access';
import type { ServiceContext } from './context';
import { decodeImage, type DecodedImage } from './imageDecode';

/** Uploads: checked by content against their rule, stored once per SHA-256, owned by the uploader. */

function attachmentError(code: ErrorCode, message: string): AppError {
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
  const decoded = await decodedImage(rule, bytes);
  const checked = checkAttachment(rule, bytes, query.fileName, decoded);
  if (!checked.ok) {
    throw attachmentError(
      bytes.length > rule.maxBytes ? 'PAYLOAD_TOO_LARGE' : 'ATTACHMENT_INVALID',
      `${rule.label}：${checked.reason}`,
    );
  }
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    await checkQuota(tx, owner.id, bytes.length, ctx.limits.uploadQuotaBytes);
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

/**
 * The pixels of an image the rule would otherwise accept, decoded in full; refuses one that does not
 * decode. Undefined for a PDF, and for anything the cheaper checks refuse anyway.
 */
async function decodedImage(rule: AttachmentRule, bytes: Buffer): Promise<DecodedImage | undefined> {
  const sniffed = sniffFile(bytes);
  if (!sniffed || sniffed.kind === 'pdf' || !rule.types.includes(sniffed.kind)) return undefined;
  if (bytes.length > rule.maxBytes) return undefined;
  const decoded = await decodeImage(bytes);
  if (!decoded || decoded.kind !== sniffed.kind) {
    throw attachmentError('ATTACHMENT_INVALID', `${rule.label}：${corruptImageReason(sniffed.kind)}`);
  }
  return decoded;
}

/** Refuses an upload that would take the account past its quota; serialised per account. */
async function checkQuota(db: Database, ownerId: string, size: number, quota: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`uploads:${ownerId}`}))`);
  const [row] = await db
    .select({ used: sql<string>`coalesce(sum(${uploads.size}), 0)` })
    .from(uploads)
    .where(eq(uploads.ownerId, ownerId));
  const used = Number(row?.used ?? 0);
  if (used + size <= quota) return;
  throw attachmentError(
    'UPLOAD_QUOTA_EXCEEDED',
    `上传的文件总量已达上限 ${formatBytes(quota)}（已用 ${formatBytes(used)}，本文件 ${formatBytes(size)}），` +
      '不能再上传。未用于申请单或订单的文件会在上传一天后自动清除，之后即可继续上传；急需办理请联系服务中心',
  );
}

/** Applications (not deleted) whose attachments name this upload. */
function applicationsUsing(db: Database, uploadId: string) {
  return db
    .select({ serviceCode: applications.serviceCode, state: applications.state })
    .from(applications)
    .where(
      and(
        isNull(applications.deletedAt),
        sql`exists (select 1 from jsonb_each_text(${applications.attachments}) as a(key, value) where a.value = ${uploadId})`,
      ),
    );
}

/**
 * Staff read an upload only while it is in a queue their role works on: an attachment of an
 * application from whose current state one of their roles has a move (the service's machine says
 * which), or the remittance slip of an order for finance.
 */
async function staffMayRead(db: Database, account: AccountRow, uploadId: string): Promise<boolean> {
  if (hasRole(account, 'finance')) {
    const [order] = await db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.slipUploadId, uploadId))
      .limit(1);
    if (order) return true;
  }
  const actors = actorRolesOf(account.roles).filter((role) => role !== 'applicant');
  const using = await applicationsUsing(db, uploadId);
  return using.some((application) => {
    const service = getService(application.serviceCode);
    return service !== undefined && availableTransitions(service, application.state, actors).length > 0;
  });
}

/** The file for its owner, or for staff whose queue holds the application or order it belongs to. */
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
  if (!found) throw notFound('文件');
  if (found.upload.ownerId === account.id) return found;
  if (isStaff(account) && (await staffMayRead(ctx.db, account, id))) return found;
  throw notFound('文件');
}

const ownedUploadsQuery = preparedPer((db) =>
  db
    .select()
    .from(uploads)
    .where(
      and(
        eq(uploads.ownerId, sql.placeholder('ownerId')),
        sql`${uploads.id} = any(${sql.placeholder('ids')}::uuid[])`,
      ),
    )
    .prepare('owned_uploads'),
);

export async function ownedUploads(
  db: Database,
  ownerId: string,
  ids: readonly string[],
): Promise<UploadRow[]> {
  if (ids.length === 0) return [];
  return ownedUploadsQuery(db).execute({ ownerId, ids: [...ids] });
}

export async function readBlob(db: Database, sha256: string): Promise<Buffer | null> {
  const [row] = await db.select({ bytes: blobs.bytes }).from(blobs).where(eq(blobs.sha256, sha256)).limit(1);
  return row?.bytes ?? null;
}
