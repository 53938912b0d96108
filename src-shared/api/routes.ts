import { z } from '../zod';
import {
  captchaSchema,
  changePasswordInput,
  changePhoneInput,
  loginByPasswordInput,
  loginBySmsInput,
  okSchema,
  profileSchema,
  registerByIdNumberInput,
  registerByPhoneInput,
  registeredSchema,
  resetPasswordByIdNumberInput,
  resetPasswordByPhoneInput,
  sendSmsInput,
  sessionSchema,
  sessionUserSchema,
  smsSentSchema,
  updateProfileInput,
} from '../schemas/account';
import {
  applicationCertificateSchema,
  applicationDetailSchema,
  applicationListSchema,
  applicationRefInput,
  applicationTransitionInput,
  deleteApplicationInput,
  editApplicationInput,
  listApplicationsInput,
  staffApplicationsInput,
  submitApplicationInput,
} from '../schemas/application';
import {
  attachSlipInput,
  confirmPaymentInput,
  createOrderInput,
  listOrdersInput,
  orderListSchema,
  orderRefInput,
  orderSchema,
  paymentCallbackInput,
  paymentStartedSchema,
  returnSlipInput,
} from '../schemas/order';
import { notificationListSchema } from '../schemas/notification';
import { pullInput, pullResultSchema, pushInput, pushResultSchema } from '../schemas/sync';
import {
  boundCertificateListSchema,
  boundCertificateSchema,
  caCertificateSchema,
  challengeSchema,
  csrSubjectSchema,
  newChallengeInput,
  provePossessionInput,
} from '../schemas/key';

/**
 * The remote API, one table: the server registers a route per entry and validates `input` with it;
 * the desktop client calls entries by name. `auth` says whether a session token is required.
 * Bodies of GET routes travel as the query string.
 */
export interface ApiRoute<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  A extends boolean = boolean,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  input: I;
  output: O;
  /** Kept as a literal type so the server can give authenticated handlers a non-null session. */
  auth: A;
}

function route<I extends z.ZodType, O extends z.ZodType, A extends boolean>(
  r: ApiRoute<I, O, A>,
): ApiRoute<I, O, A> {
  return r;
}

const empty = z.object({});

export const API_PREFIX = '/api/v1';

/**
 * Sent with every answer to an authenticated request: when the session now ends (ISO 8601). Each use
 * moves the idle deadline on, so the client keeps the latest value rather than the one login gave.
 */
export const SESSION_EXPIRES_HEADER = 'x-session-expires-at';

