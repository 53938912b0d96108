import path from 'node:path';
import { acquireDataFolderLock } from '../../src-shared/node/dataFolderLock';
import { createAccountService, type AccountService } from './accounts';
import { createApplicationService, type ApplicationService } from './applications';
import { createApiClient, type ApiClient } from './api/client';
import { isHealthy } from './api/health';
import { findAppRoot } from './appRoot';
import { startBundledServer, type BundledServer, type BundledServerCommand } from './bundledServer';
import { createConnectivity, type Connectivity } from './connectivity';
import { createEvents, type CoreEvents } from './events';
import { errorContext, silentLogger, type Logger } from './logger';
import { createBoundCertificates } from './key/boundCertificates';
import { createDemoToken, ensureDemoCertificate } from './key/demoKey';
import { createKeyService, type KeyService } from './key/keyService';
import { createOrderService, type OrderService } from './orders';
import { createPrintService, type PrintService } from './print';
import type { CjkFont } from './print/cjkFont';
import { createNotificationService, type NotificationService } from './notifications';
import { createSessionService, type SessionService } from './session';
import { createSettingsService, type SettingsService } from './settings';
import { openStore } from './store/db';
import { createRecordCache } from './store/recordCache';
import { createSessionStore, createUnkeptSessionStore } from './store/sessionStore';
import type { SessionKeeping } from './sessionKeeping';
import { createSettingsStore } from './store/settingsStore';
import { createStaffOrderService, type StaffOrderService } from './staffOrders';
import {
  createOfflineFiles,
  createRecordSearch,
  createSyncService,
  createSyncStore,
  type SyncService,
} from './sync';
import { createUploadService, type UploadService } from './uploads';
import type { TokenProcessFactory } from './token';

export type { SecretBox } from './store/sessionStore';
export { sessionKeepingFor, type SafeStorageState, type SessionKeeping } from './sessionKeeping';
export type { Logger } from './logger';
export type { BundledServerCommand, ServerProcess, ServerSpawner } from './bundledServer';

export interface CoreOptions {
  /** Folder of the local store (and of the bundled server's database); this core is its one owner. */
  dataDir: string;
  /** How this process was started, named to a second start that finds the data folder taken. */
  ownerCommand?: string;
  /** Overrides CERTDESK_API_URL and the settings table. */
  apiUrl?: string;
  /** The packaged app's build configuration (package.json `certdesk.apiUrl`): used until the user sets one. */
  buildApiUrl?: string;
  /** How the session token outlives a restart; default: in plain text in the data folder (start:web). */
  sessionKeeping?: SessionKeeping;
  logger?: Logger;
  /** drizzle/local; default: found from the app root. */
  migrationsFolder?: string;
  /**
   * Development only (`npm start` from source, start:web): the API server to run when no URL is
   * configured. Without it nothing is started, and the app asks for a 服务地址 (a packaged app).
   */
  bundledServer?: BundledServerCommand;
  /** Health check interval; default 5 s. */
  connectivityIntervalMs?: number;
  /** Between two periodic syncs; default 60 s; 0 turns the timer off. */
  syncIntervalMs?: number;
  /** Push batch and pull page sizes (tests make them small); default 100 and 500. */
  syncSizes?: { pushBatch?: number; pushMaxBytes?: number; pullPage?: number };
  env?: NodeJS.ProcessEnv;
  /** The USB KEY's token process. */
  token?: {
    /** Its environment (SOFTHSM2_CONF, CERTDESK_PKCS11_MODULE); default: this process's. */
    env?: NodeJS.ProcessEnv;
    /** Electron: utilityProcess; default: child_process.fork of the worker under tsx. */
    processFactory?: TokenProcessFactory;
    presenceIntervalMs?: number;
  };
  /**
   * With the bundled demo server: create the demo KEY (SoftHSM2, when installed) under the data folder and
   * have the demo CA issue its certificate, so binding and KEY login can be tried at once.
   */
  demoKey?: boolean;
  /** The font printed PDFs use; default: the first Chinese system font found. */
  printFont?: CjkFont;
  /** Where the session reads the time (ms); tests move it by hand. Default: Date.now. */
  now?: () => number;
}

