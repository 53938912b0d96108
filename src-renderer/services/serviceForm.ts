import dayjs, { type Dayjs } from 'dayjs';
import type { RuleObject } from 'antd/es/form';
import {
  AGREEMENT_FIELD_KEY,
  conditionHolds,
  formSchema,
  keyCertificateSchema,
  missingAttachmentErrors,
  type ApplicationValues,
  type AttachmentRule,
  type FieldDef,
  type FileKind,
  type FieldOption,
  type KeyCertificate,
  type Prefilled,
  type ServiceDef,
  type ValueCondition,
} from '../../src-shared/catalogue';
import { labelledMessage } from '../../src-shared/fieldLabels';
import { dateField } from '../../src-shared/schemas/fields';
import type { ReadableTokenCertificate } from '../../src-shared/schemas/key';
import { z } from '../../src-shared/zod';

/**
 * The pure part of the catalogue-driven application form: which control draws each field, how form
 * values become the application's values and back, and the rule that checks a field with the service's
 * own form schema (the one the server validates with), so the form says exactly what the server would.
 */

/** The key of the agreement checkbox the catalogue's agreementField() defines. */
export const AGREEMENT_KEY = AGREEMENT_FIELD_KEY;

/** The form keeps uploads under this key, one entry per attachment rule. */
export const ATTACHMENTS_KEY = 'attachments';

export type ControlKind = 'text' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'date' | 'hidden';

/** What one field of the form looks like: its control, its options, and whether it is locked. */
export interface FieldView {
  field: FieldDef;
  control: ControlKind;
  options: readonly FieldOption[];
  locked: boolean;
  /** Why the field cannot be changed, shown under it. */
  lockedHint: string | null;
}

function schemaOptions(schema: z.ZodType | undefined): FieldOption[] {
  if (!(schema instanceof z.ZodEnum)) return [];
  return (schema.options as string[]).map((value) => ({ value, label: value }));
}

/** The control a field is drawn with: its declared input, else what its zod schema is. */
export function controlOf(field: FieldDef): ControlKind {
  switch (field.input) {
    case 'hidden':
    case 'textarea':
    case 'radio':
    case 'checkbox':
      return field.input;
    case 'select':
      // Options held by the server (exams, sites) have no lookup yet: the schema takes typed text.
      return field.options || schemaOptions(field.schema).length > 0 ? 'select' : 'text';
    default:
      break;
  }
  if (field.schema === dateField) return 'date';
  if (field.schema instanceof z.ZodLiteral) return 'checkbox';
  if (field.options || schemaOptions(field.schema).length > 0) return 'select';
  return 'text';
}

const SOURCE_NAMES = { profile: '个人资料', key: 'KEY 中的证书', certificate: '证书档案' } as const;

function sourceName(field: FieldDef): string | null {
  const kind = field.source.split('.')[0];
  return kind !== undefined && kind in SOURCE_NAMES ? SOURCE_NAMES[kind as keyof typeof SOURCE_NAMES] : null;
}

export function lockedHint(field: FieldDef): string {
  return `由${sourceName(field) ?? '系统'}带入，不能修改；如有错误请联系客服`;
}

/** The fields the form step shows (the agreement has its own step), in the catalogue's order. */
export function fieldViews(service: ServiceDef, locked: readonly string[]): FieldView[] {
  return service.fields
    .filter((field) => field.key !== AGREEMENT_KEY)
    .map((field) => {
      const isLocked = locked.includes(field.key);
      return {
        field,
        control: controlOf(field),
        options: field.options ?? schemaOptions(field.schema),
        locked: isLocked,
        lockedHint: isLocked ? lockedHint(field) : null,
      };
    });
}

export function agreementOf(service: ServiceDef): FieldDef | undefined {
  return service.fields.find((field) => field.key === AGREEMENT_KEY);
}

/** True when any field reads the inserted KEY or the service needs one (renewal: 插入 KEY → 读取). */
export function readsKey(service: ServiceDef): boolean {
  return (
    service.fields.some((field) => field.source.startsWith('key.')) ||
    service.preconditions.some((precondition) => precondition.kind === 'keyInserted')
  );
}

export const RENEWAL_NEEDS_SERVER = '续费需要用 KEY 向证书服务中心证明持有原证书，请联网后再提交';

/**
 * Why 提交申请单 waits for the network, or null. Offline an application is kept on this computer and
 * submitted when online — except a renewal, whose KEY must sign the centre's challenge now.
 */
export function offlineSubmitRefusal(service: ServiceDef, online: boolean | null): string | null {
  return online === false && readsKey(service) ? RENEWAL_NEEDS_SERVER : null;
}

/** What a form may read of a certificate on the KEY (no PEM, no key id). */
export function keyCertificateOf(certificate: ReadableTokenCertificate): KeyCertificate {
  return keyCertificateSchema.parse(certificate);
}

export function isFieldRequired(field: FieldDef, values: ApplicationValues): boolean {
  return field.requiredWhen ? conditionHolds(field.requiredWhen, values) : field.required !== false;
}

// ---------- form values ↔ application values ----------

export type FormValues = Record<string, unknown>;

const DATE_FORMAT = 'YYYY-MM-DD';

function isDayjs(value: unknown): value is Dayjs {
  return dayjs.isDayjs(value);
}

/** The application's values from the form's: dates as YYYY-MM-DD, empty answers left out, only known keys. */
export function toApplicationValues(service: ServiceDef, form: FormValues): ApplicationValues {
  const values: ApplicationValues = {};
  for (const field of service.fields) {
    const value = form[field.key];
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    values[field.key] = isDayjs(value) ? value.format(DATE_FORMAT) : value;
  }
  return values;
}

