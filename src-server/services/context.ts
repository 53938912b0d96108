import type { FastifyBaseLogger } from 'fastify';
import type { CertificateAuthority } from '../ca/authority';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Limits } from '../limits';
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
