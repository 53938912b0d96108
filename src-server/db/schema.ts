import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ServiceCode } from '../../src-shared/catalogue/types';
import type { FileKind } from '../../src-shared/catalogue/types';
import type { Role } from '../../src-shared/schemas/account';
import type { NotificationKind } from '../../src-shared/schemas/notification';
import type {
  InvoiceDetails,
  MailingDetails,
  OrderState,
  PaymentMethod,
} from '../../src-shared/schemas/order';
import type { IdType } from '../../src-shared/schemas/fields';
import type { ChallengePurpose, NameInfo } from '../../src-shared/schemas/key';
import type { RevocationReason } from '../ca/revocationList';

/**
 * One server-wide change sequence: every insert or update of a record table takes the next value,
 * so a client can pull "everything changed after N" across all tables.
 */
export const changeSeq = pgSequence('change_seq', { startWith: 1, increment: 1 });

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Columns every synced record carries. */
const recordColumns = () => ({
  version: integer('version').notNull().default(1),
  changeSeq: bigint('change_seq', { mode: 'number' })
    .notNull()
    .default(sql`nextval('change_seq')`),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    legalRepresentative: text('legal_representative').notNull(),
    address: text('address').notNull(),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_key').on(t.creditCode),
    index('enterprises_change_seq_idx').on(t.changeSeq),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone'),
    name: text('name'),
    email: text('email'),
    idType: text('id_type').$type<IdType>(),
    idNumber: text('id_number'),
    birthDate: date('birth_date', { mode: 'string' }),
    gender: text('gender').$type<'male' | 'female'>(),
    address: text('address').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    roles: text('roles')
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{applicant}'::text[]`),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: timestamptz('password_changed_at').notNull(),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('accounts_phone_key')
      .on(t.phone)
      .where(sql`${t.phone} is not null`),
    uniqueIndex('accounts_id_number_key')
      .on(t.idNumber)
      .where(sql`${t.idNumber} is not null`),
    index('accounts_change_seq_idx').on(t.changeSeq),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_account_idx').on(t.accountId),
  ],
);

export const captchas = pgTable('captchas', {
  id: uuid('id').primaryKey().defaultRandom(),
  answerHash: text('answer_hash').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
});

export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    ip: text('ip').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Set when used, or when a newer code for the same phone and purpose replaced it. */
    consumedAt: timestamptz('consumed_at'),
  },
  (t) => [
    index('sms_codes_phone_idx').on(t.phone, t.createdAt),
    index('sms_codes_ip_idx').on(t.ip, t.createdAt),
  ],
);

/**
 * Consecutive wrong passwords per login subject: `account:<id>` for an existing account,
 * `unknown:<typed identifier>` otherwise, so an unknown account behaves exactly like a known one.
 */
export const loginThrottle = pgTable('login_throttle', {
  subject: text('subject').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamptz('locked_until'),
  updatedAt: timestamptz('updated_at').notNull(),
});

/** One row per failed login, for the per-IP limit. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ip: text('ip').notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('login_failures_ip_idx').on(t.ip, t.at)],
);

/**
 * Requests counted per subject (`captcha:<ip>`…) in fixed windows: one upsert per request, so
 * concurrent requests cannot slip under the limit together. Old windows are purged.
 */
export const requestCounts = pgTable(
  'request_counts',
  {
    subject: text('subject').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.windowStart] })],
);

/**
 * The short numbers ('SQ' applications, 'DD' orders) come from one sequence per kind; a Beijing day's
 * numbers count from the sequence value its row keeps (`number = nextval − base`). See
 * services/recordNumbers.ts for why a sequence rather than a counter row.
 */
export const applicationNumberSequence = pgSequence('record_number_sq', { startWith: 1, increment: 1 });
export const orderNumberSequence = pgSequence('record_number_dd', { startWith: 1, increment: 1 });

export const recordNumberDays = pgTable(
  'record_number_days',
  {
    kind: text('kind').notNull(),
    day: text('day').notNull(),
    /** The kind's sequence value just before this day's first number. */
    base: bigint('base', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.day] })],
);

/** Every certificate the centre's CA issued. */
export const issuedCertificates = pgTable(
  'issued_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-case hex, without a leading 00. */
    serialNumber: text('serial_number').notNull(),
    /** SHA-256 of the DER, lower-case hex. */
    fingerprint: text('fingerprint').notNull(),
    pem: text('pem').notNull(),
    subject: jsonb('subject').$type<NameInfo>().notNull(),
    commonName: text('common_name'),
    keyAlgorithm: text('key_algorithm').$type<'RSA' | 'EC'>().notNull(),
    notBefore: timestamptz('not_before').notNull(),
    notAfter: timestamptz('not_after').notNull(),
    status: text('status').$type<'valid' | 'revoked'>().notNull().default('valid'),
    revokedAt: timestamptz('revoked_at'),
    /** Why it was revoked, as the CRL says it; null for certificates revoked before reasons were kept. */
    revocationReason: text('revocation_reason').$type<RevocationReason>(),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('issued_certificates_serial_key').on(t.serialNumber),
    uniqueIndex('issued_certificates_fingerprint_key').on(t.fingerprint),
    index('issued_certificates_change_seq_idx').on(t.changeSeq),
  ],
);