/** The form's values from an application's (prefilled or saved): dates become dayjs for the picker. */
export function toFormValues(service: ServiceDef, values: ApplicationValues): FormValues {
  const form: FormValues = {};
  for (const field of service.fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    form[field.key] =
      controlOf(field) === 'date' && typeof value === 'string' && dayjs(value, DATE_FORMAT).isValid()
        ? dayjs(value, DATE_FORMAT)
        : value;
  }
  return form;
}

// ---------- checking ----------

/** The service schema's first complaint about one field, given every value of the form, as the API words it. */
export function fieldProblem(service: ServiceDef, key: string, form: FormValues): string | null {
  const schema = formSchema(service);
  const result = schema.safeParse(toApplicationValues(service, form));
  if (result.success) return null;
  const issue = result.error.issues.find((found) => found.path[0] === key);
  return issue ? labelledMessage(schema, issue.path, issue.message) : null;
}

interface FormReader {
  getFieldsValue: (all: true) => FormValues;
}

/**
 * The antd rule of one field: required-ness follows the other values (requiredWhen), and the check is
 * the service's form schema over the whole form, so cross-field rules and messages match the server.
 */
export function fieldRule(service: ServiceDef, field: FieldDef): (form: FormReader) => RuleObject {
  return (form) => {
    const values = form.getFieldsValue(true);
    return {
      required: isFieldRequired(field, toApplicationValues(service, values)),
      validator: async () => {
        const problem = fieldProblem(service, field.key, form.getFieldsValue(true));
        if (problem !== null) throw new Error(problem);
      },
    };
  };
}

/** The form names of the fields and uploads whose required-ness depends on any of `keys`. */
export function dependentsOf(service: ServiceDef, keys: readonly string[]): (string | string[])[] {
  const depends = (item: { requiredWhen?: ValueCondition }) =>
    item.requiredWhen !== undefined && keys.includes(item.requiredWhen.field);
  return [
    ...service.fields.filter(depends).map((field) => field.key),
    ...service.attachments.filter(depends).map((rule) => [ATTACHMENTS_KEY, rule.key]),
  ];
}

// ---------- uploads ----------

/** A file chosen for an upload, already checked by content; sent when the application is submitted. */
export interface PickedFile {
  file: Blob;
  name: string;
  size: number;
  kind: FileKind;
}

/** An upload the application already has (editing): kept unless another file is picked. */
export interface StoredFile {
  uploadId: string;
}

export type AttachmentValue = PickedFile | StoredFile;

export function isStoredFile(value: AttachmentValue): value is StoredFile {
  return 'uploadId' in value;
}

/** The uploads in the form, by attachment key (empty ones left out). */
export function attachmentValues(form: FormValues): Record<string, AttachmentValue> {
  const picked = form[ATTACHMENTS_KEY];
  if (typeof picked !== 'object' || picked === null) return {};
  return Object.fromEntries(
    Object.entries(picked as Record<string, AttachmentValue | undefined>).filter(
      (entry): entry is [string, AttachmentValue] => entry[1] !== undefined && entry[1] !== null,
    ),
  );
}

/** An application's stored uploads as form values, for editing. */
export function storedAttachments(attachments: Record<string, string>): Record<string, StoredFile> {
  return Object.fromEntries(Object.entries(attachments).map(([key, uploadId]) => [key, { uploadId }]));
}

/**
 * The locked fields of an application being edited: locked in the catalogue, from a source, and filled
 * (what the profile or KEY gave at submission stays as it was).
 */
export function lockedOnEdit(service: ServiceDef, values: ApplicationValues): string[] {
  return service.fields
    .filter((field) => field.locked && field.source !== 'typed' && !isBlank(values[field.key]))
    .map((field) => field.key);
}

/** The missing-upload complaint for one attachment (the server's own words), or null. */
export function attachmentProblem(service: ServiceDef, key: string, form: FormValues): string | null {
  const missing = missingAttachmentErrors(
    service,
    toApplicationValues(service, form),
    Object.keys(attachmentValues(form)),
  );
  return missing.find((error) => error.field === `attachments.${key}`)?.message ?? null;
}

export function isAttachmentRequired(rule: AttachmentRule, values: ApplicationValues): boolean {
  return rule.requiredWhen ? conditionHolds(rule.requiredWhen, values) : rule.required !== false;
}

export function uploadRule(service: ServiceDef, rule: AttachmentRule): (form: FormReader) => RuleObject {
  return (form) => ({
    required: isAttachmentRequired(rule, toApplicationValues(service, form.getFieldsValue(true))),
    validator: async () => {
      const problem = attachmentProblem(service, rule.key, form.getFieldsValue(true));
      if (problem !== null) throw new Error(problem);
    },
  });
}

/** The file picker's accept list, from the rule's types (the content is checked anyway). */
export function acceptOf(rule: AttachmentRule): string {
  const extensions: Record<FileKind, string> = { jpeg: '.jpg,.jpeg', png: '.png', pdf: '.pdf' };
  return rule.types.map((kind) => extensions[kind]).join(',');
}

// ---------- prefilling ----------

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * What to set on the form when the sources change (profile loaded, KEY read or taken out): locked values
 * always, other known values only into empty fields (never over what the person typed), and locked
 * values whose source is gone are cleared.
 */
export function prefillPatch(
  service: ServiceDef,
  prefilled: Prefilled,
  current: FormValues,
  previouslyLocked: readonly string[],
): FormValues {
  const next = toFormValues(service, prefilled.values);
  const patch: FormValues = {};
  for (const field of service.fields) {
    if (field.source === 'typed') continue;
    const { key } = field;
    if (key in next) {
      if (prefilled.locked.includes(key) || isBlank(current[key])) patch[key] = next[key];
    } else if (previouslyLocked.includes(key)) {
      patch[key] = undefined;
    }
  }
  return patch;
}
