import { keptRecords, type Kept, type KeptRecordsOptions } from './store/keptRecords';
import type { RecordCache } from './store/recordCache';
import type { SessionService } from './session';

/**
 * The signed-in account's records of one kind (applications, orders): every call needs a session;
 * what the API answers is kept on this computer for reading offline when it is the account's own
 * (staff reading someone else's record keep nothing).
 */
export interface MyRecords<Row, Detail> {
  /** Sends a change (or a create) and keeps the record the API answers with. */
  change(send: () => Promise<Detail>): Promise<Detail>;
  /** Mine from `fetch` (then kept), or the kept list when the API cannot be reached. */
  list(fetch: () => Promise<Row[]>): Promise<Kept<{ items: Row[] }>>;
  /** One record from `fetch` (then kept), or the kept copy when the API cannot be reached. */
  detail(id: string, fetch: () => Promise<Detail>): Promise<Kept<{ detail: Detail }>>;
  /** Sends a delete; once the API has done it, the kept copy goes too. */
  remove<T>(id: string, send: () => Promise<T>): Promise<T>;
  /** Drops what the account kept on this computer (logout). */
  forget(userId: string): void;
}

export function myRecords<Row extends { id: string }, Detail extends { id: string }>(
  session: Pick<SessionService, 'requireUser'>,
  cache: RecordCache,
  options: KeptRecordsOptions<Row, Detail> & { ownerOf: (detail: Detail) => string },
): MyRecords<Row, Detail> {
  const kept = keptRecords(cache, options);

  function keepIfMine(userId: string, detail: Detail): Detail {
    if (options.ownerOf(detail) === userId) kept.keep(userId, detail);
    return detail;
  }

  return {
    async change(send) {
      const user = session.requireUser();
      return keepIfMine(user.id, await send());
    },
    async list(fetch) {
      return kept.liveList(session.requireUser().id, fetch);
    },
    async detail(id, fetch) {
      const user = session.requireUser();
      return kept.liveDetail(user.id, id, async () => keepIfMine(user.id, await fetch()));
    },
    async remove(id, send) {
      const user = session.requireUser();
      const result = await send();
      kept.drop(user.id, id);
      return result;
    },
    forget: (userId) => kept.forget(userId),
  };
}
