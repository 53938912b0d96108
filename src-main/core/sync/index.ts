import { AppError, isErrorCode, type ErrorDetails } from '../../../src-shared/errors';
import type { SyncQueue, SyncStatus } from '../../../src-shared/schemas/desktopSync';
import type { MutationName } from '../../../src-shared/schemas/sync';
import type { ApiClient } from '../api/client';
import type { Connectivity } from '../connectivity';
import type { CoreEvents } from '../events';
import type { SessionService } from '../session';
import { backoffMs, runSync, type RunOptions } from './engine';
import type { RecordRef } from './localEffects';
import type { OfflineFiles } from './offlineFiles';
import type { RecordSearch } from './recordSearch';
import type { KeptFieldFilter, KeptRecord, SyncStore } from './syncStore';

export { createOfflineFiles, placeholderId, type OfflineFiles } from './offlineFiles';
export { createSyncStore, type SyncStore, type KeptRecord } from './syncStore';
export { createRecordSearch, type RecordSearch } from './recordSearch';

/**
 * The desktop's sync (docs/DESIGN.md, "Data and sync"): writes are queued in the outbox and pushed
 * when the API can be reached — at once after each write, when the app comes online, and every
 * `intervalMs` — then what changed is pulled. Emits `sync.status` whenever the status may have moved.
 */
export interface SyncService {
  status(): SyncStatus;
  /** Runs a sync now (or joins the one running) and answers the status after it. */
  now(): Promise<SyncStatus>;
  queue(): SyncQueue;
  resubmit(mutationId: number): { ok: true };
  discard(mutationId: number): { ok: true };
  /** A write of the logged-in account: kept here with its outbox row, then pushed when possible. */
  enqueue(name: MutationName, args: unknown): { mutationId: number; record: RecordRef };
  /**
   * A write as the services make it: queued, then — when the API can be reached — pushed and pulled at
   * once; a refusal then is thrown (and the mutation dropped: the form shows it, as before sync).
   * Offline the kept copy with the change is answered, marked pending.
   */
  write(name: MutationName, args: unknown): Promise<KeptRecord | null>;
  /** The signed-in account's kept record of this kind and id. */
  kept(kind: string, id: string): KeptRecord | null;
  /** The signed-in account's kept records of a kind (with `ids`, only those; with `where`, those matching). */
  keptAll(kind: string, ids?: ReadonlySet<string>, where?: KeptFieldFilter): (KeptRecord & { id: string })[];
  /** Ids of the signed-in account's kept records of a kind that contain `text`; null for no text. */
  keptMatching(kind: string, text: string | undefined): Set<string> | null;
  /** Online: a sync first, so reads show the server's latest. Never throws for the network. */
  refresh(): Promise<{ fresh: boolean; syncedAt: string | null }>;
  /** Waits until the running sync (if any) ended. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SyncServiceOptions {
  api: ApiClient;
  store: SyncStore;
  /** The search over the kept records of `store` (the same SQLite file). */
  search: RecordSearch;
  session: SessionService;
  connectivity: Connectivity;
  events: CoreEvents;
  /** Between two periodic syncs; default 60 s. 0: no timer (tests run syncs by hand). */
  intervalMs?: number;
  /** First backoff step after a failure; default 1 s. */
  retryBaseMs?: number;
  run?: Pick<RunOptions, 'pushBatch' | 'pushMaxBytes' | 'pullPage'>;
  files?: OfflineFiles;
}

