import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '../../src-shared/schemas/account';
import type { IdType } from '../../src-shared/schemas/fields';
import type { ChallengePurpose, NameInfo } from '../../src-shared/schemas/key';

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
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type IssuedCertificateRow = typeof issuedCertificates.$inferSelect;
export type KeyChallengeRow = typeof keyChallenges.$inferSelect;
