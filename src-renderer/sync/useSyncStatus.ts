import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../src-shared/schemas/desktopSync';
import { ipc } from '../bridge';

/** The desktop's sync state: `sync.status` once, then every `sync.status` event. */
export function useSyncStatus(): { status: SyncStatus | null; replace: (next: SyncStatus) => void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let cancelled = false;
    let heard = false;
    const off = ipc.on('sync.status', (event) => {
      heard = true;
      setStatus(event);
    });
    ipc
      .invoke('sync.status')
      .then((first) => {
        if (!cancelled && !heard) setStatus(first);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      off();
    };
  }, []);
  return { status, replace: setStatus };
}
