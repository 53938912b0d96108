import dayjs from 'dayjs';
import { displayValue, getService, shownFields } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';

/** Pure helpers of 申请单管理: what a row says about an application, and the table's filters. */

/** Shared with the printed 申请表. */
export { displayValue, shownFields };

/**
 * "企业名称：…；统一社会信用代码：…" — the first filled fields, enough to tell applications apart;
 * without `labels` only the values ("福建省示例科技有限公司；9135…"), for a narrow column.
 */
export function summaryOf(application: Application, count = 2, labels = true): string {
  const service = getService(application.service);
  if (!service) return '';
  return shownFields(service)
    .filter((field) => application.values[field.key] !== undefined && application.values[field.key] !== '')
    .slice(0, count)
    .map((field) => {
      const value = displayValue(field, application.values[field.key]);
      return labels ? `${field.label}：${value}` : value;
    })
    .join('；');
}

export interface ApplicationFilter {
  service?: string;
  /** By the state's label: 待审核 of one service and of another are the same to the person. */
  stateLabel?: string;
}

export function filterApplications(items: readonly Application[], filter: ApplicationFilter): Application[] {
  return items.filter(
    (item) =>
      (filter.service === undefined || item.service === filter.service) &&
      (filter.stateLabel === undefined || item.stateLabel === filter.stateLabel),
  );
}

/** The options of the filters: only what the list holds, in first-seen order. */
export function filterOptions(items: readonly Application[]): {
  services: { value: string; label: string }[];
  states: { value: string; label: string }[];
} {
  const services = new Map<string, string>();
  const states = new Set<string>();
  for (const item of items) {
    services.set(item.service, item.serviceName);
    states.add(item.stateLabel);
  }
  return {
    services: [...services].map(([value, label]) => ({ value, label })),
    states: [...states].map((label) => ({ value: label, label })),
  };
}

export function newestFirst(items: readonly Application[]): Application[] {
  return [...items].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

export const formatTime = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
