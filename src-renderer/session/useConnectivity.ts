import { useEffect, useState } from 'react';
import { ipc, onBridgeStatus, type BridgeStatus } from '../bridge';

/** Whether the remote API is reachable: `app.info` once, then every `connectivity` event. */
export function useApiOnline(): boolean | null {
  const [online, setOnline] = useState<boolean | null>(null);
  useEffect(() => {
    let cancelled = false;
    const off = ipc.on('connectivity', (event) => setOnline(event.online));
    ipc
      .invoke('app.info')
      .then((info) => {
        if (!cancelled) setOnline((current) => current ?? info.online);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      off();
    };
  }, []);
  return online;
}

/** Whether the renderer reaches the desktop services (only the start:web WebSocket can drop). */
export function useBridgeStatus(): BridgeStatus {
  const [status, setStatus] = useState<BridgeStatus>('open');
  useEffect(() => onBridgeStatus(setStatus), []);
  return status;
}