export const apiRoutes = {
  'captcha.new': route({
    method: 'POST',
    path: '/captcha',
    input: empty,
    output: captchaSchema,
    auth: false,
  }),
  'sms.send': route({
    method: 'POST',
    path: '/sms/send',
    input: sendSmsInput,
    output: smsSentSchema,
    auth: false,
  }),
  'account.registerByPhone': route({
    method: 'POST',
    path: '/accounts/by-phone',
    input: registerByPhoneInput,
    output: registeredSchema,
    auth: false,
  }),
  'account.registerByIdNumber': route({
    method: 'POST',
    path: '/accounts/by-id-number',
    input: registerByIdNumberInput,
    output: registeredSchema,
    auth: false,
  }),
  'auth.loginPassword': route({
    method: 'POST',
    path: '/sessions/password',
    input: loginByPasswordInput,
    output: sessionSchema,
    auth: false,
  }),
  'auth.loginSms': route({
    method: 'POST',
    path: '/sessions/sms',
    input: loginBySmsInput,
    output: sessionSchema,
    auth: false,
  }),
  'auth.resetPasswordByPhone': route({
    method: 'POST',
    path: '/password-resets/by-phone',
    input: resetPasswordByPhoneInput,
    output: okSchema,
    auth: false,
  }),
  'auth.resetPasswordByIdNumber': route({
    method: 'POST',
    path: '/password-resets/by-id-number',
    input: resetPasswordByIdNumberInput,
    output: okSchema,
    auth: false,
  }),
  'auth.logout': route({
    method: 'DELETE',
    path: '/sessions/current',
    input: empty,
    output: okSchema,
    auth: true,
  }),
  'auth.me': route({ method: 'GET', path: '/me', input: empty, output: sessionUserSchema, auth: true }),
  'account.changePassword': route({
    method: 'POST',
    path: '/me/password',
    input: changePasswordInput,
    output: okSchema,
    auth: true,
  }),
  'profile.get': route({
    method: 'GET',
    path: '/me/profile',
    input: empty,
    output: profileSchema,
    auth: true,
  }),
  'profile.update': route({
    method: 'PUT',
    path: '/me/profile',
    input: updateProfileInput,
    output: profileSchema,
    auth: true,
  }),
  'account.changePhone': route({
    method: 'POST',
    path: '/me/phone',
    input: changePhoneInput,
    output: profileSchema,
    auth: true,
  }),
  /** The centre's CA certificate: what every certificate we issue chains to. */
  'ca.certificate': route({
    method: 'GET',
    path: '/ca/certificate',
    input: empty,
    output: caCertificateSchema,
    auth: false,
  }),
  /**
   * A one-time challenge for the KEY to sign (single use, 2 minutes). A 'login' challenge needs no
   * session; a 'bind' challenge needs one (Bearer token) and only serves that account's binding.
   */
  'key.challenge': route({
    method: 'POST',
    path: '/key-challenges',
    input: newChallengeInput,
    output: challengeSchema,
    auth: false,
  }),
  /** Binds a certificate of our CA to the session's account as operator (经办人), proven by a signed 'bind' challenge. */
  'certificates.bind': route({
    method: 'POST',
    path: '/me/bound-certificates',
    input: provePossessionInput,
    output: boundCertificateSchema,
    auth: true,
  }),
  'certificates.listBound': route({
    method: 'GET',
    path: '/me/bound-certificates',
    input: empty,
    output: boundCertificateListSchema,
    auth: true,
  }),
  /** Logs in with a bound certificate, proven by a signed 'login' challenge. */
  'auth.loginKey': route({
    method: 'POST',
    path: '/sessions/key',
    input: provePossessionInput,
    output: sessionSchema,
    auth: false,
  }),
  /**
   * Creates and submits an application of any service of the catalogue. Send an `Idempotency-Key`
   * header: a repeat with the same key (or the same client-made id) returns the first result.
   */
  'applications.submit': route({
    method: 'POST',
    path: '/applications',
    input: submitApplicationInput,
    output: applicationDetailSchema,
    auth: true,
  }),
  'applications.listMine': route({
    method: 'GET',
    path: '/applications',
    input: listApplicationsInput,
    output: applicationListSchema,
    auth: true,
  }),
  /** One application with its timeline; its applicant or staff only. */
  'applications.get': route({
    method: 'GET',
    path: '/applications/:id',
    input: applicationRefInput,
    output: applicationDetailSchema,
    auth: true,
  }),
  'applications.edit': route({
    method: 'PUT',
    path: '/applications/:id',
    input: editApplicationInput,
    output: applicationDetailSchema,
    auth: true,
  }),
  'applications.delete': route({
    method: 'DELETE',
    path: '/applications/:id',
    input: deleteApplicationInput,
    output: okSchema,
    auth: true,
  }),
  /** A move of the service's status machine (withdraw, accept, reject, issue, ship …), checked by role. */
  'applications.transition': route({
    method: 'POST',
    path: '/applications/:id/transitions',
    input: applicationTransitionInput,
    output: applicationDetailSchema,
    auth: true,
  }),
  /** The certificate issued for an application, to write onto the KEY. */
  'applications.certificate': route({
    method: 'GET',
    path: '/applications/:id/certificate',
    input: applicationRefInput,
    output: applicationCertificateSchema,
    auth: true,
  }),
  /** Every applicant's applications, for the review, finance and issuance desks (staff only). */
  'staff.applications': route({
    method: 'GET',
    path: '/staff/applications',
    input: staffApplicationsInput,
    output: applicationListSchema,
    auth: true,
  }),
  /**
   * An order over several of my submitted, unpaid applications of one enterprise. `Idempotency-Key`
   * (or the client-made id) makes a repeat return the first order.
   */
  'orders.create': route({
    method: 'POST',
    path: '/orders',
    input: createOrderInput,
    output: orderSchema,
    auth: true,
  }),
  'orders.listMine': route({
    method: 'GET',
    path: '/orders',
    input: listOrdersInput,
    output: orderListSchema,
    auth: true,
  }),
  /** One order; its owner or finance only. */
  'orders.get': route({
    method: 'GET',
    path: '/orders/:id',
    input: orderRefInput,
    output: orderSchema,
    auth: true,
  }),
  /** The owner attaches the uploaded 汇款底单 (now or later, again after finance returned one). */
  'orders.attachSlip': route({
    method: 'PUT',
    path: '/orders/:id/slip',
    input: attachSlipInput,
    output: orderSchema,
    auth: true,
  }),
  /** Finance confirms the transfer arrived: the order is paid and its e-invoice made. */
  'orders.confirmTransfer': route({
    method: 'POST',
    path: '/orders/:id/confirmation',
    input: confirmPaymentInput,
    output: orderSchema,
    auth: true,
  }),
  /** Finance returns the slip with the reason. */
  'orders.returnSlip': route({
    method: 'POST',
    path: '/orders/:id/slip-return',
    input: returnSlipInput,
    output: orderSchema,
    auth: true,
  }),
  /** Starts an online payment: the answer says where the payer goes (`payUrl`, under the API in the sandbox). */
  'orders.startPayment': route({
    method: 'POST',
    path: '/orders/:id/payments',
    input: orderRefInput,
    output: paymentStartedSchema,
    auth: true,
  }),
  /** The payment provider's signed notification (server to server). */
  'payments.callback': route({
    method: 'POST',
    path: '/payments/callback',
    input: paymentCallbackInput,
    output: okSchema,
    auth: false,
  }),
  /** The finance queue: every order, by state (finance only). */
  'staff.orders': route({
    method: 'GET',
    path: '/staff/orders',
    input: listOrdersInput,
    output: orderListSchema,
    auth: true,
  }),
  /** Messages for me: certificate expiry reminders (30 and 7 days before). */
  'notifications.list': route({
    method: 'GET',
    path: '/me/notifications',
    input: empty,
    output: notificationListSchema,
    auth: true,
  }),
  /**
   * The desktop's outbox, in `mutationId` order (names and args: MUTATIONS of schemas/sync). Each is
   * applied in its own transaction; a repeat is acknowledged, a business refusal comes back as a
   * rejection, a gap is refused with 409 MUTATION_OUT_OF_ORDER and `details.lastMutationId`.
   */
  'sync.push': route({
    method: 'POST',
    path: '/sync/push',
    input: pushInput,
    output: pushResultSchema,
    auth: true,
  }),
  /** What changed after the cursor that the account may see, in pages of `limit` changes. */
  'sync.pull': route({
    method: 'POST',
    path: '/sync/pull',
    input: pullInput,
    output: pullResultSchema,
    auth: true,
  }),
} as const;

