import type { PaymentNotification } from '../../src-shared/schemas/order';

/** A payment gateway as the order service sees it: where the payer goes, and whether a callback is genuine. */
export interface PaymentProvider {
  readonly name: string;
  /** The sandbox pays without money and must never run in production. */
  readonly isSandbox: boolean;
  /** Where the payer is sent to pay this payment (a path under the API, or a gateway URL). */
  payUrl(paymentId: string): string;
  /** True when the signature is the provider's over exactly this notification. */
  verify(notification: PaymentNotification, signature: string): boolean;
}
