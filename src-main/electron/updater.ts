import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { errorContext, type Logger } from '../core/logger';

/** Looks for an update of the packaged app (publish URL of electron-builder.yml); a failure is only logged. */
export function checkForUpdates(logger: Logger): void {
  if (!app.isPackaged) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.on('error', (error) => logger.warn('update check failed', errorContext(error)));
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
    logger.warn('update check failed', errorContext(error));
  });
}
