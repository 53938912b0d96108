import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { formatRecordNumber, type RecordNumberKind } from '../../src-shared/recordNumbers';
import type { Database, Transaction } from '../db/database';
import { recordNumbers } from '../db/schema';
import { shanghaiDayStamp } from './shanghaiTime';

/**
 * The short numbers people see (申请单号 SQ20261202-0042, 订单号 DD20261202-0042), handed out per
 * Beijing day of creation.
 *
 * Why a counter row per (kind, day) and not a PostgreSQL sequence: a sequence would need one per day
 * (or a reset at midnight that races the first submit of the day), and it hands out values outside the
 * transaction, so a refused submit leaves a gap. The upsert below runs inside the transaction that
 * creates the record: its row lock makes concurrent creators of one day — in this process or in other
 * server instances on the same database — take numbers one after another, and a transaction that rolls
 * back gives its number back with it, so the numbers of a day have no gaps. The lock is held until that
 * transaction commits: callers take the number inside it, right before inserting the record, after
 * every check. Each kind has its own row, so a submit and an order never wait for each other.
 */
export async function allocateRecordNumber(
  tx: Database,
  kind: RecordNumberKind,
  createdAt: Date,
): Promise<string> {
  const day = shanghaiDayStamp(createdAt);
  const [row] = await tx
    .insert(recordNumbers)
    .values({ kind, day, last: 1 })
    .onConflictDoUpdate({
      target: [recordNumbers.kind, recordNumbers.day],
      set: { last: sql`${recordNumbers.last} + 1` },
    })
    .returning({ last: recordNumbers.last });
  return formatRecordNumber(kind, day, row!.last);
}

/**
 * The same allocation as {@link allocateRecordNumber}, as parts of one statement that also inserts the
 * record: `counter` is the upsert (a `WITH` entry) and `number` the text the record's number column
 * takes from it. Sent as one statement, the counter's row lock is held only while PostgreSQL runs it
 * and commits, with no round trip to this process in between.
 */
export function recordNumberParts(tx: Database | Transaction, kind: RecordNumberKind, createdAt: Date) {
  const day = shanghaiDayStamp(createdAt);
  // formatRecordNumber in SQL: at least four digits, more once a day passes 9999.
  return numberParts(tx, kind, day, formatRecordNumber(kind, day, 0).slice(0, -4));
}

/** What {@link recordNumberParts} sends for a day of creation: its stamp and the numbers' prefix. */
export function recordNumberValues(kind: RecordNumberKind, createdAt: Date) {
  const day = shanghaiDayStamp(createdAt);
  return { numberDay: day, numberPrefix: formatRecordNumber(kind, day, 0).slice(0, -4) };
}

/**
 * {@link recordNumberParts} for a prepared statement: the day and the prefix are its placeholders
 * `numberDay` and `numberPrefix`, filled with {@link recordNumberValues}.
 */
export function preparedRecordNumberParts(tx: Database | Transaction, kind: RecordNumberKind) {
  return numberParts(tx, kind, sql.placeholder('numberDay'), sql.placeholder('numberPrefix'));
}

function numberParts(
  tx: Database | Transaction,
  kind: RecordNumberKind,
  day: string | Placeholder,
  prefix: string | Placeholder,
) {
  const counter = tx.$with('record_number').as(
    tx
      .insert(recordNumbers)
      .values({ kind, day, last: 1 })
      .onConflictDoUpdate({
        target: [recordNumbers.kind, recordNumbers.day],
        set: { last: sql`${recordNumbers.last} + 1` },
      })
      .returning({ last: recordNumbers.last }),
  );
  const number: SQL<string> = sql<string>`(select ${prefix} || case when ${counter.last} < 10000 then lpad(${counter.last}::text, 4, '0') else ${counter.last}::text end from ${counter})`;
  return { counter, number };
}
