import type { FieldDef, ServiceDef } from './types';

/** How an application's fields read to a person: on screen and on the printed 申请表 alike. */

/** The key agreementField() gives the agreement tick: accepted before submitting, never shown as data. */
export const AGREEMENT_FIELD_KEY = 'agreement';

/** A field's value as a person reads it: option labels, 是/否, dates as they are. */
export function displayValue(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const option = field.options?.find((candidate) => candidate.value === value);
  if (option) return option.label;
  return String(value);
}

/** The fields a person reads on the application (no agreement tick, no hidden fingerprints). */
export function shownFields(service: ServiceDef): FieldDef[] {
  return service.fields.filter((field) => field.key !== AGREEMENT_FIELD_KEY && field.input !== 'hidden');
}
