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
import { checkRequest } from '../ca/authority';
import type { ProvePossessionInput } from '../../src-shared/schemas/key';
import { enterprises, issuedCertificates, type AccountRow, type IssuedCertificateRow } from '../db/schema';
import { toProfile } from './accountQueries';
import { boundAccountId } from './certificateBinding';
import type { ServiceContext } from './context';
import { checkPossession } from './possession';
import type { Authenticated } from './sessions';
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
  /** A new renewal: the 'renew' challenge signed on the KEY with the old certificate's key. */
  renewalProof?: ProvePossessionInput;
  /** An edit of a renewal: the certificate it renews, as stored. */
  renews?: string;
}

export interface CheckedSubmission {
  values: ApplicationValues;
  attachments: Record<string, string>;
  csrPem: string | null;
  blankKey: boolean;
  enterpriseId: string | null;
  enterpriseCreditCode: string | null;
  renewsCertificateId: string | null;
  /** To be used up with the application stored (checked, still unused). */
  renewalChallengeId: string | null;
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

export const RENEWAL_PROOF_MISSING =
  '续费需用原证书所在的 KEY 签名确认：请插入原 KEY，读取证书并在该 KEY 上生成新的密钥对后再提交';
/**
 * The certificate a renewal renews, and the 'renew' challenge proving it (null at an edit). A new
 * renewal names it only by the proof signed on the KEY with its key — never by the form's fields;
 * an edit keeps the one proven at submission.
 */
async function renewedCertificate(
  ctx: ServiceContext,
  account: AccountRow,
  service: ServiceDef,
  submission: Submission,
): Promise<{ certificate: IssuedCertificateRow; challengeId: string | null } | null> {
  if (!service.fields.some((field) => field.source === 'key.fingerprint')) return null;
  if (submission.renews !== undefined) {
    const [certificate] = await ctx.db
      .select()
      .from(issuedCertificates)
      .where(eq(issuedCertificates.id, submission.renews));
    if (!certificate) throw new AppError('PRECONDITION_FAILED', '原证书记录不存在，请重新提交续费申请');
    return { certificate, challengeId: null };
  }
  const proof = submission.renewalProof;
  if (!proof) {
    throw new AppError('VALIDATION', RENEWAL_PROOF_MISSING, {
      fields: [{ field: 'renewalProof', message: RENEWAL_PROOF_MISSING }],
    });
  }
  const certificate = await checkPossession(ctx, proof, 'renew', account.id);
  return { certificate, challengeId: proof.challengeId };
}

/**
 * The attachments: each one the service asks for, none missing, and each an upload of the applicant
 * made for this very attachment. `owned` false: the uploads are not looked up (the insert checks
 * them, see submitApplication) — unless something else is already wrong, when the refusal is
 * worked out in full here, as it always is.
 */
export async function checkAttachments(
  ctx: ServiceContext,
  account: AccountRow,
  service: ServiceDef,
  values: ApplicationValues,
  attachments: Record<string, string>,
  owned = true,
): Promise<void> {
  const missing = missingAttachmentErrors(service, values, Object.keys(attachments));
  const asked = Object.keys(attachments).every((key) => attachmentRule(service, key) !== undefined);
  if (!owned && asked && missing.length === 0) return;
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
  errors.push(...missing);
  if (errors.length > 0) throw fieldsError('VALIDATION', errors);
}

async function checkKeyRequest(service: ServiceDef, submission: Submission): Promise<void> {
  if (!issuesCertificate(service.code)) return;
  if (submission.csrPem !== undefined) {
    await checkRequest(submission.csrPem);
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

/**
 * `lookUpUploads` false: whether the attachments' uploads are the applicant's, made for them, is left
 * to the caller (submitApplication's insert checks it, and calls checkAttachments when it fails);
 * a refusal for anything checked after the attachments is preceded by theirs, as always.
 */
export async function checkSubmission(
  ctx: ServiceContext,
  { account, enterprise: ownEnterprise }: Pick<Authenticated, 'account' | 'enterprise'>,
  service: ServiceDef,
  submission: Submission,
  lookUpUploads = true,
): Promise<CheckedSubmission> {
  const refusal = applicantRefusal(service, account.roles);
  if (refusal) throw new AppError('FORBIDDEN', refusal);

  const form = formSchema(service);
  const parsed = form.safeParse(submission.values);
  if (!parsed.success) throw validationError(parsed.error, form);
  const values = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as ApplicationValues;

  const renewal = await renewedCertificate(ctx, account, service, submission);
  const renewed = renewal?.certificate ?? null;
  const sources: SourceRecords = {
    profile: await toProfile(ctx.db, account, ownEnterprise),
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

  await checkAttachments(ctx, account, service, values, submission.attachments, lookUpUploads);
  try {
    await checkKeyRequest(service, submission);
  } catch (error) {
    // The attachments come first: a refusal of theirs is the answer.
    if (!lookUpUploads) await checkAttachments(ctx, account, service, values, submission.attachments);
    throw error;
  }

  const creditCode = typeof values.creditCode === 'string' ? values.creditCode : null;
  // The operator's own enterprise (already read for the profile) is the usual one: no second read.
  const own = sources.profile?.enterprise;
  const [enterprise] = !creditCode
    ? []
    : own?.creditCode === creditCode
      ? [own]
      : await ctx.db
          .select({ id: enterprises.id })
          .from(enterprises)
          .where(eq(enterprises.creditCode, creditCode))
          .limit(1);
  const keyed = issuesCertificate(service.code);
  return {
    values,
    attachments: submission.attachments,
    csrPem: keyed ? (submission.csrPem ?? null) : null,
    blankKey: keyed && submission.csrPem === undefined,
    enterpriseId: enterprise?.id ?? null,
    enterpriseCreditCode: creditCode,
    renewsCertificateId: renewed?.id ?? null,
    renewalChallengeId: renewal?.challengeId ?? null,
  };
}
