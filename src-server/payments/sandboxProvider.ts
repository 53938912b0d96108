import { createHmac, timingSafeEqual } from 'node:crypto';
import { SANDBOX_PAY_PATH } from '../../src-shared/api/routes';
import type { PaymentNotification } from '../../src-shared/schemas/order';
import type { PaymentProvider } from './provider';

/** The exact bytes signed: fixed field order, so a re-serialised JSON object signs the same. */
function canonical(notification: PaymentNotification): string {
  const { notificationId, paymentId, amountFen, status, paidAt } = notification;
  return ['certdesk-sandbox-pay', notificationId, paymentId, String(amountFen), status, paidAt].join('\n');
}

/**
 * A built-in stand-in for a payment gateway (development, tests, demos): "paying" signs a
 * notification with an HMAC key only the server holds, as a real gateway signs its callbacks.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  readonly isSandbox = true;

  constructor(private readonly key: Buffer) {}

  payUrl(paymentId: string): string {
    return SANDBOX_PAY_PATH.replace(':paymentId', paymentId);
  }

  sign(notification: PaymentNotification): string {
    return createHmac('sha256', this.key).update(canonical(notification)).digest('hex');
  }

  verify(notification: PaymentNotification, signature: string): boolean {
    const expected = Buffer.from(this.sign(notification), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
