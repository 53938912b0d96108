import { and, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import {
  actorRolesOn,
  applyTransition,
  certificateSubject,
  issuesCertificate,
  serviceCatalogue,
} from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import { CERTIFICATE_REVOKED } from '../../src-shared/schemas/key';
import type {
  Application,
  ApplicationCertificate,
  ApplicationDetail,
  ApplicationTransitionInput,
} from '../../src-shared/schemas/application';
import { checkRequest } from '../ca/authority';
import { bumped } from '../db/records';
import {
  applications,
  issuedCertificates,
  orders,
  type AccountRow,
  type ApplicationRow,
  type IssuedCertificateRow,
} from '../db/schema';
import { isStaff, notFound, requireRole, versionConflict } from './access';
import { APPLICATION, recordMove, visibleApplication } from './applications';
import { boundAccountId } from './certificateBinding';
import { toApplicationDetail, toApplications } from './applicationViews';
import type { ServiceContext } from './context';
import { issueCertificate, replaceCertificate } from './issuedCertificates';
import type { Authenticated } from './sessions';

/** Moves of an application along its service's machine, by the applicant or by staff, and the staff queue. */

async function orderPaid(ctx: ServiceContext, row: ApplicationRow): Promise<boolean> {
  if (!row.orderId) return false;
  const [order] = await ctx.db.select({ state: orders.state }).from(orders).where(eq(orders.id, row.orderId));
  return order?.state === 'paid';
}

/** The key request to sign: the application's, or one made at the counter on a blank KEY. */
async function requestToSign(row: ApplicationRow, counterCsr: string | undefined): Promise<string> {
  const csrPem = row.csrPem ?? counterCsr;
  if (csrPem === undefined) {
    throw new AppError(
      'PRECONDITION_FAILED',
      '该申请使用空白 KEY，尚无证书请求：请在柜台插入客户的 KEY，生成证书请求后再发证',
    );
  }
  if (row.csrPem === null) await checkRequest(csrPem);
  return csrPem;
}

function notRenewable(message: string): AppError {
  return new AppError('PRECONDITION_FAILED', message);
}

/**
 * The certificate a renewal renews, judged again when it is issued (locked until the transaction ends,
 * so two issues cannot both replace it): still valid, not renewed already, still bound to the applicant.
 */
async function renewableAtIssue(
  ctx: ServiceContext,
  certificateId: string,
  applicantId: string,
): Promise<IssuedCertificateRow> {
  const [certificate] = await ctx.db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.id, certificateId))
    .for('update');
  if (!certificate) throw notRenewable('原证书记录不存在，不能发证；请驳回该续费申请');
  const [renewedBefore] = await ctx.db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.renewsCertificateId, certificateId), isNotNull(applications.certificateId)))
    .limit(1);
  if (renewedBefore) {
    throw notRenewable('原证书已经续费过，不能再次发证；请驳回该续费申请');
  }
  if (certificate.status === 'revoked') {
    throw notRenewable('原证书已被注销，不能为它续费发证；请驳回该续费申请，由申请人办理证书新办');
  }
  if ((await boundAccountId(ctx, certificateId)) !== applicantId) {
    throw notRenewable(
      '原证书已不再绑定到申请人的账号，不能为它续费发证；请驳回该续费申请，由证书的绑定账号重新申请',
    );
  }
  return certificate;
}

