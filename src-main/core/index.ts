import path from 'node:path';
import { createAccountService, type AccountService } from './accounts';
import { createApiClient, type ApiClient } from './api/client';
import { isHealthy } from './api/health';
import { findAppRoot } from './appRoot';
import {
  startBundledServer,
  tsxServerCommand,
  type BundledServer,
  type BundledServerCommand,
} from './bundledServer';
import { createConnectivity, type Connectivity } from './connectivity';
import { createEvents, type CoreEvents } from './events';
import { errorContext, silentLogger, type Logger } from './logger';
import { createSessionService, type SessionService } from './session';
import { createSettingsService, type SettingsService } from './settings';
import { openStore } from './store/db';
import { createRecordCache } from './store/recordCache';
import { createSessionStore, type SecretBox } from './store/sessionStore';
import { createSettingsStore } from './store/settingsStore';

export type { SecretBox } from './store/sessionStore';
export type { Logger } from './logger';
export type { BundledServerCommand } from './bundledServer';

export interface CoreOptions {
  /** Folder of the local store (and of the bundled server's database). */
  dataDir: string;
  /** Overrides CERTDESK_API_URL and the settings table. */
  apiUrl?: string;
  /** Seals the session token at rest (Electron: safeStorage). */
  secretBox?: SecretBox;
  logger?: Logger;
  /** drizzle/local; default: found from the app root. */
  migrationsFolder?: string;
  /** How to run the bundled API server when no URL is configured; default: src-server under tsx. */
  bundledServer?: BundledServerCommand;
  /** Health check interval; default 5 s. */
  connectivityIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  events: CoreEvents;
  settings: SettingsService;
  session: SessionService;
  accounts: AccountService;
  connectivity: Connectivity;
  api: ApiClient;
  /** Stops polling, the bundled server, and closes the store. */
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger;
  const events = createEvents((error) => logger.error('event listener failed', errorContext(error)));
  const store = openStore(
    options.dataDir,
    options.migrationsFolder ?? path.join(findAppRoot(), 'drizzle', 'local'),
  );
  const settingsStore = createSettingsStore(store.db);
  settingsStore.clientId();
  const settings = createSettingsService(settingsStore, { apiUrl: options.apiUrl, env: options.env });

  let bundled: BundledServer | null = null;
  if (settings.configuredApiUrl() === null) {
    try {
      bundled = await startBundledServer({
        command: options.bundledServer ?? tsxServerCommand(findAppRoot()),
        dataDir: path.join(options.dataDir, 'server'),
        logger,
      });
    } catch (error) {
      store.close();
      throw error;
    }
    settings.useBundledServer(bundled.url);
  }

  const session = createSessionService(createSessionStore(store.db, options.secretBox), events);
  const connectivity = createConnectivity({
    probe: () => isHealthy(settings.apiUrl()),
    events,
    intervalMs: options.connectivityIntervalMs,
  });
  const api = createApiClient({
    baseUrl: () => settings.apiUrl(),
    token: () => session.token(),
    onSessionRejected: (error) =>
      session.end(error.code === 'SESSION_EXPIRED' ? 'expired' : 'revoked', error.message),
    onReachability: (reachable) => connectivity.report(reachable),
    logger,
  });
  const accounts = createAccountService({ api, session, cache: createRecordCache(store.db), logger });

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      await connectivity.stop();
      await bundled?.stop();
      store.close();
    })();
    return closing;
  }

  return { events, settings, session, accounts, connectivity, api, close };
}
