import { apiRoutes, UPLOAD_MAX_BYTES } from '../api/routes';
import { z } from '../zod';
import { okSchema, sessionUserSchema } from '../schemas/account';
import {
  boundCertificateSchema,
  changePinInput,
  csrSubjectInput,
  generatedRequestSchema,
  keySerialField,
  pinField,
  provePossessionInput,
  tokenCertificateSchema,
  tokenSummarySchema,
} from '../schemas/key';
import { ERROR_CODES, type ErrorCode } from '../errors';
import {
  applicationDetailSchema,
  applicationRefInput,
  applicationSchema,
  staffSearchField,
  submitApplicationInput,
  uploadedFileSchema,
  uploadQuery,
} from '../schemas/application';
import {
  attachSlipInput,
  createOrderInput,
  orderRefInput,
  orderSchema,
  paymentStartedSchema,
} from '../schemas/order';
import { FILE_KINDS, type FileKind } from '../catalogue/types';
import { notificationSchema } from '../schemas/notification';
import {
  syncMutationRefInput,
  syncQueueSchema,
  syncStatusSchema,
  withLocalSync,
} from '../schemas/desktopSync';
import {
  keyDriverPickedSchema,
  settingsSchema,
  settingsUpdateInput,
  settingsUpdateResultSchema,
} from '../schemas/settings';

export type { Settings } from '../schemas/settings';

/**
 * The IPC contract: every call the renderer may make to the desktop services, channel → input → output.
 * Electron's preload and the start:web WebSocket host both carry exactly this table; main validates
 * every input with the same schema before a handler runs.
 */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Channel<I, O> {
  return { input, output };
}

const none = z.object({}).optional();

/**
 * What main answers for something the account may read offline: these fields, and whether the answer
 * is the copy kept on this computer.
 */
function kept<S extends z.ZodRawShape>(shape: S) {
  return z.object({
    ...shape,
    /** True when the API could not be reached and this is the last copy kept on this computer. */
    fromCache: z.boolean(),
    /** When the kept copy was saved; null for a live answer. */
    cachedAt: z.string().nullable(),
  });
}

/** A record the API just answered with, as a live (not kept) answer of its read channel. */
export function fresh<T extends object>(fields: T): T & { fromCache: false; cachedAt: null } {
  return { ...fields, fromCache: false, cachedAt: null };
}

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  /** Null until a 服务地址 is set (a packaged app without one in its build configuration). */
  apiUrl: z.string().nullable(),
  online: z.boolean(),
  /** Set when this computer cannot keep the login safely: the app asks for it after every start. */
  sessionNotice: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const profileResultSchema = kept({
  profile: apiRoutes['profile.get'].output,
});
export type ProfileResult = z.infer<typeof profileResultSchema>;

const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