export async function moveApplication(
  ctx: ServiceContext,
  auth: Authenticated,
  input: ApplicationTransitionInput,
): Promise<ApplicationDetail> {
  const { account } = auth;
  const row = await visibleApplication(ctx.db, account, input.id);
  const service = serviceCatalogue[row.serviceCode];
  if (input.version !== row.version) throw versionConflict(APPLICATION);
  const moved = applyTransition(
    service,
    row.state,
    input.name,
    actorRolesOn(account.roles, account.id, row.applicantId),
    {
      feedback: input.feedback,
      trackingNumber: input.trackingNumber,
      orderPaid: await orderPaid(ctx, row),
    },
  );
  if (!moved.ok) {
    const details = moved.field ? { fields: [{ field: moved.field, message: moved.message }] } : undefined;
    throw new AppError(moved.code, moved.message, details);
  }
  const issuing = moved.transition.name === 'issue' && issuesCertificate(row.serviceCode);
  const csrPem = issuing ? await requestToSign(row, input.csrPem) : null;
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    let certificateId = row.certificateId;
    if (issuing && csrPem !== null) {
      const renewed = row.renewsCertificateId
        ? await renewableAtIssue({ ...ctx, db: tx }, row.renewsCertificateId, row.applicantId)
        : undefined;
      const issued = await issueCertificate(
        { ...ctx, db: tx },
        { csrPem, subject: certificateSubject(row.serviceCode, row.values, renewed?.subject ?? null) },
      );
      const [record] = await tx
        .select({ id: issuedCertificates.id })
        .from(issuedCertificates)
        .where(eq(issuedCertificates.fingerprint, issued.fingerprint));
      certificateId = record!.id;
      if (renewed) {
        await replaceCertificate(
          tx,
          { oldId: renewed.id, newId: certificateId, accountId: row.applicantId },
          now,
        );
      }
    }
    const [saved] = await tx
      .update(applications)
      .set({
        state: moved.to,
        certificateId,
        csrPem: csrPem ?? row.csrPem,
        trackingNumber: input.trackingNumber?.trim() || row.trackingNumber,
        ...bumped(applications, now),
      })
      .where(and(eq(applications.id, row.id), eq(applications.version, input.version)))
      .returning();
    if (!saved) throw versionConflict(APPLICATION);
    await recordMove(tx, row.id, moved, account, now, input);
    return saved;
  });
  return toApplicationDetail(ctx.db, updated);
}

/** The certificate issued for an application, for writing onto the KEY (applicant or staff). */
export async function applicationCertificate(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<ApplicationCertificate> {
  const row = await visibleApplication(ctx.db, account, id);
  if (!row.certificateId) {
    throw new AppError('PRECONDITION_FAILED', '该申请的证书尚未签发，请在状态变为“可领取”后再写入 KEY');
  }
  const [certificate] = await ctx.db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.id, row.certificateId));
  if (!certificate) throw notFound('证书');
  if (certificate.status === 'revoked') throw new AppError('PRECONDITION_FAILED', CERTIFICATE_REVOKED);
  return toApplicationCertificate(certificate);
}

export function toApplicationCertificate(certificate: IssuedCertificateRow): ApplicationCertificate {
  return {
    certificateId: certificate.id,
    pem: certificate.pem,
    serialNumber: certificate.serialNumber,
    fingerprint: certificate.fingerprint,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The review, finance and issuance queues: every applicant's applications, for staff only. */
export async function staffApplications(
  ctx: ServiceContext,
  account: AccountRow,
  filter: { state?: string; service?: string; search?: string },
): Promise<{ items: Application[] }> {
  if (!isStaff(account)) requireRole(account, ['reviewer', 'finance', 'issuer'], '查看办理队列');
  const conditions = [isNull(applications.deletedAt)];
  if (filter.state) conditions.push(eq(applications.state, filter.state));
  if (filter.service)
    conditions.push(eq(applications.serviceCode, filter.service as ApplicationRow['serviceCode']));
  if (filter.search) {
    const pattern = likePattern(filter.search);
    conditions.push(
      or(
        ilike(applications.number, pattern),
        ilike(sql`${applications.values}::text`, pattern),
        ilike(sql`${applications.id}::text`, pattern),
        inArray(
          applications.orderId,
          ctx.db.select({ id: orders.id }).from(orders).where(ilike(orders.number, pattern)),
        ),
      )!,
    );
  }
  const rows = await ctx.db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(desc(applications.submittedAt), desc(applications.changeSeq))
    .limit(500);
  return { items: await toApplications(ctx.db, rows) };
}
