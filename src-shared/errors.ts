import type { z } from './zod';
import { labelledMessage } from './fieldLabels';

/** Stable error codes that cross the HTTP and IPC boundaries. */
export const ERROR_CODES = {
  VALIDATION: 400,
  CAPTCHA_INVALID: 400,
  SMS_CODE_INVALID: 400,
  FIELD_LOCKED: 400,
  BAD_CREDENTIALS: 401,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ACCOUNT_NOT_FOUND: 404,
  PHONE_TAKEN: 409,
  ID_NUMBER_TAKEN: 409,
  VERSION_CONFLICT: 409,
  // Applications of the service catalogue: moves out of order, edits in a closed state, unmet
  // preconditions (no KEY, profile incomplete) and uploads whose content breaks the rule.
  TRANSITION_NOT_ALLOWED: 409,
  STATE_FORBIDS_EDIT: 409,
  PRECONDITION_FAILED: 409,
  ATTACHMENT_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  /** The account's uploads together would pass its quota. */
  UPLOAD_QUOTA_EXCEEDED: 413,
  // Online payment: a provider notification seen before, or one whose amount is not the order's.
  PAYMENT_REPLAYED: 409,
  PAYMENT_MISMATCH: 400,
  /** Sync: a pushed mutation skipped one the server has not seen; push from `details.lastMutationId`. */
  MUTATION_OUT_OF_ORDER: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  SMS_RATE_LIMITED: 429,
  SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  /** Client side only: the API could not be reached. */
  NETWORK: 503,
  /** Client side only: the IPC/WebSocket bridge to the desktop services is gone. */
  BRIDGE: 503,
  // Client side only: the USB KEY (PKCS#11 token) and the child process that drives it.
  TOKEN_MODULE_MISSING: 503,
  TOKEN_MODULE_INVALID: 503,
  KEY_NOT_PRESENT: 409,
  PIN_INCORRECT: 401,
  PIN_LOCKED: 423,
  PIN_CHANGE_REQUIRED: 403,
  TOKEN_CERT_NOT_FOUND: 404,
  TOKEN_KEY_NOT_FOUND: 404,
  TOKEN_MECHANISM_UNSUPPORTED: 422,
  TOKEN_TIMEOUT: 504,
  /** A call waited too long behind others (a slow key generation): the KEY itself is fine. */
  TOKEN_BUSY: 503,
  TOKEN_RESTARTED: 503,
  TOKEN_UNAVAILABLE: 503,
  TOKEN_ERROR: 500,
  // Certificates of the centre's CA: issuing, binding, KEY login.
  CSR_INVALID: 400,
  CHALLENGE_INVALID: 400,
  SIGNATURE_INVALID: 400,
  CERT_INVALID: 400,
  CERT_UNTRUSTED: 400,
  CERT_EXPIRED: 400,
  CERT_NOT_YET_VALID: 400,
  CERT_REVOKED: 400,
  CERT_NOT_BOUND: 401,
  CERT_ALREADY_BOUND: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** Dotted path of the field in the input, e.g. `idNumber`. */
  field: string;
  message: string;
}

export interface ErrorDetails {
  fields?: FieldError[];
  /** Seconds until the caller may try again (rate limits, locks, SMS resend). */
  retryAfterSeconds?: number;
  /** The UI should offer the login page (duplicate registration). */
  offerLogin?: boolean;
  [key: string]: unknown;
}

/** The only error shape that crosses a boundary: no stack, no SQL. */
export interface AppErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  toBody(): AppErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** Reads an error body that came over the wire, tolerating anything. */
export function toAppError(body: unknown, fallback: ErrorCode = 'SERVER_ERROR'): AppError {
  if (typeof body === 'object' && body !== null) {
    const { code, message, details } = body as Record<string, unknown>;
    if (isErrorCode(code) && typeof message === 'string') {
      return new AppError(code, message, (details ?? undefined) as ErrorDetails | undefined);
    }
  }
  return new AppError(fallback, '服务暂时不可用，请稍后重试');
}

/**
 * A zod failure as the stable error shape: the first message leads, every field is listed, and each
 * message names its field with the label `schema` gives it (出生日期：日期无效).
 */
export function validationError(error: z.ZodError, schema: z.ZodType): AppError {
  const fields: FieldError[] = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: labelledMessage(schema, issue.path, issue.message),
  }));
  const first = fields[0];
  return new AppError('VALIDATION', first ? first.message : '输入有误', { fields });
}
