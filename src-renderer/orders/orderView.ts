import { DRAFT, REJECTED, WITHDRAWN, type ServiceCode, type StateTone } from '../../src-shared/catalogue';
import type { Profile } from '../../src-shared/schemas/account';
import type { Application } from '../../src-shared/schemas/application';
import {
  MIXED_ENTERPRISES_REASON,
  PAYMENT_METHODS,
  paymentMethodRefusal,
  type InvoiceDetails,
  type MailingDetails,
  type Order,
  type OrderState,
  type PaymentMethod,
} from '../../src-shared/schemas/order';

/** Pure rules of 下单缴费 and 订单管理: what may be ordered together, how, and what an order offers. */

const UNPAYABLE_STATES: readonly string[] = [DRAFT, REJECTED, WITHDRAWN];

/** Submitted, not sent back or withdrawn, has a fee, and in no order yet. */
export function isPayable(application: Application): boolean {
  return (
    application.feeFen > 0 && application.orderId === null && !UNPAYABLE_STATES.includes(application.state)
  );
}

/** Null when these may go into one order, else why not (several enterprises). */
export function selectionRefusal(selected: readonly Application[]): string | null {
  if (selected.length === 0) return '请选择要缴费的申请单';
  const enterprises = new Set(selected.map((application) => application.enterpriseCreditCode));
  return enterprises.size > 1 ? MIXED_ENTERPRISES_REASON : null;
}

export interface MethodOption {
  value: PaymentMethod;
  label: string;
  /** Why this method cannot pay for the selection, or null. */
  refusal: string | null;
}

/** 对公转账 always; 在线支付 only when every selected application may be paid online. */
export function methodOptions(selected: readonly Application[]): MethodOption[] {
  const codes: ServiceCode[] = selected.map((application) => application.service);
  return (Object.keys(PAYMENT_METHODS) as PaymentMethod[]).map((value) => ({
    value,
    label: PAYMENT_METHODS[value],
    refusal: paymentMethodRefusal(value, codes),
  }));
}

export function totalOf(selected: readonly Application[]): number {
  return selected.reduce((sum, application) => sum + application.feeFen, 0);
}

export interface OrderFormDefaults {
  paymentMethod: PaymentMethod;
  invoice: Partial<InvoiceDetails>;
  mailing: Partial<MailingDetails>;
  contactPhone?: string;
}

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === '' ? undefined : value;

/**
 * What the form starts with: the invoice made out to the enterprise (or the person) with its credit
 * code as taxpayer number, the certificates mailed to the profile's address, the profile's phone.
 */
export function orderDefaults(profile: Profile | null, selected: readonly Application[]): OrderFormDefaults {
  const enterpriseCode = selected.find(
    (application) => application.enterpriseCreditCode,
  )?.enterpriseCreditCode;
  const enterprise =
    enterpriseCode && profile?.enterprise?.creditCode === enterpriseCode ? profile.enterprise : null;
  const fromForm = selected.find((application) => typeof application.values.enterpriseName === 'string');
  return {
    paymentMethod: 'transfer',
    invoice: {
      title: present(
        enterprise?.name ?? (fromForm?.values.enterpriseName as string | undefined) ?? profile?.name,
      ),
      taxpayerNumber: present(enterpriseCode ?? undefined),
      email: present(profile?.email),
    },
    mailing: {
      address: present(profile?.address) ?? present(enterprise?.address),
      recipient: present(profile?.name),
      phone: present(profile?.phone),
    },
    contactPhone: present(profile?.phone),
  };
}

export const ORDER_STATE_TONES: Record<OrderState, StateTone> = {
  unpaid: 'warning',
  slip_submitted: 'processing',
  slip_returned: 'error',
  paid: 'success',
};

export interface OrderActions {
  /** 上传汇款底单 (again after a return, or to replace one finance has not looked at yet). */
  uploadSlip: boolean;
  payOnline: boolean;
  downloadInvoice: boolean;
}

export function orderActions(order: Order): OrderActions {
  return {
    uploadSlip: order.paymentMethod === 'transfer' && order.state !== 'paid',
    payOnline: order.paymentMethod === 'online' && order.state === 'unpaid',
    downloadInvoice: order.invoiceReady,
  };
}

/** "企业证书新办 等 2 项" — enough to tell orders apart in a list. */
export function orderSummary(order: Order, applications: readonly Application[]): string {
  const names = order.applicationIds
    .map((id) => applications.find((application) => application.id === id)?.serviceName)
    .filter((name): name is string => name !== undefined);
  const count = order.applicationIds.length;
  if (names.length === 0) return `${count} 个申请单`;
  return count > 1 ? `${names[0]} 等 ${count} 项` : names[0]!;
}
