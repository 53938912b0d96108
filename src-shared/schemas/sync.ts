import { z } from '../zod';
import { updateProfileInput, profileSchema } from './account';
import {
  applicationCertificateSchema,
  applicationDetailSchema,
  applicationTransitionInput,
  deleteApplicationInput,
  editApplicationInput,
  submitApplicationInput,
} from './application';
import { idField } from './fields';
import { boundCertificateSchema } from './key';
import { notificationRefInput, notificationSchema } from './notification';
import { attachSlipInput, createOrderInput, orderSchema, returnSlipInput } from './order';

/**
 * The sync protocol of docs/DESIGN.md ("Data and sync"): the desktop pushes its outbox of mutations
 * and pulls what changed after its cursor.
 */

/**
 * Every write that may be queued offline, with the input schema of the route that does it online.
 * Signing in, registration, SMS, payments and issuing certificates need the server and are not here.
 */
export const MUTATIONS = {
  'application.submit': submitApplicationInput,
  'application.edit': editApplicationInput,
  'application.delete': deleteApplicationInput,
  /** Withdraw, resubmit, and the staff decisions (accept, reject with feedback, ship); not `issue`. */
  'application.transition': applicationTransitionInput,
  'order.create': createOrderInput,
  'order.attachSlip': attachSlipInput,
  'order.returnSlip': returnSlipInput,
  'profile.update': updateProfileInput,
  'notification.markRead': notificationRefInput,
} as const;
export type MutationName = keyof typeof MUTATIONS;

/** Moves only the server can take (issuing signs with the centre's CA): never queued offline. */
export const SERVER_ONLY_TRANSITIONS: readonly string[] = ['issue'];
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATIONS)[N]>;

const clientIdField = idField.meta({ label: '客户端编号' });
const mutationIdField = z
  .number({ error: '操作序号应为正整数' })
  .int('操作序号应为正整数')
  .positive('操作序号应为正整数')
  .meta({ label: '操作序号' });

export const mutationSchema = z.object({
  mutationId: mutationIdField,
  /** Checked against MUTATIONS by the server: an unknown name comes back as a rejection. */
  name: z.string().min(1, '缺少操作名称').max(60, '操作名称过长').meta({ label: '操作名称' }),
  args: z.unknown().meta({ label: '操作内容' }),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushInput = z.object({
  clientId: clientIdField,
  mutations: z
    .array(mutationSchema, { error: '操作列表格式不正确' })
    .max(1000, '一次最多推送 1000 项操作')
    .meta({ label: '操作列表' }),
});
export type PushInput = z.infer<typeof pushInput>;

/** A mutation refused for a business reason: it still counts as done, so the queue moves on. */
export const rejectionSchema = z.object({
  mutationId: z.number().int(),
  name: z.string(),
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type Rejection = z.infer<typeof rejectionSchema>;

export const pushResultSchema = z.object({
  /** Every mutation up to this one is done (applied, refused, or a repeat). */
  lastMutationId: z.number().int(),
  results: z.array(
    z.object({
      mutationId: z.number().int(),
      status: z.enum(['applied', 'repeat', 'rejected']),
    }),
  ),
  rejections: z.array(rejectionSchema),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 2000;

export const pullInput = z.object({
  clientId: clientIdField,
  /** The `cursor` of the last pull; null for the first. */
  cursor: z
    .number({ error: '同步位置格式不正确' })
    .int('同步位置格式不正确')
    .nonnegative('同步位置格式不正确')
    .nullable()
    .meta({ label: '同步位置' }),
  limit: z
    .number({ error: '每页条数应为整数' })
    .int('每页条数应为整数')
    .min(1, '每页条数至少为 1')
    .max(PULL_LIMIT_MAX, `每页条数最多为 ${PULL_LIMIT_MAX}`)
    .default(PULL_LIMIT_DEFAULT)
    .meta({ label: '每页条数' }),
});
export type PullInput = z.infer<typeof pullInput>;

/** An issued certificate the account may write onto a KEY, with the application it was issued for. */
export const syncedCertificateSchema = applicationCertificateSchema.extend({
  applicationId: z.string(),
  status: z.enum(['valid', 'revoked']),
});

export const pullResultSchema = z.object({
  /** Rows changed after the cursor, each in the shape its GET route returns. */
  changes: z.object({
    applications: z.array(applicationDetailSchema),
    orders: z.array(orderSchema),
    boundCertificates: z.array(boundCertificateSchema),
    issuedCertificates: z.array(syncedCertificateSchema),
    notifications: z.array(notificationSchema),
    /** The account's own profile, when it changed. */
    profile: profileSchema.nullable(),
  }),
  /** Records gone since the cursor (an application the applicant deleted). */
  deletions: z.array(z.object({ kind: z.literal('application'), id: z.string() })),
  lastMutationId: z.number().int(),
  /** This client's refused mutations recorded after the cursor. */
  rejections: z.array(rejectionSchema),
  /** The highest change included: the next pull's cursor. */
  cursor: z.number().int(),
  /** More changes wait beyond this page: pull again with `cursor` at once. */
  hasMore: z.boolean(),
});
export type PullResult = z.infer<typeof pullResultSchema>;
