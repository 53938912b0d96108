import { z } from '../zod';
import type { FieldError } from '../errors';
import { readSource, type SourceRecords } from './sources';
import type { AttachmentRule, FieldDef, ServiceDef, ValueCondition } from './types';

/** A service's form: one zod schema from its fields, prefilling from the sources, and the locked check. */

export type ApplicationValues = Record<string, unknown>;

export function conditionHolds(condition: ValueCondition, values: ApplicationValues): boolean {
  const value = values[condition.field];
  if ('in' in condition) return typeof value === 'string' && condition.in.includes(value);
  const number = typeof value === 'number' ? value : Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number <= condition.atMost;
}

function isRequired(rule: Pick<FieldDef, 'required' | 'requiredWhen'>, values: ApplicationValues): boolean {
  return rule.requiredWhen ? conditionHolds(rule.requiredWhen, values) : rule.required !== false;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The rule of one field for a present value: its own schema, or the enum of its options. */
export function fieldSchema(field: FieldDef): z.ZodType {
  if (field.schema) return field.schema;
  if (field.options && field.options.length > 0) {
    const values = field.options.map((option) => option.value) as [string, ...string[]];
    return z.enum(values, { error: `请选择${field.label}` });
  }
  return z
    .string({ error: `请填写${field.label}` })
    .trim()
    .min(1, `请填写${field.label}`)
    .max(200, `${field.label}不能超过 200 个字`);
}

/** Puts the field's label in front of a message that does not already name it. */
function nameField(label: string, message: string): string {
  return message.includes(label) ? message : `${label}：${message}`;
}

function missingMessage(field: FieldDef): string {
  const verb = field.input === 'select' || field.input === 'radio' || field.options ? '请选择' : '请填写';
  return field.input === 'checkbox' ? `请勾选${field.label}` : `${verb}${field.label}`;
}

function isRecord(value: unknown): value is ApplicationValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One field's entry in the form schema: empty becomes absent, messages name the field. */
function formEntry(field: FieldDef): z.ZodType {
  const rule = fieldSchema(field);
  return z
    .unknown()
    .transform((value, ctx) => {
      if (isEmpty(value)) return undefined;
      const parsed = rule.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: nameField(field.label, issue.message), path: issue.path });
      }
      return z.NEVER;
    })
    .meta({ label: field.label })
    .optional();
}

export type FormSchema = z.ZodObject<Record<string, z.ZodType>>;

/**
 * The one schema of a service's application: used by the server to validate what is submitted and by
 * the renderer to check the form (`.shape[key]` checks one field). Every message names its field;
 * unknown keys are refused; required and conditionally required fields are checked against all values,
 * even when another field already failed, so the applicant sees every problem at once.
 */
export function formSchema(service: ServiceDef): FormSchema {
  const cached = formSchemas.get(service);
  if (cached) return cached;
  const schema = buildFormSchema(service);
  formSchemas.set(service, schema);
  return schema;
}

const formSchemas = new WeakMap<ServiceDef, FormSchema>();

function buildFormSchema(service: ServiceDef): FormSchema {
  const shape = Object.fromEntries(service.fields.map((field) => [field.key, formEntry(field)]));
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `申请表中有不属于「${service.name}」的字段：${issue.keys.join('、')}`
          : '申请表内容格式不正确，请刷新后重新填写',
    })
    .meta({ label: '申请表' })
    .check(
      z.superRefine(
        (values: ApplicationValues, ctx) => {
          for (const field of service.fields) {
            if (isRequired(field, values) && isEmpty(values[field.key])) {
              ctx.addIssue({ code: 'custom', path: [field.key], message: missingMessage(field) });
            }
          }
        },
        { when: (payload) => isRecord(payload.value) },
      ),
    );
}

export interface Prefilled {
  values: ApplicationValues;
  /** Keys of the fields shown disabled: locked and filled from their source. */
  locked: string[];
}

/** Fills what the sources know; a locked field is locked only when its source had a value. */
export function prefill(service: ServiceDef, sources: SourceRecords): Prefilled {
  const values: ApplicationValues = {};
  const locked: string[] = [];
  for (const field of service.fields) {
    if (field.source === 'typed') continue;
    const value = readSource(field.source, sources);
    if (value === undefined) continue;
    values[field.key] = value;
    if (field.locked) locked.push(field.key);
  }
  return { values, locked };
}

function comparable(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : JSON.stringify(value ?? null);
}

/** Locked fields whose submitted value is not their source's: each as a field error (code FIELD_LOCKED). */
export function lockedFieldErrors(
  service: ServiceDef,
  sources: SourceRecords,
  submitted: ApplicationValues,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of service.fields) {
    if (!field.locked || field.source === 'typed') continue;
    const expected = readSource(field.source, sources);
    if (expected === undefined) continue;
    if (comparable(submitted[field.key]) !== comparable(expected)) {
      errors.push({
        field: field.key,
        message: `${field.label}由系统登记，不能修改；如有错误请联系客服`,
      });
    }
  }
  return errors;
}

/** The uploads this application needs, given its values (seed 000: a photo only for 2016 or earlier). */
export function requiredAttachments(service: ServiceDef, values: ApplicationValues): AttachmentRule[] {
  return service.attachments.filter((rule) => isRequired(rule, values));
}

export function missingAttachmentErrors(
  service: ServiceDef,
  values: ApplicationValues,
  uploadedKeys: readonly string[],
): FieldError[] {
  return requiredAttachments(service, values)
    .filter((rule) => !uploadedKeys.includes(rule.key))
    .map((rule) => ({
      field: `attachments.${rule.key}`,
      message: `请上传${rule.label}${rule.help ? `（${rule.help}）` : ''}`,
    }));
}

export function attachmentRule(service: ServiceDef, key: string): AttachmentRule | undefined {
  return service.attachments.find((rule) => rule.key === key);
}
