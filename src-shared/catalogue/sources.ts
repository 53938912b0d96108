import { z } from '../zod';
import { profileSchema, type Profile } from '../schemas/account';
import { genderField } from '../schemas/fields';
import { certificateDetailsSchema } from '../schemas/key';

/**
 * Where a form field's value comes from: the account's profile, the certificate on the inserted
 * KEY, a certificate record the system holds (exam certificates), or typed by the applicant.
 */

/** An exam certificate as the centre's records hold it (seed 000 loads these when an exam is picked). */
export const examCertificateRecordSchema = z.object({
  id: z.string(),
  examName: z.string(),
  examYear: z.number().int(),
  holderName: z.string(),
  idNumber: z.string(),
  /** YYYYMM. */
  birthMonth: z.string(),
  gender: genderField,
  managementNumber: z.string(),
  printNumber: z.string().nullable(),
  /** YYYYMMDD: the last day of that year's exam. */
  approvalDate: z.string(),
  level: z.string(),
  major: z.string(),
  /** The city where the certificate was collected. */
  city: z.string(),
  /** 不可申请 until collected. */
  collected: z.boolean(),
});
export type ExamCertificateRecord = z.infer<typeof examCertificateRecordSchema>;

/** What a form may read from the KEY: its certificate, without the PEM. */
export const keyCertificateSchema = certificateDetailsSchema.pick({
  subject: true,
  serialNumber: true,
  notBefore: true,
  notAfter: true,
  fingerprint: true,
});
export type KeyCertificate = z.infer<typeof keyCertificateSchema>;

/** Dotted paths to the values of a record type, e.g. 'enterprise.creditCode'. Arrays are leaves. */
type PathsOf<T> = {
  [K in keyof T & string]: NonNullable<T[K]> extends readonly unknown[]
    ? K
    : NonNullable<T[K]> extends object
      ? `${K}.${PathsOf<NonNullable<T[K]>>}`
      : K;
}[keyof T & string];

export type ProfilePath = PathsOf<Profile>;

export type FieldSource =
  | `profile.${ProfilePath}`
  | `key.${PathsOf<KeyCertificate>}`
  | `certificate.${PathsOf<ExamCertificateRecord>}`
  | 'typed';

export interface SourceRecords {
  profile?: Profile | null;
  key?: KeyCertificate | null;
  certificate?: ExamCertificateRecord | null;
}

const SOURCE_SCHEMAS = {
  profile: profileSchema,
  key: keyCertificateSchema,
  certificate: examCertificateRecordSchema,
} as const;
type SourceKind = keyof typeof SOURCE_SCHEMAS;

function splitSource(source: string): { kind: SourceKind; path: string[] } | null {
  const [kind, ...path] = source.split('.');
  if (kind === undefined || !(kind in SOURCE_SCHEMAS) || path.length === 0) return null;
  return { kind: kind as SourceKind, path };
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodNullable || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** True when the source names 'typed' or a leaf value of its record's schema (checked at run time too). */
export function isKnownSource(source: string): boolean {
  if (source === 'typed') return true;
  const split = splitSource(source);
  if (!split) return false;
  let schema: z.ZodType = SOURCE_SCHEMAS[split.kind];
  for (const segment of split.path) {
    const object = unwrap(schema);
    if (!(object instanceof z.ZodObject) || !Object.hasOwn(object.shape, segment)) return false;
    schema = object.shape[segment] as z.ZodType;
  }
  return !(unwrap(schema) instanceof z.ZodObject);
}

/** The value a source holds, or undefined when the record or the value is missing or empty. */
export function readSource(source: FieldSource, records: SourceRecords): unknown {
  const split = splitSource(source);
  if (!split) return undefined;
  let value: unknown = records[split.kind];
  for (const segment of split.path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value === null || value === '' ? undefined : value;
}