const NOT_FOUND = '该待同步操作已不在队列中，请刷新后重试';

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { api, store, session, connectivity, events } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let periodic: NodeJS.Timeout | null = null;

  function status(): SyncStatus {
    const user = session.user();
    const online = connectivity.online();
    if (!user) {
      return {
        online,
        syncing: running !== null,
        pending: 0,
        rejected: 0,
        lastSyncAt: null,
        lastError: null,
        pulled: 0,
        caughtUp: false,
      };
    }
    const state = store.state(user.id);
    const counts = store.counts(user.id);
    return {
      online,
      syncing: running !== null,
      pending: counts.pending,
      rejected: counts.rejected,
      lastSyncAt: state.lastSyncAt,
      lastError: state.lastError,
      pulled: counts.pulled,
      caughtUp: state.caughtUp,
    };
  }

  const emit = () => {
    if (!stopped) events.emit('sync.status', status());
  };

  async function runOnce(): Promise<void> {
    const user = session.user();
    if (!user || stopped) return;
    const accountId = user.id;
    const outcome = await runSync(api, store, accountId, {
      ...options.run,
      files: options.files,
      onProgress: emit,
      cancelled: () => stopped || session.user()?.id !== accountId,
    });
    if (outcome.kind === 'done') {
      failures = 0;
      store.noteResult(accountId, null);
      return;
    }
    store.noteResult(accountId, outcome.message);
    if (outcome.kind === 'retry') {
      failures += 1;
      scheduleRetry();
    }
  }

  function scheduleRetry() {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = null;
        void start();
      },
      backoffMs(failures - 1, options.retryBaseMs ?? 1_000),
    );
    retryTimer.unref();
  }

  function start(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      emit();
      try {
        do {
          again = false;
          await runOnce();
        } while (again && !stopped && failures === 0);
      } finally {
        running = null;
        emit();
      }
    })();
    return running;
  }

  // Back online: sync at once rather than after the backoff the offline failures built up (a run still
  // failing against the old network is let finish first).
  function resumeNow() {
    failures = 0;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    void start();
  }
  const offConnectivity = events.on('connectivity', ({ online }) => {
    if (!online) emit();
    else if (running) void running.then(resumeNow);
    else resumeNow();
  });
  if (intervalMs > 0) {
    periodic = setInterval(() => void start(), intervalMs);
    periodic.unref();
  }

  function requireAccount(): string {
    return session.requireUser().id;
  }

  return {
    status,
    async now() {
      if (retryTimer) {
        clearTimeout(retryTimer);
        retryTimer = null;
      }
      await start();
      return status();
    },
    queue: () => {
      const user = session.user();
      return { items: user ? store.queue(user.id) : [] };
    },
    resubmit(mutationId) {
      if (!store.resubmit(requireAccount(), mutationId)) throw new AppError('NOT_FOUND', NOT_FOUND);
      void start();
      return { ok: true };
    },
    discard(mutationId) {
      if (!store.discard(requireAccount(), mutationId)) throw new AppError('NOT_FOUND', NOT_FOUND);
      emit();
      return { ok: true };
    },
    enqueue(name, args) {
      const queued = store.enqueue(requireAccount(), name, args);
      void start();
      return queued;
    },
    async write(name, args) {
      const accountId = requireAccount();
      const { mutationId, record } = store.enqueue(accountId, name, args);
      if (connectivity.online()) {
        await start();
        const row = store.outboxRow(accountId, mutationId);
        if (row?.status === 'rejected') {
          const rejection = JSON.parse(row.rejection ?? '{}') as {
            code?: string;
            message?: string;
            details?: ErrorDetails | null;
          };
          store.discard(accountId, mutationId);
          emit();
          throw new AppError(
            isErrorCode(rejection.code) ? rejection.code : 'PRECONDITION_FAILED',
            rejection.message ?? '服务器拒绝了该操作',
            rejection.details ?? undefined,
          );
        }
      } else void start();
      return store.record(accountId, record.kind, record.id);
    },
    kept(kind, id) {
      const user = session.user();
      return user ? store.record(user.id, kind, id) : null;
    },
    keptAll(kind, ids, where) {
      const user = session.user();
      return user ? store.records(user.id, kind, ids, where) : [];
    },
    keptMatching(kind, text) {
      const user = session.user();
      if (!user) return text?.trim() ? new Set() : null;
      return options.search.ids(user.id, kind, text);
    },
    async refresh() {
      const user = session.requireUser();
      if (connectivity.online()) await start();
      const state = store.state(user.id);
      return { fresh: state.lastError === null && connectivity.online(), syncedAt: state.lastSyncAt };
    },
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      offConnectivity();
      if (retryTimer) clearTimeout(retryTimer);
      if (periodic) clearInterval(periodic);
      await running;
    },
  };
}
