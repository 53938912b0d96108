/**
 * The short numbers people see instead of the records' UUIDs: 申请单号 SQ20261202-0042 and 订单号
 * DD20261202-0042 — kind, Beijing day of creation, and the day's running count (four digits, more past
 * 9999). The server allocates them; a record made on the desktop offline has none until it is pushed.
 */

export const RECORD_NUMBER_KINDS = { SQ: '申请单号', DD: '订单号' } as const;
export type RecordNumberKind = keyof typeof RECORD_NUMBER_KINDS;

export const APPLICATION_NUMBER_KIND: RecordNumberKind = 'SQ';
export const ORDER_NUMBER_KIND: RecordNumberKind = 'DD';

/** Shown where a number belongs but the server has not allocated it yet. */
export const NUMBER_PENDING = '待分配';

export const RECORD_NUMBER_PATTERN = /^(SQ|DD)\d{8}-\d{4,}$/;

export function formatRecordNumber(kind: RecordNumberKind, day: string, count: number): string {
  return `${kind}${day}-${String(count).padStart(4, '0')}`;
}

/** The record's number, or 待分配 for one made locally and not yet given a number by the server. */
export function displayNumber(record: { number?: string | null }): string {
  return record.number ? record.number : NUMBER_PENDING;
}
