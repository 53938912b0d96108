import { z } from '../zod';
import { scan, textRule } from '../catalogue/fieldKit';
import type { AttachmentRule, ServiceCode } from '../catalogue/types';
import {
  contactPhoneField,
  emailField,
  idField,
  personNameField,
  taxpayerNumberField,
  versionField,
} from './fields';

/** Orders over several applications: payment by transfer or online, invoice and mailing details. */

export const PAYMENT_METHODS = { transfer: '对公转账', online: '在线支付' } as const;
export type PaymentMethod = keyof typeof PAYMENT_METHODS;

export const ORDER_STATES = {
  unpaid: '待缴费',
  slip_submitted: '待财务确认',
  slip_returned: '汇款底单被退回',
  paid: '已缴费',
} as const;
export type OrderState = keyof typeof ORDER_STATES;

/**
 * The moves of a bank-transfer order: from which states, to which. The server enforces them; the desktop
 * foresees them on a change queued offline.
 */
export const ORDER_MOVES = {
  /** The owner uploads the slip (again, after finance returned one). */
  attachSlip: { from: ['unpaid', 'slip_submitted', 'slip_returned'], to: 'slip_submitted' },
  /** Finance confirms the transfer arrived. */
  confirmTransfer: { from: ['slip_submitted'], to: 'paid' },
  /** Finance returns the slip with the reason. */
  returnSlip: { from: ['slip_submitted'], to: 'slip_returned' },
} as const satisfies Record<string, { from: readonly OrderState[]; to: OrderState }>;

/** The remittance slip of a bank transfer: a scan or photo, checked like every upload. */
export const REMITTANCE_SLIP: AttachmentRule = scan('remittanceSlip', '汇款底单');

export const MIXED_ENTERPRISES_REASON = '订单中的申请单必须属于同一家企业';

/** Services that may be paid online (seed 003: renewals only; an order with a new certificate is transfer only). */
export const ONLINE_PAYMENT_SERVICES: readonly ServiceCode[] = ['cert.renew'];

/** Null when the method may pay for these services, else the reason it may not. */
export function paymentMethodRefusal(method: PaymentMethod, services: readonly ServiceCode[]): string | null {
  if (method === 'transfer') return null;
  return services.every((code) => ONLINE_PAYMENT_SERVICES.includes(code))
    ? null
    : '订单中含有新证申请，只能选择对公转账；只有续费业务可以在线支付';
}

const orderIdField = idField.meta({ label: '订单编号' });
const slipUploadField = idField.meta({ label: '汇款底单' });

export const invoiceDetailsSchema = z.object({
  title: textRule('发票抬头', 100, 2),
  taxpayerNumber: taxpayerNumberField,
  email: emailField.meta({ label: '接收发票的邮箱' }),
});
export type InvoiceDetails = z.infer<typeof invoiceDetailsSchema>;

export const mailingDetailsSchema = z.object({
  address: textRule('邮寄地址', 200, 5),
  recipient: personNameField.meta({ label: '收件人' }),
  phone: contactPhoneField.meta({ label: '收件人电话' }),
});
export type MailingDetails = z.infer<typeof mailingDetailsSchema>;

export const createOrderInput = z.object({
  /** Client-made, so a repeated push finds the same order. */
  id: orderIdField.optional(),
  applicationIds: z
    .array(idField, { error: '请选择要缴费的申请单' })
    .min(1, '请选择要缴费的申请单')
    .max(50, '一个订单最多 50 个申请单')
    .meta({ label: '申请单' }),
  paymentMethod: z.enum(['transfer', 'online'], { error: '请选择缴费方式' }).meta({ label: '缴费方式' }),
  invoice: invoiceDetailsSchema.meta({ label: '发票信息' }),
  mailing: mailingDetailsSchema.meta({ label: '邮寄信息' }),
  /** Of the person collecting the certificates; progress messages go here. */
  contactPhone: contactPhoneField,
  /** The remittance slip, when uploaded right away. */
  slipUploadId: slipUploadField.optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const orderRefInput = z.object({ id: orderIdField });
export const attachSlipInput = z.object({
  id: orderIdField,
  version: versionField,
  uploadId: slipUploadField,
});
export const confirmPaymentInput = z.object({ id: orderIdField, version: versionField });
export const returnSlipInput = z.object({
  id: orderIdField,
  version: versionField,
  feedback: textRule('退回原因', 500),
});
export const listOrdersInput = z.object({
  state: z
    .enum(Object.keys(ORDER_STATES) as [OrderState, ...OrderState[]])
    .meta({ label: '订单状态' })
    .optional(),
});

export const orderSchema = z.object({
  id: z.string(),
  /** The 订单号 people see and write as the bank transfer remark (DD20261202-0042). */
  /** Null only on a desktop record not yet pushed (shown as 待分配); the server always sends one. */
  number: z.string().nullable().meta({ label: '订单号' }),
  ownerId: z.string(),
  state: z.enum(Object.keys(ORDER_STATES) as [OrderState, ...OrderState[]]),
  stateLabel: z.string(),
  paymentMethod: z.enum(['transfer', 'online']),
  amountFen: z.number().int(),
  applicationIds: z.array(z.string()),
  enterpriseCreditCode: z.string().nullable(),
  invoice: invoiceDetailsSchema,
  mailing: mailingDetailsSchema,
  contactPhone: z.string(),
  slipUploadId: z.string().nullable(),
  financeFeedback: z.string().nullable(),
  paidAt: z.string().nullable(),
  /** The e-invoice can be downloaded. */
  invoiceReady: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;
export const orderListSchema = z.object({ items: z.array(orderSchema) });

// ---------- online payment ----------

export const paymentStartedSchema = z.object({
  paymentId: z.string(),
  /** Where the payer is sent (the sandbox's pay endpoint in development). */
  payUrl: z.string(),
  amountFen: z.number().int(),
});
export type PaymentStarted = z.infer<typeof paymentStartedSchema>;

/** What the payment provider posts back when a payment completes. */
export const paymentNotificationSchema = z.object({
  /** Unique per notification: a second delivery of the same one is a replay. */
  notificationId: idField.meta({ label: '通知编号' }),
  paymentId: idField.meta({ label: '支付编号' }),
  amountFen: z.number().int().nonnegative().meta({ label: '金额' }),
  status: z.literal('paid').meta({ label: '支付状态' }),
  paidAt: z.iso.datetime({ offset: true }).meta({ label: '支付时间' }),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

export const paymentCallbackInput = z.object({
  notification: paymentNotificationSchema.meta({ label: '支付通知' }),
  /** HMAC-SHA256 of the canonical notification, lower-case hex. */
  signature: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '签名格式不正确')
    .meta({ label: '签名' }),
});
export type PaymentCallbackInput = z.infer<typeof paymentCallbackInput>;
