import { z } from '../zod';
import { idField, versionField } from './fields';
import { FILE_KINDS, SERVICE_CODES, type FileKind } from '../catalogue/types';
import { transitionRecordSchema } from '../catalogue/machine';
import { provePossessionInput } from './key';
import { ORDER_STATES, type OrderState } from './order';

/** Applications of the service catalogue and their uploads, as the API takes and returns them. */

const serviceField = z.enum(SERVICE_CODES, { error: '请选择要办理的业务' }).meta({ label: '业务' });
const applicationIdField = idField.meta({ label: '申请单编号' });

/** Field values are checked against the service's own form schema on the server, not here. */
const valuesField = z
  .record(z.string().max(60), z.unknown(), { error: '申请表内容格式不正确' })
  .meta({ label: '申请表内容' });
/** Attachment key → upload id. */
const attachmentsField = z
  .record(z.string().max(60), idField, { error: '附件格式不正确' })
  .meta({ label: '附件' });

const csrPemField = z
  .string({ error: '证书请求格式不正确' })
  .max(20_000, '证书请求过大')
  .regex(/-----BEGIN CERTIFICATE REQUEST-----/, '证书请求格式不正确，请在 KEY 上重新生成')
  .meta({ label: '证书请求' });

/** "blank KEY at the counter": no request now, the issuer makes one when the KEY is there. */
const blankKeyField = z.boolean().default(false).meta({ label: '是否空白 KEY' });

/** A new application, submitted at once (drafts stay on the client). */
export const submitApplicationInput = z.object({
  /** Client-made, so a repeated push finds the same record. */
  id: applicationIdField.optional(),
  service: serviceField,
  values: valuesField,
  attachments: attachmentsField.default({}),
  /** The request made on the inserted KEY; absent when the KEY is blank and brought to the counter. */
  csrPem: csrPemField.optional(),
  blankKey: blankKeyField,
  /**
   * A renewal: a 'renew' challenge signed on the KEY with the old certificate's key. The renewed
   * certificate is the one this proves, never one named by the form.
   */
  renewalProof: provePossessionInput.meta({ label: '续费证明' }).optional(),
});
export type SubmitApplicationInput = z.infer<typeof submitApplicationInput>;

export const editApplicationInput = z.object({
  id: applicationIdField,
  version: versionField,
  values: valuesField,
  attachments: attachmentsField.default({}),
  csrPem: csrPemField.optional(),
  blankKey: blankKeyField,
});
export type EditApplicationInput = z.infer<typeof editApplicationInput>;

export const applicationRefInput = z.object({ id: applicationIdField });
export const deleteApplicationInput = z.object({ id: applicationIdField, version: versionField });

export const applicationTransitionInput = z.object({
  id: applicationIdField,
  name: z
    .string({ error: '请选择操作' })
    .min(1, '请选择操作')
    .max(40, '操作名称过长')
    .meta({ label: '操作' }),
  version: versionField,
  feedback: z.string().max(1000, '审核意见过长').meta({ label: '审核意见' }).optional(),
  trackingNumber: z.string().max(60, '快递单号过长').meta({ label: '快递单号' }).optional(),
  /** At the counter: the request made on a blank KEY, when the application had none. */
  csrPem: csrPemField.optional(),
});
export type ApplicationTransitionInput = z.infer<typeof applicationTransitionInput>;

export const listApplicationsInput = z.object({
  state: z.string().max(40).meta({ label: '状态' }).optional(),
  service: serviceField.optional(),
});

/** The search box of a staff queue. */
export const staffSearchField = z
  .string()
  .trim()
  .max(50, '搜索内容不能超过 50 个字')
  .meta({ label: '搜索内容' })
  .optional();

export const staffApplicationsInput = listApplicationsInput.extend({
  /**
   * Matches the 申请单号, its 订单号, the applicant's form values (names, codes) and the application id;
   * on the desktop, the kept copies' text (src-main/core/sync/recordSearch.ts).
   */
  search: staffSearchField,
});

export const applicationSchema = z.object({
  id: z.string(),
  /** The 申请单号 people see (SQ20261202-0042); the id stays out of their sight. */
  /** Null only on a desktop record not yet pushed (shown as 待分配); the server always sends one. */
  number: z.string().nullable().meta({ label: '申请单号' }),
  service: serviceField,
  serviceName: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  applicantId: z.string(),
  applicantName: z.string().nullable(),
  /** The enterprise the application is for (its unified social credit code), null for a person. */
  enterpriseCreditCode: z.string().nullable(),
  values: z.record(z.string(), z.unknown()),
  attachments: z.record(z.string(), z.string()),
  hasCsr: z.boolean(),
  blankKey: z.boolean(),
  feeFen: z.number().int(),
  orderId: z.string().nullable(),
  /** Its order's 订单号, null before it is ordered. */
  orderNumber: z.string().nullable().meta({ label: '订单号' }),
  /** The state of its order (null before it is ordered): the issuer issues only once it is paid. */
  orderState: z.enum(Object.keys(ORDER_STATES) as [OrderState, ...OrderState[]]).nullable(),
  certificateId: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  submittedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationDetailSchema = applicationSchema.extend({
  timeline: z.array(transitionRecordSchema),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export const applicationListSchema = z.object({ items: z.array(applicationSchema) });

/** The certificate issued for an application, to be written onto the KEY next to its key pair. */
export const applicationCertificateSchema = z.object({
  certificateId: z.string(),
  pem: z.string(),
  serialNumber: z.string(),
  fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
});
export type ApplicationCertificate = z.infer<typeof applicationCertificateSchema>;

// ---------- uploads (raw bytes, outside the JSON route table) ----------

/** Query of `POST /uploads`: which rule the bytes are checked against. */
export const uploadQuery = z.object({
  /** The service whose attachment this is; omitted for an order's remittance slip. */
  service: serviceField.optional(),
  attachment: z
    .string({ error: '缺少附件类型' })
    .min(1, '缺少附件类型')
    .max(60, '附件类型过长')
    .meta({ label: '附件类型' }),
  fileName: z.string().max(200, '文件名过长').meta({ label: '文件名' }).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuery>;

export const uploadedFileSchema = z.object({
  id: z.string(),
  /** SHA-256 of the content, lower-case hex. */
  sha256: z.string(),
  kind: z.enum(Object.keys(FILE_KINDS) as [FileKind, ...FileKind[]]),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fileName: z.string().nullable(),
  service: serviceField.nullable(),
  attachment: z.string(),
  createdAt: z.string(),
});
export type UploadedFile = z.infer<typeof uploadedFileSchema>;
