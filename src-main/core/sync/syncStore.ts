import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { SyncQueueItem } from '../../../src-shared/schemas/desktopSync';
import type { MutationName, PullResult, Rejection } from '../../../src-shared/schemas/sync';
import type { LocalDb } from '../store/db';
import { localRecords, outbox, syncState } from '../store/schema';
import { mutationTitle } from './mutationTitles';
import { actorName } from '../../../src-shared/catalogue';
import { profileSchema } from '../../../src-shared/schemas/account';
import {
  applyLinkedEffect,
  applyLocalEffect,
  isMutationName,
  LINKING_MUTATIONS,
  linkedRecords,
  recordOf,
  type EffectContext,
  type RecordJson,
  type RecordRef,
} from './localEffects';

/**
 * The sync tables of one computer (docs/DESIGN.md, "Data and sync"): every change of a kept record and
 * its outbox row are written in one SQLite transaction, so a crash keeps both or neither.
 */

export type SyncStateRow = typeof syncState.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

type Tx = Parameters<Parameters<LocalDb['transaction']>[0]>[0];
type Db = LocalDb | Tx;

/**
 * Top-level string fields a kept record's JSON must equal (`{ state: 'pending' }`), read by SQLite's
 * json_extract so only the matching rows leave the database; an undefined value asks nothing.
 */
export type KeptFieldFilter = Readonly<Record<string, string | undefined>>;

