import type { FastifyBaseLogger } from 'fastify';
import type { CertificateAuthority } from '../ca/authority';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { CjkFont } from '../invoice/cjkFont';
import type { Limits } from '../limits';
import type { PaymentProvider } from '../payments/provider';
import type { SandboxPaymentProvider } from '../payments/sandboxProvider';
import type { SmsProvider } from '../sms/provider';

/** What every service function needs, built once per server. */
export interface ServiceContext {
  db: Database;
  clock: Clock;
  limits: Limits;
  sms: SmsProvider;
  /** Key for hashing SMS codes and captcha answers. */
  secret: Buffer;
  log: FastifyBaseLogger;
  /** The centre's issuing CA. */
  ca: CertificateAuthority;
  /** The online payment gateway; null when online payment is not offered. */
  payments: PaymentProvider | null;
  /** The built-in sandbox gateway, when it is the one in use (never in production). */
  sandboxPayments: SandboxPaymentProvider | null;
  /** The font e-invoices are written in; null when the machine has none (invoices then fail clearly). */
  invoiceFont: CjkFont | null;
  /** Captcha answers kept in clear for the dev route; null in production. */
  devCaptchaAnswers: Map<string, string> | null;
}

/** Who is calling: the client address (rate limits) and, on authenticated routes, the session. */
export interface CallerInfo {
  ip: string;
  userAgent: string | null;
  /** The `Authorization: Bearer` token, for routes where a session is optional (a 'bind' challenge). */
  bearerToken: string | null;
  /** The `Idempotency-Key` header: a repeated mutation carries the same one. */
  idempotencyKey: string | null;
}