export interface Core {
  events: CoreEvents;
  settings: SettingsService;
  session: SessionService;
  accounts: AccountService;
  connectivity: Connectivity;
  api: ApiClient;
  key: KeyService;
  applications: ApplicationService;
  orders: OrderService;
  print: PrintService;
  uploads: UploadService;
  staffOrders: StaffOrderService;
  notifications: NotificationService;
  /** The outbox and the pull of records kept on this computer (docs/DESIGN.md "Data and sync"). */
  sync: SyncService;
  /** Drops every record kept from the server (the app now talks to another one). */
  clearKeptRecords(): void;
  /** Logout: drops what was kept for the account, except records with changes not yet pushed. */
  forgetAccount(userId: string): void;
  /** Why this computer does not keep the login across restarts, or null when it does. */
  sessionNotice: string | null;
  /** The API server this app started itself (demo data, dev SMS outbox), or null when one is configured. */
  bundledServerUrl: string | null;
  /** Stops polling, the bundled server, and closes the store. */
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger;
  const events = createEvents((error) => logger.error('event listener failed', errorContext(error)));
  // Two processes on one folder would each keep their own SQLite and PGlite state and lose the other's.
  const lock = await acquireDataFolderLock(options.dataDir, {
    command: options.ownerCommand,
    otherFolderHint: '用 CERTDESK_DATA_DIR 指定另一个数据目录',
  });
  let store: ReturnType<typeof openStore>;
  try {
    store = openStore(
      options.dataDir,
      options.migrationsFolder ?? path.join(findAppRoot(), 'drizzle', 'local'),
    );
  } catch (error) {
    lock.release();
    throw error;
  }
  const closeStore = () => {
    store.close();
    lock.release();
  };
  const settingsStore = createSettingsStore(store.db);
  settingsStore.clientId();
  let settings: SettingsService;
  try {
    settings = createSettingsService(settingsStore, {
      apiUrl: options.apiUrl,
      buildApiUrl: options.buildApiUrl,
      env: options.env,
    });
  } catch (error) {
    closeStore();
    throw error;
  }

  let bundled: BundledServer | null = null;
  if (settings.configuredApiUrl() === null && options.bundledServer) {
    try {
      bundled = await startBundledServer({
        command: options.bundledServer,
        dataDir: path.join(options.dataDir, 'server'),
        logger,
      });
    } catch (error) {
      closeStore();
      throw error;
    }
    settings.useBundledServer(bundled.url);
  }

  const keeping = options.sessionKeeping ?? { keep: 'plain' };
  const sessionStore =
    keeping.keep === 'memory'
      ? createUnkeptSessionStore(store.db)
      : createSessionStore(store.db, keeping.keep === 'sealed' ? keeping.box : undefined);
  const session = createSessionService(sessionStore, events, options.now);
  const connectivity = createConnectivity({
    probe: async () => {
      const url = settings.currentApiUrl();
      return url !== null && (await isHealthy(url));
    },
    events,
    intervalMs: options.connectivityIntervalMs,
  });
  // A bundled server that died is started again: point at it and tell the app at once it is back.
  bundled?.onRestart((url) => {
    settings.useBundledServer(url);
    void connectivity.check();
  });
  const api = createApiClient({
    baseUrl: () => settings.apiUrl(),
    token: () => session.token(),
    onSessionRejected: (error) =>
      session.end(error.code === 'SESSION_EXPIRED' ? 'expired' : 'revoked', error.message),
    onSessionExtended: (expiresAt) => session.extend(expiresAt),
    onReachability: (reachable) => connectivity.report(reachable),
    logger,
  });
  const cache = createRecordCache(store.db);
  const syncStore = createSyncStore(store.db);
  const files = createOfflineFiles(store.db, options.dataDir, api);
  const sync = createSyncService({
    api,
    store: syncStore,
    search: createRecordSearch(store.db),
    session,
    connectivity,
    events,
    intervalMs: options.syncIntervalMs,
    run: options.syncSizes,
    files,
  });
  const online = () => connectivity.online();
  const accounts = createAccountService({ api, session, cache, logger, sync });
  const applications = createApplicationService({ api, session, sync, online, files });
  const orders = createOrderService({ api, session, sync, online, apiUrl: () => settings.apiUrl() });
  const print = createPrintService({ applications, orders, font: options.printFont });
  const uploads = createUploadService(api);
  const staffOrders = createStaffOrderService({ api, session, sync });
  const notifications = createNotificationService({ session, cache, sync });

  let tokenEnv = options.token?.env;
  const demoToken =
    bundled !== null && options.demoKey
      ? await createDemoToken(findAppRoot(), options.dataDir, logger)
      : null;
  if (demoToken) tokenEnv = { ...(tokenEnv ?? process.env), ...demoToken };
  const key = createKeyService({
    api,
    session,
    events,
    bound: createBoundCertificates(api, cache),
    sync,
    logger,
    modulePath: () => settings.pkcs11Module(),
    token: {
      env: tokenEnv,
      processFactory: options.token?.processFactory,
      presenceIntervalMs: options.token?.presenceIntervalMs,
    },
  });
  if (demoToken && bundled) await ensureDemoCertificate(key.client(), bundled.url, logger);

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      await connectivity.stop();
      await sync.stop();
      await key.close();
      await bundled?.stop();
      closeStore();
    })();
    return closing;
  }

  return {
    events,
    settings,
    session,
    accounts,
    connectivity,
    api,
    key,
    applications,
    orders,
    print,
    uploads,
    staffOrders,
    notifications,
    sync,
    forgetAccount: (userId) => syncStore.forget(userId),
    clearKeptRecords: () => {
      cache.clear();
      syncStore.clearAll();
    },
    sessionNotice: keeping.keep === 'memory' ? keeping.notice : null,
    get bundledServerUrl() {
      return bundled?.url ?? null;
    },
    close,
  };
}
