import { eq } from 'drizzle-orm';
import {
  applicantRefusal,
  attachmentRule,
  formSchema,
  issuesCertificate,
  lockedFieldErrors,
  missingAttachmentErrors,
  unmetPreconditions,
  type ApplicationValues,
  type KeyCertificate,
  type ServiceDef,
  type SourceRecords,
} from '../../src-shared/catalogue';
import { AppError, validationError, type FieldError } from '../../src-shared/errors';
import { readRequest } from '../ca/authority';
import { enterprises, type AccountRow, type IssuedCertificateRow } from '../db/schema';
import { toProfile } from './accountQueries';
import { boundAccountId } from './certificateBinding';
import type { ServiceContext } from './context';
import { findIssuedByFingerprint } from './issuedCertificates';
import { ownedUploads } from './uploads';

/**
 * One submission (or edit) judged by the catalogue against what the server knows: who may apply,
 * the service's form schema, locked fields against the profile and the KEY's certificate on record,
 * preconditions, uploads (owned, made for this very attachment) and the key request.
 */

export interface Submission {
  values: Record<string, unknown>;
  attachments: Record<string, string>;
  csrPem?: string;
  blankKey: boolean;
}

export interface CheckedSubmission {
  values: ApplicationValues;
  attachments: Record<string, string>;
  csrPem: string | null;
  blankKey: boolean;
  enterpriseId: string | null;
  enterpriseCreditCode: string | null;
  renewsCertificateId: string | null;
}

function fieldsError(code: 'VALIDATION' | 'FIELD_LOCKED', fields: FieldError[]): AppError {
  return new AppError(code, fields[0]?.message ?? '申请表有误', { fields });
}

function keyCertificateOf(row: IssuedCertificateRow): KeyCertificate {
  return {
    subject: row.subject,
    serialNumber: row.serialNumber,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    fingerprint: row.fingerprint,
  };
}

/** The certificate a KEY-sourced form names (by its fingerprint field), as our records hold it. */
async function keyCertificate(
  ctx: ServiceContext,
  service: ServiceDef,
  values: ApplicationValues,
): Promise<IssuedCertificateRow | null> {
  const fingerprintField = service.fields.find((field) => field.source === 'key.fingerprint');
  if (!fingerprintField) return null;
  const fingerprint = values[fingerprintField.key];
  if (typeof fingerprint !== 'string') return null;
  const issued = await findIssuedByFingerprint(ctx, fingerprint.trim().toLowerCase());
  if (!issued) {
    throw new AppError(
      'PRECONDITION_FAILED',
      '读取到的证书不是本中心签发的，不能在此续费；请插入本中心签发证书的 KEY 后重新读取',
    );
  }
  return issued;
}

async function checkAttachments(
  ctx: ServiceContext,
  account: AccountRow,
  service: ServiceDef,
  values: ApplicationValues,
  attachments: Record<string, string>,
): Promise<void> {
  const rows = await ownedUploads(ctx.db, account.id, Object.values(attachments));
  const errors: FieldError[] = [];
  for (const [key, uploadId] of Object.entries(attachments)) {
    const rule = attachmentRule(service, key);
    const upload = rows.find((row) => row.id === uploadId);
    if (!rule) {
      errors.push({
        field: `attachments.${key}`,
        message: `「${service.name}」不需要这个附件，请移除后重试`,
      });
    } else if (!upload || upload.serviceCode !== service.code || upload.attachmentKey !== key) {
      errors.push({ field: `attachments.${key}`, message: `${rule.label}未找到，请重新上传` });
    }
  }
  errors.push(...missingAttachmentErrors(service, values, Object.keys(attachments)));
  if (errors.length > 0) throw fieldsError('VALIDATION', errors);
}

async function checkKeyRequest(service: ServiceDef, submission: Submission): Promise<void> {
  if (!issuesCertificate(service.code)) return;
  if (submission.csrPem !== undefined) {
    await readRequest(submission.csrPem);
    return;
  }
  const needsKey = service.preconditions.some((precondition) => precondition.kind === 'keyInserted');
  const message = needsKey
    ? '请插入原 KEY，在 KEY 上生成新的证书请求后再提交'
    : '请插入 KEY 生成证书请求，或选择“空白 KEY 到柜台办理”';
  if (needsKey || !submission.blankKey) {
    throw new AppError('VALIDATION', message, { fields: [{ field: 'csrPem', message }] });
  }
}

export async function checkSubmission(
  ctx: ServiceContext,
  account: AccountRow,
  service: ServiceDef,
  submission: Submission,
): Promise<CheckedSubmission> {
  const refusal = applicantRefusal(service, account.roles);
  if (refusal) throw new AppError('FORBIDDEN', refusal);

  const parsed = formSchema(service).safeParse(submission.values);
  if (!parsed.success) throw validationError(parsed.error);
  const values = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as ApplicationValues;

  const renewed = await keyCertificate(ctx, service, values);
  const sources: SourceRecords = {
    profile: await toProfile(ctx.db, account),
    key: renewed ? keyCertificateOf(renewed) : null,
  };
  const locked = lockedFieldErrors(service, sources, values);
  if (locked.length > 0) throw fieldsError('FIELD_LOCKED', locked);

  const unmet = unmetPreconditions(service, {
    ...sources,
    now: ctx.clock.now(),
    keyBound: renewed ? (await boundAccountId(ctx, renewed.id)) === account.id : false,
  });
  if (unmet.length > 0) {
    throw new AppError('PRECONDITION_FAILED', unmet.map((item) => item.message).join('；'), {
      preconditions: unmet,
    });
  }
  if (renewed?.status === 'revoked') {
    throw new AppError('PRECONDITION_FAILED', '该证书已被注销，不能续费，请申请新证书');
  }

  await checkAttachments(ctx, account, service, values, submission.attachments);
  await checkKeyRequest(service, submission);

  const creditCode = typeof values.creditCode === 'string' ? values.creditCode : null;
  const [enterprise] = creditCode
    ? await ctx.db
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(eq(enterprises.creditCode, creditCode))
        .limit(1)
    : [];
  const keyed = issuesCertificate(service.code);
  return {
    values,
    attachments: submission.attachments,
    csrPem: keyed ? (submission.csrPem ?? null) : null,
    blankKey: keyed && submission.csrPem === undefined,
    enterpriseId: enterprise?.id ?? null,
    enterpriseCreditCode: creditCode,
    renewsCertificateId: renewed?.id ?? null,
  };
}
