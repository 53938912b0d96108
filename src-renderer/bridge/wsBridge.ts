import { AppError } from '../../src-shared/errors';
import type {
  CertdeskBridge,
  IpcResult,
  WsClientMessage,
  WsServerMessage,
} from '../../src-shared/ipc/envelope';

export const BRIDGE_LOST_MESSAGE = '与桌面服务的连接已断开，正在重连…';
const NO_SECRET_MESSAGE = '缺少与桌面服务的连接凭据，请用桌面服务启动时给出的完整地址重新打开本页面';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
/** WebSocket.OPEN, without reaching for a global the test environment may lack. */
const OPEN = 1;

export type BridgeStatus = 'connecting' | 'open' | 'closed';

interface PendingCall {
  message: WsClientMessage;
  sent: boolean;
  resolve: (result: IpcResult<unknown>) => void;
  reject: (error: AppError) => void;
}

export interface WsBridge extends CertdeskBridge {
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  /** Stops reconnecting and closes the socket (tests; the page itself never lets go). */
  close(): void;
}

/** What the bridge needs from its surroundings; the browser's own by default, a stand-in in unit tests. */
export interface WsBridgeEnvironment {
  WebSocket: new (url: string) => WebSocket;
  setTimeout: (callback: () => void, ms: number) => unknown;
}

function browserEnvironment(): WsBridgeEnvironment {
  return { WebSocket, setTimeout: (callback, ms) => window.setTimeout(callback, ms) };
}

/**
 * The `start:web` transport: the IPC contract over one WebSocket. Calls made while the socket is
 * (re)connecting wait for it; when the socket drops, every unanswered call fails with a BRIDGE error
 * and the bridge reconnects with exponential backoff.
 */
export function createWsBridge(
  url: string | null,
  env: WsBridgeEnvironment = browserEnvironment(),
): WsBridge {
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();
  let socket: WebSocket | null = null;
  let status: BridgeStatus = 'connecting';
  let nextId = 1;
  let backoffMs = MIN_BACKOFF_MS;
  let closed = false;

  function setStatus(next: BridgeStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function flush(): void {
    if (socket?.readyState !== OPEN) return;
    for (const call of pending.values()) {
      if (!call.sent) {
        socket.send(JSON.stringify(call.message));
        call.sent = true;
      }
    }
  }

  function failAll(): void {
    for (const call of pending.values()) call.reject(new AppError('BRIDGE', BRIDGE_LOST_MESSAGE));
    pending.clear();
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: WsServerMessage;
    try {
      message = JSON.parse(data) as WsServerMessage;
    } catch {
      return;
    }
    if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      call.resolve(message.result);
    } else if (message.type === 'event') {
      for (const listener of eventListeners.get(message.event) ?? []) listener(message.payload);
    }
  }

  function connect(): void {
    if (url === null || closed) return;
    setStatus('connecting');
    const ws = new env.WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      backoffMs = MIN_BACKOFF_MS;
      setStatus('open');
      flush();
    };
    ws.onmessage = (event) => handleMessage(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll();
      setStatus('closed');
      const delay = backoffMs;
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      if (!closed) env.setTimeout(connect, delay);
    };
  }

  connect();

  return {
    invoke(channel, input) {
      if (url === null) return Promise.reject(new AppError('BRIDGE', NO_SECRET_MESSAGE));
      if (status === 'closed') return Promise.reject(new AppError('BRIDGE', BRIDGE_LOST_MESSAGE));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { message: { type: 'invoke', id, channel, input }, sent: false, resolve, reject });
        flush();
      });
    },
    on(event, listener) {
      const listeners = eventListeners.get(event) ?? new Set();
      listeners.add(listener);
      eventListeners.set(event, listeners);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
