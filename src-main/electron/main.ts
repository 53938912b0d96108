import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, type WebFrameMain } from 'electron';
import pino from 'pino';
import type { IpcResult } from '../../src-shared/ipc/envelope';
import { AppError } from '../../src-shared/errors';
import {
  createCore,
  sessionKeepingFor,
  type BundledServerCommand,
  type Core,
  type Logger,
  type SessionKeeping,
} from '../core';
import { errorContext } from '../core/logger';
import { createIpcHandlers, dispatch, type IpcHandlers } from '../ipc/handlers';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './bridgeChannels';
import { APP_ENTRY_URL, isAppUrl } from './rendererFiles';
import { hardenSession, lockDown, openInBrowser } from './security';
import { utilityServerSpawner } from './serverProcess';
import { utilityTokenProcess } from './tokenProcess';
import { checkForUpdates } from './updater';

// The Electron host: one window over the same core and IPC handler table as start:web.

const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'dist', 'renderer');

function fileLogger(dir: string): Logger {
  fs.mkdirSync(dir, { recursive: true });
  const log = pino(pino.destination({ dest: path.join(dir, 'main.log'), sync: false }));
  return {
    info: (message, context) => log.info(context ?? {}, message),
    warn: (message, context) => log.warn(context ?? {}, message),
    error: (message, context) => log.error(context ?? {}, message),
  };
}

/** The packaged build's 服务地址: package.json `certdesk.apiUrl` (electron-builder extraMetadata). */
function buildApiUrl(root: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      certdesk?: { apiUrl?: unknown };
    };
    return typeof pkg.certdesk?.apiUrl === 'string' ? pkg.certdesk.apiUrl : undefined;
  } catch {
    return undefined;
  }
}

/** Called after ready (before it, Linux reports the backend as `unknown`). */
function sessionKeeping(): SessionKeeping {
  return sessionKeepingFor(
    {
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    },
    {
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (sealed) => safeStorage.decryptString(sealed),
    },
  );
}

/**
 * `npm start` from source: the built server (npm run build emits it) in a utility process, which
 * follows this process's pid since it has no stdin to see closing.
 */
function bundledServerCommand(logger: Logger): BundledServerCommand | undefined {
  const built = path.join(appRoot, 'dist', 'server', 'cli.mjs');
  if (!fs.existsSync(built)) {
    logger.warn('bundled server not built (npm run build:main)', { path: built });
    return undefined;
  }
  return {
    command: built,
    args: (port, dataDir) => [
      '--dev',
      '--demo',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--exit-with-parent',
      '--parent-pid',
      String(process.pid),
    ],
    cwd: appRoot,
    spawn: utilityServerSpawner,
  };
}

/** Only our own page, in its top frame, may call the desktop services. */
function isOwnPage(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: '证书服务中心',
    show: false,
    webPreferences: {
      preload: path.join(appRoot, 'dist', 'main', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function start(): void {
  const logger = fileLogger(path.join(app.getPath('userData'), 'logs'));
  process.on('uncaughtException', (error) => logger.error('uncaught exception', errorContext(error)));
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', errorContext(error)));

  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  let quitting = false;

  app.on('second-instance', () => {
    if (win === null) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  // The window opens at once; calls wait for the core (the bundled server may take a few seconds).
  const ready: Promise<IpcHandlers> = app.whenReady().then(async () => {
    core = await createCore({
      dataDir: app.getPath('userData'),
      ownerCommand: '证书服务中心桌面程序',
      sessionKeeping: sessionKeeping(),
      logger,
      migrationsFolder: path.join(appRoot, 'drizzle', 'local'),
      // A packaged app never starts a server: it uses the build's or the user's 服务地址.
      bundledServer: app.isPackaged ? undefined : bundledServerCommand(logger),
      buildApiUrl: buildApiUrl(appRoot),
      token: { processFactory: utilityTokenProcess(path.join(appRoot, 'dist', 'main', 'token-worker.cjs')) },
      demoKey: !app.isPackaged,
    });
    core.events.onAny((event, payload) => win?.webContents.send(EVENT_CHANNEL, event, payload));
    return createIpcHandlers(core, {
      host: 'electron',
      version: app.getVersion(),
      openExternal: openInBrowser,
    });
  });
  ready.catch((error: unknown) => logger.error('core failed to start', errorContext(error)));

  ipcMain.handle(
    INVOKE_CHANNEL,
    async (event, channel: unknown, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isOwnPage(event.senderFrame)) {
        logger.warn('IPC refused: not our page', { url: event.senderFrame?.url });
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：该页面无权使用桌面服务' } };
      }
      try {
        return await dispatch(await ready, typeof channel === 'string' ? channel : '', input, logger);
      } catch (error) {
        const body = error instanceof AppError ? error.toBody() : undefined;
        return {
          ok: false,
          error: body ?? { code: 'SERVICE_UNAVAILABLE', message: '桌面服务启动失败，请重新启动程序' },
        };
      }
    },
  );

  void app.whenReady().then(() => {
    serveRenderer(rendererDir);
    hardenSession();
    win = createWindow();
    win.on('closed', () => (win = null));
    checkForUpdates(logger);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Stop the bundled server and close the store before the process goes (also while still starting).
    event.preventDefault();
    quitting = true;
    void ready
      .then(
        () => core?.close(),
        () => undefined,
      )
      .catch((error: unknown) => logger.error('closing the core failed', errorContext(error)))
      .finally(() => app.quit());
  });
}

registerAppScheme();
// CERTDESK_DATA_DIR moves the data folder (portable installs, tests); it must be set before the lock.
if (process.env.CERTDESK_DATA_DIR) app.setPath('userData', path.resolve(process.env.CERTDESK_DATA_DIR));
if (app.requestSingleInstanceLock()) start();
else app.quit();
