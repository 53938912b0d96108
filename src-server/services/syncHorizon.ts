import { sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { Database } from '../db/database';

/**
 * The highest change sequence number a pull may hand out. Numbers are drawn when a row is written and
 * become visible when its transaction commits, so on PostgreSQL (many connections) number 100 can
 * still be in flight while 101 is already committed: a cursor moved to 101 would skip 100 for ever.
 *
 * nextval() keeps a lock on the sequence until its transaction ends. So: read the last number drawn,
 * then wait until every transaction holding that lock at that moment has ended. Every number up to it
 * is then committed or gone. Later writers are not waited for (their numbers are higher).
 */

const WAIT_MS = 5;
const GIVE_UP_MS = 10_000;

type Rows<T> = { rows: T[] };

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

async function holders(db: Database): Promise<string[]> {
  const found = await rows<{ vxid: string }>(
    db,
    sql`select virtualtransaction as vxid from pg_locks
        where locktype = 'relation' and relation = 'change_seq'::regclass and granted
          and pid <> pg_backend_pid()`,
  );
  return found.map((row) => row.vxid);
}

export async function settledChangeSeq(db: Database): Promise<number> {
  const [last] = await rows<{ last_value: string | number; is_called: boolean }>(
    db,
    sql`select last_value, is_called from change_seq`,
  );
  const drawn = last ? (last.is_called ? Number(last.last_value) : Number(last.last_value) - 1) : 0;
  let waiting = new Set(await holders(db));
  const deadline = Date.now() + GIVE_UP_MS;
  while (waiting.size > 0) {
    if (Date.now() > deadline) throw new AppError('SERVICE_UNAVAILABLE', '服务器正忙，同步稍后重试');
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    const still = new Set(await holders(db));
    waiting = new Set([...waiting].filter((vxid) => still.has(vxid)));
  }
  return drawn;
}
