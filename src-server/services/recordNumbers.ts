import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { formatRecordNumber, type RecordNumberKind } from '../../src-shared/recordNumbers';
import type { Database } from '../db/database';
import { applicationNumberSequence, orderNumberSequence, recordNumberDays } from '../db/schema';
import { shanghaiDayStamp } from './shanghaiTime';

/**
 * The short numbers people see (申请单号 SQ20261202-0042, 订单号 DD20261202-0042), handed out per
 * Beijing day of creation.
 *
 * Why a sequence and not a counter row per day: a counter row is locked by each creator until its
 * transaction commits — after PostgreSQL has flushed the commit to disk — so every create of a day
 * waited for the one before it to reach the disk, one at a time (submits measured at a third of the
 * rate of a bare insert, waiting on that row lock and on WAL sync). nextval() takes no lock another
 * creator waits for. Each kind has its own sequence; a day's row keeps the sequence value before its
 * first number, and a record's count is nextval − base. What this gives up: a number drawn by a create
 * that then fails (a repeat told by a unique index, a refusal inside the creating transaction) is not
 * given back, so a day's numbers may have gaps. Refusals found before the insert — the form, the
 * uploads, the state — draw none.
 *
 * A day's row is made by {@link openRecordDay} before its first number is drawn: a creator that finds
 * no row for its day draws nothing (the number is null, the insert fails) and opens the day first. The
 * row's base is the last value drawn when it is made, and whoever draws for that day does so after
 * seeing the row, so later: counts start at 1 and never repeat, across server instances on one
 * database too. (A create of the day before that draws after midnight's row was made leaves a gap in
 * both days' numbers.)
 */

const SEQUENCE_NAMES: Record<RecordNumberKind, string> = {
  SQ: applicationNumberSequence.seqName!,
  DD: orderNumberSequence.seqName!,
};
/** The kind's sequence as nextval() takes it (a literal: a parameter would be looked up each time). */
const sequenceLiteral = (kind: RecordNumberKind) => sql.raw(`'${SEQUENCE_NAMES[kind]}'`);

/** What {@link preparedRecordNumber} sends for a day of creation: its stamp and the numbers' prefix. */
export function recordNumberValues(kind: RecordNumberKind, createdAt: Date) {
  const day = shanghaiDayStamp(createdAt);
  return { numberDay: day, numberPrefix: formatRecordNumber(kind, day, 0).slice(0, -4) };
}

function nextNumber(kind: RecordNumberKind, day: string | Placeholder, prefix: string | Placeholder) {
  // formatRecordNumber in SQL: at least four digits, more once a day passes 9999.
  return sql<
    string | null
  >`(select ${prefix}::text || case when n < 10000 then lpad(n::text, 4, '0') else n::text end
    from (select nextval(${sequenceLiteral(kind)}) - ${recordNumberDays.base} as n from ${recordNumberDays}
          where ${recordNumberDays.kind} = ${kind} and ${recordNumberDays.day} = ${day}::text) as drawn)`;
}

/**
 * The next number of the kind as an SQL expression for a prepared statement that inserts the record:
 * its placeholders `numberDay` and `numberPrefix` are filled with {@link recordNumberValues}. Null when
 * the day has no row yet: then {@link openRecordDay} and run the statement again.
 */
export function preparedRecordNumber(kind: RecordNumberKind): SQL<string | null> {
  return nextNumber(kind, sql.placeholder('numberDay'), sql.placeholder('numberPrefix'));
}

/** Makes the row of the kind's Beijing day of `createdAt` unless it is there. */
export async function openRecordDay(db: Database, kind: RecordNumberKind, createdAt: Date): Promise<void> {
  const day = shanghaiDayStamp(createdAt);
  // The base is the last value drawn, read without drawing one: racing openers waste no numbers.
  await db.execute(sql`insert into ${recordNumberDays} (kind, day, base)
    select ${kind}, ${day}, case when is_called then last_value else last_value - 1 end
    from ${sql.identifier(SEQUENCE_NAMES[kind])}
    where not exists (select 1 from ${recordNumberDays}
                      where ${recordNumberDays.kind} = ${kind} and ${recordNumberDays.day} = ${day})
    on conflict do nothing`);
}

/** The next number of the kind for a record created at `createdAt`, the day opened if need be. */
export async function allocateRecordNumber(
  db: Database,
  kind: RecordNumberKind,
  createdAt: Date,
): Promise<string> {
  await openRecordDay(db, kind, createdAt);
  const { numberDay, numberPrefix } = recordNumberValues(kind, createdAt);
  const result = (await db.execute(
    sql`select ${nextNumber(kind, numberDay, numberPrefix)} as number`,
  )) as unknown as { rows: { number: string | null }[] };
  const number = result.rows[0]?.number;
  if (!number) throw new Error(`no row for record numbers ${kind} ${numberDay}`);
  return number;
}