/** A field name of the filter: a plain identifier, so it is always one JSON path step. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/** The SQL condition of `where`, or undefined when it asks nothing. */
function fieldConditions(where: KeptFieldFilter | undefined) {
  const asked = Object.entries(where ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (asked.length === 0) return undefined;
  return and(
    ...asked.map(([field, value]) => {
      if (!FIELD_NAME.test(field)) throw new Error(`not a kept record field: ${field}`);
      return sql`json_extract(${localRecords.json}, ${`$.${field}`}) = ${value}`;
    }),
  );
}

export interface KeptRecord {
  json: RecordJson;
  serverJson: RecordJson | null;
  serverVersion: number | null;
  /** synced, pending (a queued mutation), conflict (a refused one waits for the user). */
  sync: 'synced' | 'pending' | 'conflict';
  changedAt: string;
}

export interface SyncStore {
  /** The account's sync position, made (with its own client id) on first use. */
  state(accountId: string): SyncStateRow;
  /** The record's local change and its outbox row, in one transaction; answers the mutation id. */
  enqueue(accountId: string, name: MutationName, args: unknown): { mutationId: number; record: RecordRef };
  /** Pending mutations after the server's acknowledged id, in order. */
  pendingBatch(accountId: string, limit: number): OutboxRow[];
  /**
   * The server answered a push (or a 409 said where it is): rows up to `lastMutationId` are done;
   * applied ones go, refused ones become `rejected`; repeats wait for the next complete pull, which
   * brings a refusal whose answer was lost.
   */
  acknowledge(accountId: string, lastMutationId: number, applied: number[], rejections: Rejection[]): void;
  /** One pull page into the kept records, with its cursor, in one transaction; answers the rows taken. */
  applyPullPage(accountId: string, page: PullResult): number;
  record(accountId: string, kind: string, id: string): KeptRecord | null;
  /** A pending row's args rewritten (an offline file's placeholder → the server's upload id). */
  rewriteArgs(row: OutboxRow, args: unknown): void;
  /** One outbox row, or null once it is gone (acknowledged, discarded). */
  outboxRow(accountId: string, mutationId: number): OutboxRow | null;
  /**
   * Every kept record of a kind, or (with `ids`) only those: a search's few, not the whole cache; with
   * `where`, only those whose JSON has these field values (a queue's state and service filters).
   */
  records(
    accountId: string,
    kind: string,
    ids?: ReadonlySet<string>,
    where?: KeptFieldFilter,
  ): (KeptRecord & { id: string })[];
  counts(accountId: string): { pending: number; rejected: number; pulled: number };
  queue(accountId: string): SyncQueueItem[];
  /** 放弃我的修改: the refused row goes and the record is rebased. False when there is no such row. */
  discard(accountId: string, mutationId: number): boolean;
  /** 再次提交: the refused args again, as a new mutation against the server's current version. */
  resubmit(accountId: string, mutationId: number): boolean;
  noteResult(accountId: string, error: string | null): void;
  /**
   * Logout: drops the account's kept records except those its outbox still changes (unsent work is
   * pushed when the account signs in again) and resets its cursor, so the next sign-in pulls afresh.
   */
  forget(accountId: string): void;
  clearAll(): void;
}

function parse(json: string | null): RecordJson | null {
  return json === null ? null : (JSON.parse(json) as RecordJson);
}

const actorSchema = profileSchema.pick({ name: true, phone: true, roles: true });

export function createSyncStore(db: LocalDb, now: () => string = () => new Date().toISOString()): SyncStore {
  function state(accountId: string, tx: Db = db): SyncStateRow {
    const found = tx.select().from(syncState).where(eq(syncState.accountId, accountId)).get();
    if (found) return found;
    const row: SyncStateRow = {
      accountId,
      clientId: randomUUID(),
      nextMutationId: 1,
      ackedMutationId: 0,
      cursor: null,
      caughtUp: false,
      lastSyncAt: null,
      lastError: null,
      lastErrorAt: null,
    };
    tx.insert(syncState).values(row).onConflictDoNothing().run();
    return tx.select().from(syncState).where(eq(syncState.accountId, accountId)).get() ?? row;
  }

  function recordRow(tx: Db, accountId: string, kind: string, id: string) {
    return tx
      .select()
      .from(localRecords)
      .where(and(eq(localRecords.accountId, accountId), eq(localRecords.kind, kind), eq(localRecords.id, id)))
      .get();
  }

  function writeRecord(
    tx: Db,
    accountId: string,
    ref: { kind: string; id: string },
    json: RecordJson | null,
    server: { json: string | null; version: number | null },
  ) {
    const at = now();
    const where = and(
      eq(localRecords.accountId, accountId),
      eq(localRecords.kind, ref.kind),
      eq(localRecords.id, ref.id),
    );
    if (json === null) {
      tx.delete(localRecords).where(where).run();
      return;
    }
    tx.insert(localRecords)
      .values({
        accountId,
        kind: ref.kind,
        id: ref.id,
        json: JSON.stringify(json),
        serverJson: server.json,
        serverVersion: server.version,
        changedAt: at,
      })
      .onConflictDoUpdate({
        target: [localRecords.accountId, localRecords.kind, localRecords.id],
        set: {
          json: JSON.stringify(json),
          serverJson: server.json,
          serverVersion: server.version,
          changedAt: at,
        },
      })
      .run();
  }

  function recordRows(tx: Db, accountId: string, kind: string, id: string): OutboxRow[] {
    return tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.accountId, accountId), eq(outbox.recordKind, kind), eq(outbox.recordId, id)))
      .orderBy(asc(outbox.mutationId))
      .all();
  }

  /** What a local effect may know: the account's kept profile (roles, name) and its other kept records. */
  function effectContext(tx: Db, accountId: string, at: string): EffectContext {
    const profile = actorSchema.safeParse(
      parse(recordRow(tx, accountId, 'profile', accountId)?.json ?? null),
    );
    return {
      accountId,
      at,
      actor: profile.success
        ? { roles: profile.data.roles, name: actorName(profile.data) }
        : { roles: [], name: actorName({ name: null, phone: null }) },
      kept: (kind, id) => parse(recordRow(tx, accountId, kind, id)?.json ?? null),
    };
  }

  /** The account's pending rows of other records that change this one (`linkedRecords`), in order. */
  function linkingRows(tx: Db, accountId: string, kind: string, id: string): OutboxRow[] {
    return tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.accountId, accountId),
          eq(outbox.status, 'pending'),
          inArray(outbox.name, [...LINKING_MUTATIONS]),
        ),
      )
      .orderBy(asc(outbox.mutationId))
      .all()
      .filter(
        (row) =>
          isMutationName(row.name) &&
          linkedRecords(row.name, JSON.parse(row.args)).some(
            (linked) => linked.kind === kind && linked.id === id,
          ),
      );
  }

  /** The records a row's mutation changes besides its own: rebased when the row comes or goes. */
  function rebaseLinked(tx: Db, accountId: string, row: Pick<OutboxRow, 'name' | 'args'>) {
    if (!isMutationName(row.name)) return;
    for (const linked of linkedRecords(row.name, JSON.parse(row.args)))
      rebaseRecord(tx, accountId, linked.kind, linked.id);
  }

  /**
   * json := the server's copy with the record's pending mutations applied in order, then those of
   * other records that change it (an order made here, on its applications). `rows` and `links` are
   * given when the caller has them already (a pull page reads the outbox once for the page).
   */
  function rebase(
    tx: Db,
    accountId: string,
    kind: string,
    id: string,
    serverJson: string | null,
    serverVersion: number | null,
    rows: OutboxRow[] = recordRows(tx, accountId, kind, id),
    links: OutboxRow[] = linkingRows(tx, accountId, kind, id),
  ) {
    let json = parse(serverJson);
    for (const row of rows) {
      if (row.status !== 'pending' || !isMutationName(row.name)) continue;
      json = applyLocalEffect(
        row.name,
        JSON.parse(row.args),
        json,
        effectContext(tx, accountId, row.createdAt),
      );
    }
    for (const row of links) {
      if (!isMutationName(row.name)) continue;
      json = applyLinkedEffect(
        row.name,
        JSON.parse(row.args),
        json,
        effectContext(tx, accountId, row.createdAt),
      );
    }
    // A record made here and never pushed, now without pending mutations, is gone; the server's stays.
    if (json === null && serverJson === null) {
      writeRecord(tx, accountId, { kind, id }, null, { json: null, version: null });
      return;
    }
    if (json === null) {
      // Deleted here (pending delete): keep the server copy row, but the local view has no record.
      writeRecord(tx, accountId, { kind, id }, null, { json: null, version: null });
      return;
    }
    writeRecord(tx, accountId, { kind, id }, json, { json: serverJson, version: serverVersion });
  }

  function rebaseRecord(tx: Db, accountId: string, kind: string, id: string) {
    const row = recordRow(tx, accountId, kind, id);
    rebase(tx, accountId, kind, id, row?.serverJson ?? null, row?.serverVersion ?? null);
  }

  function syncMark(tx: Db, accountId: string, kind: string, id: string): KeptRecord['sync'] {
    const rows = recordRows(tx, accountId, kind, id);
    if (rows.some((row) => row.status === 'rejected')) return 'conflict';
    return rows.length > 0 ? 'pending' : 'synced';
  }

  function insertMutation(
    tx: Tx,
    accountId: string,
    name: MutationName,
    args: unknown,
  ): { mutationId: number; record: RecordRef } {
    const current = state(accountId, tx);
    const record = recordOf(name, args, accountId);
    const mutationId = current.nextMutationId;
    const at = now();
    tx.update(syncState)
      .set({ nextMutationId: mutationId + 1 })
      .where(eq(syncState.accountId, accountId))
      .run();
    tx.insert(outbox)
      .values({
        clientId: current.clientId,
        mutationId,
        accountId,
        name,
        args: JSON.stringify(args),
        recordKind: record.kind,
        recordId: record.id,
        status: 'pending',
        rejection: null,
        createdAt: at,
      })
      .run();
    const row = recordRow(tx, accountId, record.kind, record.id);
    const json = applyLocalEffect(name, args, parse(row?.json ?? null), effectContext(tx, accountId, at));
    writeRecord(tx, accountId, record, json, {
      json: row?.serverJson ?? null,
      version: row?.serverVersion ?? null,
    });
    rebaseLinked(tx, accountId, { name, args: JSON.stringify(args) });
    return { mutationId, record };
  }

  /**
   * A kept record as the server sent it, with no local change on top: one prepared upsert, made once
   * (a first pull writes tens of thousands of these).
   */
  const upsertServerCopy = db
    .insert(localRecords)
    .values({
      accountId: sql.placeholder('accountId'),
      kind: sql.placeholder('kind'),
      id: sql.placeholder('id'),
      json: sql.placeholder('json'),
      serverJson: sql.placeholder('json'),
      serverVersion: sql.placeholder('serverVersion'),
      changedAt: sql.placeholder('changedAt'),
    })
    .onConflictDoUpdate({
      target: [localRecords.accountId, localRecords.kind, localRecords.id],
      set: {
        json: sql`excluded.json`,
        serverJson: sql`excluded.server_json`,
        serverVersion: sql`excluded.server_version`,
        changedAt: sql`excluded.changed_at`,
      },
    })
    .prepare();

  interface QueuedRows {
    /** Each record's own outbox rows. */
    byRecord: Map<string, OutboxRow[]>;
    /** The pending rows of other records that change it (`linkedRecords`). */
    linking: Map<string, OutboxRow[]>;
  }

  /** The account's outbox rows by record, in mutation order: read once per pull page. */
  function outboxByRecord(tx: Db, accountId: string): QueuedRows {
    const queued: QueuedRows = { byRecord: new Map(), linking: new Map() };
    const add = (map: Map<string, OutboxRow[]>, key: string, row: OutboxRow) => {
      const list = map.get(key);
      if (list) list.push(row);
      else map.set(key, [row]);
    };
    const rows = tx
      .select()
      .from(outbox)
      .where(eq(outbox.accountId, accountId))
      .orderBy(asc(outbox.mutationId))
      .all();
    for (const row of rows) {
      add(queued.byRecord, `${row.recordKind}\u0000${row.recordId}`, row);
      if (row.status !== 'pending' || !isMutationName(row.name)) continue;
      for (const linked of linkedRecords(row.name, JSON.parse(row.args)))
        add(queued.linking, `${linked.kind}\u0000${linked.id}`, row);
    }
    return queued;
  }

  function storeServerCopy(
    tx: Tx,
    accountId: string,
    kind: string,
    copy: RecordJson & { id: string },
    queued: QueuedRows,
  ) {
    const version = typeof copy.version === 'number' ? copy.version : null;
    const serverJson = JSON.stringify(copy);
    const key = `${kind}\u0000${copy.id}`;
    const rows = queued.byRecord.get(key);
    const links = queued.linking.get(key);
    if (rows === undefined && links === undefined) {
      // Nothing of this record waits in the outbox: the local view is the server's copy.
      upsertServerCopy.run({
        accountId,
        kind,
        id: copy.id,
        json: serverJson,
        serverVersion: version,
        changedAt: now(),
      });
      return;
    }
    rebase(tx, accountId, kind, copy.id, serverJson, version, rows ?? [], links ?? []);
  }

  function markRejected(tx: Tx, accountId: string, clientId: string, rejection: Rejection) {
    const where = and(eq(outbox.clientId, clientId), eq(outbox.mutationId, rejection.mutationId));
    const row = tx.select().from(outbox).where(where).get();
    if (!row || row.status === 'rejected') return;
    tx.update(outbox)
      .set({
        status: 'rejected',
        rejection: JSON.stringify({
          code: rejection.code,
          message: rejection.message,
          details: rejection.details,
        }),
      })
      .where(where)
      .run();
    rebaseRecord(tx, accountId, row.recordKind, row.recordId);
    rebaseLinked(tx, accountId, row);
  }

  return {
    state: (accountId) => state(accountId),
    enqueue: (accountId, name, args) => db.transaction((tx) => insertMutation(tx, accountId, name, args)),

    pendingBatch(accountId, limit) {
      const current = state(accountId);
      return db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.clientId, current.clientId),
            eq(outbox.status, 'pending'),
            gt(outbox.mutationId, current.ackedMutationId),
          ),
        )
        .orderBy(asc(outbox.mutationId))
        .limit(limit)
        .all();
    },

    acknowledge(accountId, lastMutationId, applied, rejections) {
      db.transaction((tx) => {
        const current = state(accountId, tx);
        for (const rejection of rejections) markRejected(tx, accountId, current.clientId, rejection);
        const touched = new Set<string>();
        for (const mutationId of applied) {
          const where = and(
            eq(outbox.clientId, current.clientId),
            eq(outbox.mutationId, mutationId),
            eq(outbox.status, 'pending'),
          );
          const row = tx.select().from(outbox).where(where).get();
          if (!row) continue;
          tx.delete(outbox).where(where).run();
          touched.add(`${row.recordKind}\u0000${row.recordId}`);
        }
        // The local copy keeps the applied change until the pull brings the server's copy of it.
        void touched;
        if (lastMutationId > current.ackedMutationId) {
          tx.update(syncState)
            .set({ ackedMutationId: lastMutationId })
            .where(eq(syncState.accountId, accountId))
            .run();
        }
      });
    },

    applyPullPage(accountId, page) {
      return db.transaction((tx) => {
        const current = state(accountId, tx);
        // Storing the copies changes no outbox row: the rows read here hold for all of them.
        const queued = outboxByRecord(tx, accountId);
        let taken = 0;
        const kinds: [string, (RecordJson & { id: string })[]][] = [
          ['application', page.changes.applications],
          ['order', page.changes.orders],
          ['boundCertificate', page.changes.boundCertificates],
          [
            'issuedCertificate',
            page.changes.issuedCertificates.map((copy) => ({ ...copy, id: copy.certificateId })),
          ],
          ['notification', page.changes.notifications],
        ];
        for (const [kind, copies] of kinds) {
          for (const copy of copies) storeServerCopy(tx, accountId, kind, copy, queued);
          taken += copies.length;
        }
        if (page.changes.profile) {
          storeServerCopy(tx, accountId, 'profile', { ...page.changes.profile, id: accountId }, queued);
          taken += 1;
        }
        for (const gone of page.deletions) {
          rebase(tx, accountId, gone.kind, gone.id, null, null);
          taken += 1;
        }
        for (const rejection of page.rejections) markRejected(tx, accountId, current.clientId, rejection);
        const acked = Math.max(current.ackedMutationId, page.lastMutationId);
        if (!page.hasMore) {
          // A repeat whose refusal would have come by now was applied: its row is done.
          tx.delete(outbox)
            .where(
              and(
                eq(outbox.clientId, current.clientId),
                eq(outbox.status, 'pending'),
                lte(outbox.mutationId, acked),
              ),
            )
            .run();
        }
        tx.update(syncState)
          .set({
            cursor: page.cursor,
            ackedMutationId: acked,
            caughtUp: current.caughtUp || !page.hasMore,
          })
          .where(eq(syncState.accountId, accountId))
          .run();
        return taken;
      });
    },

    record(accountId, kind, id) {
      const row = recordRow(db, accountId, kind, id);
      if (!row) return null;
      return {
        json: JSON.parse(row.json) as RecordJson,
        serverJson: parse(row.serverJson),
        serverVersion: row.serverVersion,
        sync: syncMark(db, accountId, kind, id),
        changedAt: row.changedAt,
      };
    },

    rewriteArgs(row, args) {
      db.update(outbox)
        .set({ args: JSON.stringify(args) })
        .where(and(eq(outbox.clientId, row.clientId), eq(outbox.mutationId, row.mutationId)))
        .run();
    },

    outboxRow(accountId, mutationId) {
      return (
        db
          .select()
          .from(outbox)
          .where(and(eq(outbox.accountId, accountId), eq(outbox.mutationId, mutationId)))
          .get() ?? null
      );
    },

    records(accountId, kind, ids, where) {
      const ofKind = and(
        eq(localRecords.accountId, accountId),
        eq(localRecords.kind, kind),
        fieldConditions(where),
      );
      const rows: (typeof localRecords.$inferSelect)[] = [];
      if (ids === undefined) rows.push(...db.select().from(localRecords).where(ofKind).all());
      else {
        // In slices: a statement takes a bounded number of parameters.
        const wanted = [...ids];
        for (let at = 0; at < wanted.length; at += 500) {
          const slice = wanted.slice(at, at + 500);
          rows.push(
            ...db
              .select()
              .from(localRecords)
              .where(and(ofKind, inArray(localRecords.id, slice)))
              .all(),
          );
        }
      }
      const marks = new Map<string, KeptRecord['sync']>();
      for (const row of db
        .select()
        .from(outbox)
        .where(and(eq(outbox.accountId, accountId), eq(outbox.recordKind, kind)))
        .all()) {
        if (row.status === 'rejected') marks.set(row.recordId, 'conflict');
        else if (!marks.has(row.recordId)) marks.set(row.recordId, 'pending');
      }
      return rows.map((row) => ({
        id: row.id,
        json: JSON.parse(row.json) as RecordJson,
        serverJson: parse(row.serverJson),
        serverVersion: row.serverVersion,
        sync: marks.get(row.id) ?? 'synced',
        changedAt: row.changedAt,
      }));
    },

    counts(accountId) {
      const byStatus = (status: 'pending' | 'rejected') =>
        db
          .select({ n: count() })
          .from(outbox)
          .where(and(eq(outbox.accountId, accountId), eq(outbox.status, status)))
          .get()?.n ?? 0;
      const pulled =
        db
          .select({ n: count() })
          .from(localRecords)
          .where(and(eq(localRecords.accountId, accountId), isNotNull(localRecords.serverVersion)))
          .get()?.n ?? 0;
      return { pending: byStatus('pending'), rejected: byStatus('rejected'), pulled };
    },

    queue(accountId) {
      const rows = db
        .select()
        .from(outbox)
        .where(eq(outbox.accountId, accountId))
        .orderBy(asc(outbox.mutationId))
        .all();
      return rows
        .filter((row) => isMutationName(row.name))
        .map((row) => {
          const mine: unknown = JSON.parse(row.args);
          const kept = recordRow(db, accountId, row.recordKind, row.recordId);
          const rejection = parse(row.rejection) as { code: string; message: string } | null;
          return {
            mutationId: row.mutationId,
            name: row.name as MutationName,
            title: mutationTitle(row.name as MutationName, mine, parse(kept?.json ?? null)),
            recordKind: row.recordKind,
            recordId: row.recordId,
            status: row.status,
            rejection: rejection && { code: rejection.code, message: rejection.message },
            createdAt: row.createdAt,
            mine,
            server: parse(kept?.serverJson ?? null),
          };
        });
    },

    discard(accountId, mutationId) {
      return db.transaction((tx) => {
        const where = and(
          eq(outbox.accountId, accountId),
          eq(outbox.mutationId, mutationId),
          eq(outbox.status, 'rejected'),
        );
        const row = tx.select().from(outbox).where(where).get();
        if (!row) return false;
        tx.delete(outbox).where(where).run();
        rebaseRecord(tx, accountId, row.recordKind, row.recordId);
        return true;
      });
    },

    resubmit(accountId, mutationId) {
      return db.transaction((tx) => {
        const where = and(
          eq(outbox.accountId, accountId),
          eq(outbox.mutationId, mutationId),
          eq(outbox.status, 'rejected'),
        );
        const row = tx.select().from(outbox).where(where).get();
        if (!row || !isMutationName(row.name)) return false;
        const args = JSON.parse(row.args) as RecordJson;
        const kept = recordRow(tx, accountId, row.recordKind, row.recordId);
        // Against the server's current version: the user's args win over what the server has now.
        const retried =
          kept?.serverVersion != null && 'version' in args ? { ...args, version: kept.serverVersion } : args;
        tx.delete(outbox).where(where).run();
        insertMutation(tx, accountId, row.name, retried);
        return true;
      });
    },

    noteResult(accountId, error) {
      const at = now();
      db.update(syncState)
        .set(
          error === null
            ? { lastSyncAt: at, lastError: null, lastErrorAt: null }
            : { lastError: error, lastErrorAt: at },
        )
        .where(eq(syncState.accountId, accountId))
        .run();
    },

    forget(accountId) {
      db.transaction((tx) => {
        // Records with unsent or refused changes stay (nothing entered is dropped); the rest go, and the
        // cursor with them, so the next sign-in pulls everything again.
        const touched = tx
          .selectDistinct({ kind: outbox.recordKind, id: outbox.recordId })
          .from(outbox)
          .where(eq(outbox.accountId, accountId))
          .all();
        const keep = new Set(touched.map((row) => `${row.kind}\u0000${row.id}`));
        const kept = tx
          .select({ kind: localRecords.kind, id: localRecords.id })
          .from(localRecords)
          .where(eq(localRecords.accountId, accountId))
          .all();
        for (const row of kept) {
          if (keep.has(`${row.kind}\u0000${row.id}`)) continue;
          tx.delete(localRecords)
            .where(
              and(
                eq(localRecords.accountId, accountId),
                eq(localRecords.kind, row.kind),
                eq(localRecords.id, row.id),
              ),
            )
            .run();
        }
        tx.update(syncState)
          .set({ cursor: null, caughtUp: false })
          .where(eq(syncState.accountId, accountId))
          .run();
      });
    },

    clearAll() {
      db.transaction((tx) => {
        tx.delete(localRecords).run();
        tx.delete(outbox).run();
        tx.delete(syncState).run();
      });
    },
  };
}
