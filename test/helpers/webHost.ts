import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CoreOptions } from '../../src-main/core';
import { startWebHost, type WebHost } from '../../src-main/host/webHost';
import {
  createScratchDatabase,
  startTestServer,
  type Backend,
  type TestServer,
  type TestServerOptions,
} from './apiServer';

export interface TestWebHost {
  /** Open this: http://127.0.0.1:PORT/#secret=… */
  url: string;
  origin: string;
  secret: string;
  /** The real API server behind the host (smsCode, captchaText for logging in); a new one after restartApi. */
  readonly api: TestServer;
  /** Takes the API server away (the desktop services stay): the app is offline from then on. */
  stopApi(): Promise<void>;
  /**
   * Starts the API server again (stopping it first if it still runs) on the same port, database and CA:
   * the app's health check finds it and the app comes back online, its session still good.
   */
  restartApi(): Promise<void>;
  dataDir: string;
  host: WebHost;
  close(): Promise<void>;
}

/**
 * A real API server plus the start:web host on a fresh temp data dir, for end-to-end tests.
 * The renderer must be built first (dist/renderer, `npm run build:renderer`).
 */
export async function startTestWebHost(
  options: {
    demo?: boolean;
    backend?: Backend;
    /** Server limits, e.g. a short SMS resend interval when one phone gets several codes in a test. */
    limits?: TestServerOptions['limits'];
    rendererDir?: string;
    connectivityIntervalMs?: number;
    /** The USB KEY's token process: a SoftHSM2 env (SOFTHSM2_CONF, CERTDESK_PKCS11_MODULE) for KEY tests. */
    token?: CoreOptions['token'];
    /**
     * The host starts with no 服务地址 at all (a first run, as a packaged app without build config): the
     * test types `api.url` into the page. Otherwise it is a start option, which 设置 cannot change.
     */
    apiUrlUnset?: boolean;
    /** How the session token outlives a restart (Electron decides it from safeStorage); default plain. */
    sessionKeeping?: CoreOptions['sessionKeeping'];
  } = {},
): Promise<TestWebHost> {
  // Kept in a folder (PGlite, CA) or a scratch database that outlives the server, so it can start again.
  const apiDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certdesk-web-api-'));
  const scratch = options.backend === 'postgres' ? await createScratchDatabase() : null;
  const dropApiData = async () => {
    try {
      await scratch?.drop();
    } finally {
      await fs.rm(apiDir, { recursive: true, force: true });
    }
  };
  const serverOptions: TestServerOptions = {
    backend: options.backend,
    demo: options.demo ?? true,
    limits: options.limits,
    dataDir: apiDir,
    databaseUrl: scratch?.url,
    // SMS codes and captcha answers are hashed with it: the same one across a restart.
    secret: randomBytes(32).toString('hex'),
  };
  let api: TestServer;
  try {
    api = await startTestServer(serverOptions);
  } catch (error) {
    await dropApiData();
    throw error;
  }
  const port = Number(new URL(api.url).port);
  let apiStopped: Promise<void> | null = null;
  const stopApi = () => (apiStopped ??= api.close());
  const restartApi = async () => {
    await stopApi();
    api = await startTestServer({ ...serverOptions, port });
    apiStopped = null;
  };
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certdesk-web-'));
  let host: WebHost;
  try {
    host = await startWebHost({
      dataDir,
      apiUrl: options.apiUrlUnset ? undefined : api.url,
      // Never the developer's own CERTDESK_API_URL.
      env: { ...process.env, CERTDESK_API_URL: undefined },
      rendererDir: options.rendererDir ?? path.resolve('dist/renderer'),
      connectivityIntervalMs: options.connectivityIntervalMs ?? 1_000,
      token: options.token,
      sessionKeeping: options.sessionKeeping,
    });
  } catch (error) {
    await stopApi();
    await dropApiData();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: host.url,
    origin: host.origin,
    secret: host.secret,
    get api() {
      return api;
    },
    stopApi,
    restartApi,
    dataDir,
    host,
    async close() {
      try {
        await host.close();
      } finally {
        try {
          await stopApi();
        } finally {
          await dropApiData();
          await fs.rm(dataDir, { recursive: true, force: true });
        }
      }
    },
  };
}