/** One-time challenges a KEY signs to prove it holds a certificate's private key. */
export const keyChallenges = pgTable('key_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  purpose: text('purpose').$type<ChallengePurpose>().notNull(),
  nonce: text('nonce').notNull(),
  /** The account a 'bind' challenge was issued to; null for 'login'. */
  accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
  createdAt: timestamptz('created_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  usedAt: timestamptz('used_at'),
});

/** A certificate bound to the account that acts for its holder (经办人); one account per certificate. */
export const boundCertificates = pgTable(
  'bound_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => issuedCertificates.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').$type<'operator'>().notNull().default('operator'),
    boundAt: timestamptz('bound_at').notNull(),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('bound_certificates_certificate_key').on(t.certificateId),
    index('bound_certificates_account_idx').on(t.accountId),
    index('bound_certificates_change_seq_idx').on(t.changeSeq),
    index('bound_certificates_account_change_seq_idx').on(t.accountId, t.changeSeq),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** CRL numbers: increasing across every CRL any instance signs (RFC 5280 5.2.3). */
export const crlNumber = pgSequence('crl_number', { startWith: 1, increment: 1 });

/** The CRLs the CA signed; the newest is published until a revocation or its nextUpdate calls for another. */
export const revocationLists = pgTable('revocation_lists', {
  crlNumber: bigint('crl_number', { mode: 'number' }).primaryKey(),
  /** SHA-256 of the signing CA's certificate: a list signed by another CA is never served. */
  issuerFingerprint: text('issuer_fingerprint').notNull(),
  der: bytea('der').notNull(),
  thisUpdate: timestamptz('this_update').notNull(),
  nextUpdate: timestamptz('next_update').notNull(),
  /** How many revoked certificates it lists: a new revocation makes the count on record differ. */
  entries: integer('entries').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

/** File contents by SHA-256: an upload sent twice, or by two accounts, is stored once. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

/** One file an account uploaded, checked against the rule of the attachment it is for. */
export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    sha256: text('sha256')
      .notNull()
      .references(() => blobs.sha256),
    serviceCode: text('service_code').$type<ServiceCode>(),
    attachmentKey: text('attachment_key').notNull(),
    fileName: text('file_name'),
    kind: text('kind').$type<FileKind>().notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [index('uploads_owner_idx').on(t.ownerId)],
);

/** An application (申请单) of one service of the catalogue, in a state of that service's machine. */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The 申请单号 people see (SQ20261202-0042), allocated by the server when it is created. */
    number: text('number').notNull(),
    serviceCode: text('service_code').$type<ServiceCode>().notNull(),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => accounts.id),
    /** The enterprise an enterprise service is for: its row when registered, and its credit code. */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    enterpriseCreditCode: text('enterprise_credit_code'),
    state: text('state').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    /** Attachment key → upload id. */
    attachments: jsonb('attachments').$type<Record<string, string>>().notNull(),
    csrPem: text('csr_pem'),
    blankKey: boolean('blank_key').notNull().default(false),
    /** The certificate a renewal renews. */
    renewsCertificateId: uuid('renews_certificate_id').references(() => issuedCertificates.id),
    /** The certificate issued for it. */
    certificateId: uuid('certificate_id').references(() => issuedCertificates.id),
    orderId: uuid('order_id').references((): AnyPgColumn => orders.id),
    trackingNumber: text('tracking_number'),
    /** The `Idempotency-Key` of the request that submitted it. */
    idempotencyKey: text('idempotency_key'),
    submittedAt: timestamptz('submitted_at'),
    deletedAt: timestamptz('deleted_at'),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('applications_number_key').on(t.number),
    uniqueIndex('applications_idempotency_key')
      .on(t.applicantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // One live renewal per certificate: two renewals of one certificate can never both be issued.
    uniqueIndex('applications_live_renewal_key')
      .on(t.renewsCertificateId)
      .where(
        sql`${t.renewsCertificateId} is not null and ${t.deletedAt} is null and ${t.state} <> 'withdrawn'`,
      ),
    index('applications_applicant_idx').on(t.applicantId),
    index('applications_state_idx').on(t.state),
    index('applications_order_idx').on(t.orderId),
    index('applications_change_seq_idx').on(t.changeSeq),
    // A sync pull: one applicant's changes after a cursor; the certificates issued for applications.
    index('applications_applicant_change_seq_idx').on(t.applicantId, t.changeSeq),
    index('applications_certificate_idx').on(t.certificateId),
  ],
);

