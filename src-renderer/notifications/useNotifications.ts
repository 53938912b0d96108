import { useCallback, useEffect } from 'react';
import type { NotificationsResult } from '../../src-shared/ipc/contract';
import type { AppError } from '../../src-shared/errors';
import { ipc } from '../bridge';
import { useChannel } from '../bridge/useChannel';

/** How often the bell asks again while the window stays open. */
export const NOTIFICATION_REFRESH_MS = 5 * 60 * 1000;

export interface NotificationsState {
  result: NotificationsResult | null;
  error: AppError | null;
  reload: () => void;
  /** Marks these read (kept on this computer), then reads the list again. */
  markRead: (ids: readonly string[]) => Promise<void>;
}

/** My messages, read now, every few minutes, and whenever the window comes back into focus. */
export function useNotifications(): NotificationsState {
  const { data, error, reload } = useChannel('notifications.list');

  useEffect(() => {
    const timer = window.setInterval(reload, NOTIFICATION_REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    window.addEventListener('focus', reload);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', reload);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const markRead = useCallback(
    async (ids: readonly string[]) => {
      if (ids.length === 0) return;
      try {
        await ipc.invoke('notifications.markRead', { ids: [...ids] });
      } finally {
        reload();
      }
    },
    [reload],
  );

  return { result: data, error, reload, markRead };
}