export type ApiRoutes = typeof apiRoutes;
export type ApiName = keyof ApiRoutes;
export type ApiInput<N extends ApiName> = z.input<ApiRoutes[N]['input']>;
export type ApiOutput<N extends ApiName> = z.output<ApiRoutes[N]['output']>;

/** A route path with its `:name` parameters filled from the input (`/applications/:id` → `/applications/4f…`). */
export function routePath(path: string, input: unknown): string {
  const values = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) =>
    encodeURIComponent(String(values[name] ?? '')),
  );
}

/**
 * Uploads travel as raw bytes (Content-Type application/octet-stream, at most UPLOAD_MAX_BYTES), with
 * `uploadQuery` as the query string; the answer is `uploadedFileSchema`. `GET ${UPLOADS_PATH}/:id`
 * returns the file to its owner (and to staff).
 */
export const UPLOADS_PATH = `${API_PREFIX}/uploads`;
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024 + 64 * 1024;

/** The e-invoice PDF of a paid order, for its owner (and finance): `GET`, Bearer session. */
export const ORDER_INVOICE_PATH = `${API_PREFIX}/orders/:id/invoice`;

/**
 * The sandbox payment page (development only): `GET` is the Chinese pay page the payer's browser
 * opens (order, amount, 确认支付); `POST` `{ deliver?: boolean }` "pays" and answers
 * `{ notification, signature, delivered }`; with `deliver: false` the signed notification is only
 * returned, as if the gateway's callback were late. `orders.startPayment` gives the exact path.
 */
export const SANDBOX_PAY_PATH = `${API_PREFIX}/payments/sandbox/:paymentId/pay`;

/**
 * What the CA publishes, public and without a session: `GET` the CRL (DER, application/pkix-crl; the
 * distribution point of every certificate issued) and the CA certificate (PEM).
 */
export const CA_CRL_PATH = `${API_PREFIX}/ca/crl`;
export const CA_PEM_PATH = `${API_PREFIX}/ca/ca.pem`;

/** Routes outside the table: operational, not business. */
export const HEALTH_PATH = '/health';
/** Dev SMS outbox (refused in production mode): GET ?phone=… → { messages: DevSms[] }. */
export const DEV_SMS_PATH = `${API_PREFIX}/dev/sms`;

export const devSmsSchema = z.object({
  phone: z.string(),
  code: z.string(),
  purpose: z.string(),
  sentAt: z.string(),
});
export type DevSms = z.infer<typeof devSmsSchema>;

/** Dev captcha answer (refused in production mode), for automated tests: GET ?captchaId=… → { text }. */
export const DEV_CAPTCHA_PATH = `${API_PREFIX}/dev/captcha`;

/**
 * Dev CA (refused in production mode), for tests and the demo KEY until the application workflow
 * issues certificates: POST devCaIssueInput → { certificatePem }.
 */
export const DEV_CA_ISSUE_PATH = `${API_PREFIX}/dev/ca/issue`;

export const devCaIssueInput = z.object({
  csrPem: z.string().min(1, '缺少证书请求').max(20_000, '证书请求过大').meta({ label: '证书请求' }),
  /** Omitted: the subject of the request. */
  subject: csrSubjectSchema.meta({ label: '证书主题' }).optional(),
  validityDays: z.number().int().min(1).max(3650).meta({ label: '有效天数' }).optional(),
  /** ISO time; omitted: now. Lets tests make certificates that are expired or not yet valid. */
  notBefore: z.iso.datetime({ offset: true }).meta({ label: '生效时间' }).optional(),
});
export type DevCaIssueInput = z.infer<typeof devCaIssueInput>;