export const keyStatusSchema = z.object({
  tokens: z.array(tokenSummarySchema),
  /** Why no KEY can be read at all (driver missing or unloadable, KEY service stopped), or null. */
  problem: z.object({ code: errorCodeSchema, message: z.string() }).nullable(),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const keySelectionInput = z.object({ serial: keySerialField });

/** A certificate on a KEY, and the KEY's PIN: what binding and KEY login sign with. */
export const keyCertificateInput = keySelectionInput.extend({
  fingerprint: z.string().min(1, '请选择证书').meta({ label: '证书' }),
  pin: pinField,
});
export type KeyCertificateInput = z.infer<typeof keyCertificateInput>;

/**
 * 在 KEY 上生成密钥对: a new key pair on the KEY and a request for it with this subject. A renewal
 * names the certificate it renews (its fingerprint): the KEY also signs the server's 'renew' challenge
 * with that certificate's key, the proof the submission carries.
 */
export const keyGenerateRequestInput = keySelectionInput.extend({
  pin: pinField,
  subject: csrSubjectInput.meta({ label: '证书主题' }),
  renews: z.string().min(1, '请先读取需要续费的证书').meta({ label: '续费的证书' }).optional(),
});
export type KeyGenerateRequestInput = z.infer<typeof keyGenerateRequestInput>;

export const keyGeneratedRequestSchema = generatedRequestSchema.extend({
  renewalProof: provePossessionInput.optional(),
});
export type KeyGeneratedRequest = z.infer<typeof keyGeneratedRequestSchema>;

/** 写入 KEY: the certificate issued for an application, stored next to its key pair on this KEY. */
export const keyInstallCertificateInput = keySelectionInput.extend({
  pin: pinField,
  applicationId: z.uuid('申请单编号无效').meta({ label: '申请单编号' }),
});
export type KeyInstallCertificateInput = z.infer<typeof keyInstallCertificateInput>;

export const keyBindResultSchema = z.object({
  certificate: boundCertificateSchema,
  /** The KEY still has its factory PIN: the renderer must have it changed before going on. */
  mustChangePin: z.boolean(),
});
export type KeyBindResult = z.infer<typeof keyBindResultSchema>;

export const boundCertificatesResultSchema = kept({
  items: z.array(boundCertificateSchema),
});
export type BoundCertificatesResult = z.infer<typeof boundCertificatesResultSchema>;

/** Each kept record says whether it is as the server has it, waiting to be pushed, or refused. */
export const applicationsResultSchema = kept({
  items: z.array(applicationSchema.extend(withLocalSync)),
});
export type ApplicationsResult = z.infer<typeof applicationsResultSchema>;

export const applicationResultSchema = kept({
  application: applicationDetailSchema.extend(withLocalSync),
  /** The certificate issued for it is kept on this computer: 写入 KEY works offline too. */
  certificateKept: z.boolean(),
});
export type ApplicationResult = z.infer<typeof applicationResultSchema>;

/** A submit carries the form's own idempotency key: the same form sent twice makes one application. */
export const submitApplicationRequest = submitApplicationInput.extend({
  idempotencyKey: z.uuid('表单编号无效，请刷新后重新填写').meta({ label: '表单编号' }),
});
export type SubmitApplicationRequest = z.infer<typeof submitApplicationRequest>;

/** A file for an application, as base64 (the WebSocket carries JSON); checked by content on the server. */
export const uploadFileRequest = uploadQuery.extend({
  contentBase64: z
    .base64('文件内容无法读取，请重新选择文件')
    .max(Math.ceil(UPLOAD_MAX_BYTES / 3) * 4, '文件过大，请压缩后重新上传')
    .meta({ label: '文件内容' }),
});
export type UploadFileRequest = z.infer<typeof uploadFileRequest>;

/** An order is placed with its own client-made id: the same form sent twice makes one order. */
export const createOrderRequest = createOrderInput.extend({
  id: z.uuid('订单编号无效，请刷新后重新下单').meta({ label: '订单编号' }),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequest>;

export const ordersResultSchema = kept({
  items: z.array(orderSchema.extend(withLocalSync)),
});
export type OrdersResult = z.infer<typeof ordersResultSchema>;

/** The finance queue's filter: the route's state, and the search over the kept orders' text. */
export const staffOrdersRequest = apiRoutes['staff.orders'].input.extend({ search: staffSearchField });
export type StaffOrdersRequest = z.infer<typeof staffOrdersRequest>;

export const orderResultSchema = kept({
  order: orderSchema.extend(withLocalSync),
});
export type OrderResult = z.infer<typeof orderResultSchema>;

/** A PDF made or fetched by the desktop services; the renderer saves or opens it. */
export const pdfFileSchema = z.object({
  fileName: z.string(),
  pdfBase64: z.string(),
});
export type PdfFile = z.infer<typeof pdfFileSchema>;

export const paymentOpenedSchema = paymentStartedSchema.extend({
  /** Absolute: the pay page under the API (sandbox) or the gateway's. */
  payUrl: z.string(),
  /** The host opened it in the system browser (Electron); else the renderer opens it itself. */
  opened: z.boolean(),
});
export type PaymentOpened = z.infer<typeof paymentOpenedSchema>;

/** An uploaded file read back (a remittance slip at the finance desk): what it is, and its bytes. */
export const uploadContentSchema = z.object({
  kind: z.enum(Object.keys(FILE_KINDS) as [FileKind, ...FileKind[]]),
  fileName: z.string(),
  contentBase64: z.string(),
});
export type UploadContent = z.infer<typeof uploadContentSchema>;

/** Read or not: the server's readAt, or a markRead still waiting in the outbox. */
export const notificationItemSchema = notificationSchema.extend({ read: z.boolean(), ...withLocalSync });
export type NotificationItem = z.infer<typeof notificationItemSchema>;

export const notificationsResultSchema = kept({
  items: z.array(notificationItemSchema),
  unread: z.number().int().nonnegative(),
});
export type NotificationsResult = z.infer<typeof notificationsResultSchema>;

export const markNotificationsReadInput = z.object({
  ids: z
    .array(z.string().min(1).max(60))
    .min(1, '请选择消息')
    .max(500, '一次最多标记 500 条消息')
    .meta({ label: '消息' }),
});

export const ipcContract = {
  'app.info': channel(none, appInfoSchema),
  'settings.get': channel(none, settingsSchema),
  /** 服务地址 and KEY 驱动 from the vendor list; another origin ends the session and drops the kept records. */
  'settings.update': channel(settingsUpdateInput, settingsUpdateResultSchema),
  /** Electron: main's file dialog chooses the KEY driver file; refused under start:web (vendor list only). */
  'settings.pickKeyDriver': channel(none, keyDriverPickedSchema),

  'captcha.new': channel(none, apiRoutes['captcha.new'].output),
  'sms.send': channel(apiRoutes['sms.send'].input, apiRoutes['sms.send'].output),
  'account.registerByPhone': channel(
    apiRoutes['account.registerByPhone'].input,
    apiRoutes['account.registerByPhone'].output,
  ),
  'account.registerByIdNumber': channel(
    apiRoutes['account.registerByIdNumber'].input,
    apiRoutes['account.registerByIdNumber'].output,
  ),
  /** The session token stays in main; the renderer only learns who is logged in. */
  'auth.loginPassword': channel(apiRoutes['auth.loginPassword'].input, sessionUserSchema),
  'auth.loginSms': channel(apiRoutes['auth.loginSms'].input, sessionUserSchema),
  'auth.resetPasswordByPhone': channel(
    apiRoutes['auth.resetPasswordByPhone'].input,
    apiRoutes['auth.resetPasswordByPhone'].output,
  ),
  'auth.resetPasswordByIdNumber': channel(
    apiRoutes['auth.resetPasswordByIdNumber'].input,
    apiRoutes['auth.resetPasswordByIdNumber'].output,
  ),
  'auth.logout': channel(none, okSchema),
  /** Who is logged in on this computer (from the local store: answers offline too). */
  'auth.current': channel(none, sessionUserSchema.nullable()),
  'account.changePassword': channel(
    apiRoutes['account.changePassword'].input,
    apiRoutes['account.changePassword'].output,
  ),
  'profile.get': channel(none, profileResultSchema),
  'profile.update': channel(apiRoutes['profile.update'].input, apiRoutes['profile.update'].output),
  /** 更换手机号: current password + code sent to the new phone; the account's other sessions end. */
  'account.changePhone': channel(
    apiRoutes['account.changePhone'].input,
    apiRoutes['account.changePhone'].output,
  ),

  /** The inserted KEYs (no PIN needed), or why none can be read. */
  'key.status': channel(none, keyStatusSchema),
  'key.certificates': channel(keySelectionInput, z.object({ items: z.array(tokenCertificateSchema) })),
  'key.changePin': channel(changePinInput, okSchema),
  /** 绑定证书: the KEY signs the server's challenge; the factory PIN is accepted here (seed 003). */
  'key.bind': channel(keyCertificateInput, keyBindResultSchema),
  /** The certificates bound to the account, from the API or the copy kept on this computer. */
  'certificates.bound': channel(none, boundCertificatesResultSchema),
  'auth.loginKey': channel(keyCertificateInput, sessionUserSchema),
  /** Key pair and PKCS#10 request made on the KEY (RSA-2048, or EC P-256 where only that is offered). */
  'key.generateRequest': channel(keyGenerateRequestInput, keyGeneratedRequestSchema),
  /** The application's issued certificate written next to its key; a renewal then drops the old one. */
  'key.installCertificate': channel(keyInstallCertificateInput, tokenCertificateSchema),

  'uploads.put': channel(uploadFileRequest, uploadedFileSchema),
  /** An uploaded file with the session: its owner's, or any for staff (the slip at the finance desk). */
  'uploads.get': channel(
    z.object({ id: z.uuid('文件编号格式不正确').meta({ label: '文件编号' }) }),
    uploadContentSchema,
  ),
  'applications.submit': channel(submitApplicationRequest, applicationDetailSchema),
  /** My applications, from the API or the copy kept on this computer. */
  'applications.list': channel(none, applicationsResultSchema),
  'applications.get': channel(apiRoutes['applications.get'].input, applicationResultSchema),
  'applications.edit': channel(apiRoutes['applications.edit'].input, applicationDetailSchema),
  /** A move of the status machine: withdraw by the applicant; accept, reject … by staff. */
  'applications.transition': channel(apiRoutes['applications.transition'].input, applicationDetailSchema),
  'applications.delete': channel(apiRoutes['applications.delete'].input, okSchema),
  /** The staff queues: every applicant's applications kept on this computer (read offline too). */
  'staff.applications': channel(apiRoutes['staff.applications'].input, applicationsResultSchema),

  /** 下单缴费: my submitted, unpaid applications of one enterprise. */
  'orders.create': channel(createOrderRequest, orderSchema),
  /** My orders, from the API or the copy kept on this computer. */
  'orders.list': channel(none, ordersResultSchema),
  'orders.get': channel(orderRefInput, orderResultSchema),
  /** The 汇款底单 (uploaded through uploads.put, attachment remittanceSlip) joins the order. */
  'orders.attachSlip': channel(attachSlipInput, orderSchema),
  /** Starts an online payment and opens its page outside the app where the host can. */
  'orders.startPayment': channel(orderRefInput, paymentOpenedSchema),
  /** The e-invoice PDF of a paid order. */
  'orders.invoice': channel(orderRefInput, pdfFileSchema),
  /** 打印申请表: while the catalogue lets this application's 申请表 be printed. */
  'print.applicationForm': channel(applicationRefInput, pdfFileSchema),
  /** 打印回执 of an order: what to post, and for a transfer where to pay. */
  'print.orderReceipt': channel(orderRefInput, pdfFileSchema),
  /** 财务核款: every order by state and search (finance only), as kept on this computer (read offline too). */
  'staff.orders': channel(staffOrdersRequest, ordersResultSchema),
  'orders.confirmTransfer': channel(
    apiRoutes['orders.confirmTransfer'].input,
    apiRoutes['orders.confirmTransfer'].output,
  ),
  /** Through the outbox: offline the kept order with the return, marked 待同步. */
  'orders.returnSlip': channel(apiRoutes['orders.returnSlip'].input, orderSchema.extend(withLocalSync)),

  /** Messages for me (expiry reminders), from the API or the copy kept on this computer. */
  'notifications.list': channel(none, notificationsResultSchema),
  'notifications.markRead': channel(markNotificationsReadInput, okSchema),

  /** 同步: what waits to be pushed, what the server refused, the last sync (docs/DESIGN.md "Data and sync"). */
  'sync.status': channel(none, syncStatusSchema),
  /** Pushes the outbox and pulls what changed, now; answers the status after it. */
  'sync.now': channel(none, syncStatusSchema),
  /** The outbox of the account: pending and refused mutations, the user's version beside the server's. */
  'sync.queue': channel(none, syncQueueSchema),
  /** 再次提交: the refused mutation's args again, with a new mutation id, against the server's version. */
  'sync.resubmit': channel(syncMutationRefInput, okSchema),
  /** 放弃我的修改: the refused mutation is dropped and the record shows the server's version again. */
  'sync.discard': channel(syncMutationRefInput, okSchema),
} as const;

export type IpcContract = typeof ipcContract;
export type ChannelName = keyof IpcContract;
export type ChannelInput<C extends ChannelName> = z.input<IpcContract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<IpcContract[C]['output']>;

export const CHANNEL_NAMES = Object.keys(ipcContract) as ChannelName[];
