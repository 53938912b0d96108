import type { CertdeskBridge } from '../../src-shared/ipc/envelope';
import { WS_PATH } from '../../src-shared/ipc/envelope';
import { createIpc } from './ipc';
import { takeIpcSecret } from './secret';
import { createWsBridge, type BridgeStatus } from './wsBridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page is served by the web host. */
    certdesk?: CertdeskBridge;
  }
}

function wsUrl(): string | null {
  const secret = takeIpcSecret();
  if (secret === null) return null;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${WS_PATH}?secret=${encodeURIComponent(secret)}`;
}

function pickBridge(): {
  bridge: CertdeskBridge;
  onStatus: (listener: (s: BridgeStatus) => void) => () => void;
} {
  const preload = window.certdesk;
  if (preload) {
    // Electron's IPC does not drop: the status is always open.
    return {
      bridge: preload,
      onStatus: (listener) => {
        listener('open');
        return () => undefined;
      },
    };
  }
  const ws = createWsBridge(wsUrl());
  return { bridge: ws, onStatus: ws.onStatus };
}

const picked = pickBridge();

/** The renderer's only way to the desktop services. */
export const ipc = createIpc(picked.bridge);
/** Whether the renderer can reach the desktop services at all (the WebSocket may drop under start:web). */
export const onBridgeStatus = picked.onStatus;
export type { BridgeStatus };