/** Every move of an application: its timeline. */
export const applicationTransitions = pgTable(
  'application_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    transition: text('transition').notNull(),
    label: text('label').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id').references(() => accounts.id),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name').notNull(),
    feedback: text('feedback'),
    trackingNumber: text('tracking_number'),
    at: timestamptz('at').notNull(),
    /** Orders moves taken within the same instant. */
    seq: bigint('seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('change_seq')`),
  },
  (t) => [index('application_transitions_application_idx').on(t.applicationId, t.seq)],
);

/** An order over several applications of one enterprise (or one person). */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The 订单号 people see and write in the bank transfer remark (DD20261202-0042). */
    number: text('number').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id),
    enterpriseCreditCode: text('enterprise_credit_code'),
    paymentMethod: text('payment_method').$type<PaymentMethod>().notNull(),
    amountFen: integer('amount_fen').notNull(),
    state: text('state').$type<OrderState>().notNull(),
    invoice: jsonb('invoice').$type<InvoiceDetails>().notNull(),
    mailing: jsonb('mailing').$type<MailingDetails>().notNull(),
    contactPhone: text('contact_phone').notNull(),
    slipUploadId: uuid('slip_upload_id').references(() => uploads.id),
    financeFeedback: text('finance_feedback'),
    paidAt: timestamptz('paid_at'),
    /** The e-invoice PDF, once made. */
    invoiceSha256: text('invoice_sha256').references(() => blobs.sha256),
    idempotencyKey: text('idempotency_key'),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_idempotency_key')
      .on(t.ownerId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('orders_owner_idx').on(t.ownerId),
    index('orders_change_seq_idx').on(t.changeSeq),
    index('orders_owner_change_seq_idx').on(t.ownerId, t.changeSeq),
  ],
);

/** An online payment started for an order with a payment provider; at most one pending per order. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    provider: text('provider').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status').$type<'pending' | 'paid'>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    paidAt: timestamptz('paid_at'),
  },
  (t) => [
    uniqueIndex('payments_pending_order_key')
      .on(t.orderId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Provider notifications already acted on: a second delivery of one is refused as a replay. */
export const paymentNotifications = pgTable('payment_notifications', {
  notificationId: uuid('notification_id').primaryKey(),
  paymentId: uuid('payment_id')
    .notNull()
    .references(() => payments.id),
  receivedAt: timestamptz('received_at').notNull(),
});

/** Messages for an account (expiry reminders); one per account, certificate and kind. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    certificateId: uuid('certificate_id').references(() => issuedCertificates.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** When the account marked it read; null while unread. */
    readAt: timestamptz('read_at'),
    ...recordColumns(),
  },
  (t) => [
    uniqueIndex('notifications_once_key').on(t.accountId, t.certificateId, t.kind),
    index('notifications_change_seq_idx').on(t.changeSeq),
    index('notifications_account_change_seq_idx').on(t.accountId, t.changeSeq),
  ],
);

/**
 * A desktop client (its outbox) of one account: the last mutation it pushed that the server has
 * applied or refused. The first account to push with a client id owns it.
 */
export const syncClients = pgTable(
  'sync_clients',
  {
    clientId: uuid('client_id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    lastMutationId: integer('last_mutation_id').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [index('sync_clients_account_idx').on(t.accountId)],
);

/** Mutations refused for a business reason, kept so a client that lost the answer reads them on pull. */
export const syncRejections = pgTable(
  'sync_rejections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => syncClients.clientId, { onDelete: 'cascade' }),
    mutationId: integer('mutation_id').notNull(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: timestamptz('created_at').notNull(),
    changeSeq: bigint('change_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('change_seq')`),
  },
  (t) => [
    uniqueIndex('sync_rejections_mutation_key').on(t.clientId, t.mutationId),
    index('sync_rejections_client_change_seq_idx').on(t.clientId, t.changeSeq),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type IssuedCertificateRow = typeof issuedCertificates.$inferSelect;
export type RevocationListRow = typeof revocationLists.$inferSelect;
export type KeyChallengeRow = typeof keyChallenges.$inferSelect;
export type UploadRow = typeof uploads.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type ApplicationTransitionRow = typeof applicationTransitions.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type BoundCertificateRow = typeof boundCertificates.$inferSelect;
export type SyncRejectionRow = typeof syncRejections.$inferSelect;
