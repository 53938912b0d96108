import type { z } from '../zod';
import type { Profile } from '../schemas/account';
import type { FieldSource } from './sources';

/**
 * A service of the centre (新证申请, 证书补办, 考试报名 …) written once as data: who may apply, the
 * form, the uploads, the preconditions, the printable documents and the status machine. The server
 * enforces it; the renderer draws forms, status tags and action buttons from it.
 */

export const SERVICE_CODES = [
  'cert.new.enterprise',
  'cert.new.person',
  'cert.renew',
  'cert.reissue',
  'cert.infoChange',
  'cert.mailing',
  'exam.registration',
  'inspector.registration',
  'exam.refund',
  'exam.scoreReview',
  'qualification.review',
  'qualification.appeal',
  'dishonest.review',
  'discipline.appeal',
  'personalInfo.change',
  'receipt.request',
] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export const SERVICE_GROUPS = ['数字证书', '考试证书', '考试', '资格', '票据', '个人信息'] as const;
export type ServiceGroup = (typeof SERVICE_GROUPS)[number];

/** The user manuals a service comes from, by their number in docs/MANUALS.md. */
export type SeedId = '000' | '001' | '002' | '003' | '004';

/** Who may open an application: any person, or an operator acting for an enterprise (经办人). */
export const APPLICANT_KINDS = { person: '个人', enterprise_operator: '企业经办人' } as const;
export type ApplicantKind = keyof typeof APPLICANT_KINDS;

// ---------- fields ----------

export type FieldInput = 'text' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'hidden';

export interface FieldOption {
  value: string;
  label: string;
}

/** Option lists that live in the database (exams, batches, sites), fetched by the renderer by this name. */
export type OptionsLookup = 'exams' | 'examBatches' | 'examSites' | 'examPositions' | 'examPlans';

/** A condition on the form's own values, for fields and uploads required only in some cases. */
export type ValueCondition = { field: string; in: readonly string[] } | { field: string; atMost: number };

export interface FieldDef {
  key: string;
  label: string;
  /** The rule for a present value; a select without one gets an enum of its options. */
  schema?: z.ZodType;
  source: FieldSource;
  /** Filled from its source and not editable — while the source has a value (else typed by hand). */
  locked?: boolean;
  /** Defaults to true. */
  required?: boolean;
  /** Required only when this holds (then `required` is ignored). */
  requiredWhen?: ValueCondition;
  input?: FieldInput;
  options?: readonly FieldOption[];
  optionsFrom?: OptionsLookup;
  help?: string;
  placeholder?: string;
}

// ---------- attachments ----------

export const FILE_KINDS = { jpeg: 'JPG', png: 'PNG', pdf: 'PDF' } as const;
export type FileKind = keyof typeof FILE_KINDS;
/** The media type each kind travels (and is shown) as. */
export const FILE_MIME: Record<FileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

export interface AttachmentRule {
  key: string;
  label: string;
  /** Defaults to true. */
  required?: boolean;
  requiredWhen?: ValueCondition;
  /** Judged by the file's first bytes, never by its name. */
  types: readonly FileKind[];
  maxBytes: number;
  minBytes?: number;
  /** Exact pixel size, for photos printed on a certificate. */
  pixels?: { width: number; height: number };
  help?: string;
}

// ---------- preconditions ----------

export type Precondition =
  /** A readable certificate on an inserted USB KEY (renewal reads it). */
  | { kind: 'keyInserted' }
  /** The KEY's certificate is not past expiry by more than graceDays (then it is revoked, seed 003). */
  | { kind: 'keyNotRevoked'; graceDays: number }
  /** The KEY's certificate is bound to this account (经办人绑定). */
  | { kind: 'keyBound' }
  /** These profile fields are filled in before applying (seed 004: complete the profile first). */
  | { kind: 'profileComplete'; fields: readonly (keyof Profile)[] }
  /** When a certificate record was picked, it has been collected (seed 000: 不可申请 otherwise). */
  | { kind: 'certificateCollected' }
  /** An application of another service exists in one of these states (an appeal follows a refusal). */
  | { kind: 'relatedApplication'; service: ServiceCode; states: readonly string[] };

// ---------- documents ----------

export interface DocumentDef {
  key: string;
  title: string;
  printableIn: readonly string[];
  /** Only within this many days before the exam date (seed 004: admission ticket, 5 days). */
  daysBeforeExam?: number;
}

// ---------- status machine ----------

export const ACTOR_ROLES = {
  applicant: '申请人',
  reviewer: '审核员',
  finance: '财务',
  issuer: '发证员',
  staff: '工作人员',
  system: '系统',
} as const;
export type ActorRole = keyof typeof ACTOR_ROLES;

/** Colour hint for the status tag; the names are antd's status colours. */
export type StateTone = 'default' | 'processing' | 'success' | 'warning' | 'error';

export interface StateDef {
  code: string;
  label: string;
  tone: StateTone;
}

/** What a transition needs beyond the right role and state. */
export type TransitionNeed = 'feedback' | 'trackingNumber' | 'orderPaid';

export interface TransitionDef {
  name: string;
  label: string;
  from: readonly string[];
  to: string;
  by: ActorRole;
  needs?: readonly TransitionNeed[];
}

export interface MachineDef {
  states: readonly StateDef[];
  initial: string;
  transitions: readonly TransitionDef[];
  /** States in which the applicant may change the form and its uploads. */
  editableIn: readonly string[];
  /** An edit in one of these states also takes the named transition (审核未过 → 等待审核). */
  editMoves?: Readonly<Record<string, string>>;
  /** States in which the applicant may delete the application altogether. */
  deletableIn: readonly string[];
}

// ---------- the service ----------

export interface ServiceDef {
  code: ServiceCode;
  name: string;
  group: ServiceGroup;
  seeds: readonly SeedId[];
  summary: string;
  applicants: readonly ApplicantKind[];
  fields: readonly FieldDef[];
  attachments: readonly AttachmentRule[];
  preconditions: readonly Precondition[];
  documents: readonly DocumentDef[];
  machine: MachineDef;
}
