import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { AppError } from '../../src-shared/errors';
import type {
  CertdeskBridge,
  IpcResult,
  WsClientMessage,
  WsServerMessage,
} from '../../src-shared/ipc/envelope';
import {
  BRIDGE_LOST_MESSAGE,
  createWsBridge,
  type BridgeStatus,
  type WsBridge,
  type WsBridgeEnvironment,
} from '../../src-renderer/bridge/wsBridge';
import { createIpc } from '../../src-renderer/bridge/ipc';

const nodeEnvironment: WsBridgeEnvironment = {
  WebSocket: NodeWebSocket as unknown as WsBridgeEnvironment['WebSocket'],
  setTimeout: (callback, ms) => setTimeout(callback, ms),
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHost(onInvoke: (message: WsClientMessage, socket: NodeWebSocket) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) =>
    socket.on('message', (data) => onInvoke(JSON.parse(data.toString()) as WsClientMessage, socket)),
  );
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `ws://127.0.0.1:${port}/ipc?secret=s` };
}

function openBridge(url: string | null): WsBridge {
  const bridge = createWsBridge(url, nodeEnvironment);
  cleanups.push(() => bridge.close());
  return bridge;
}

function statusReached(bridge: WsBridge, wanted: BridgeStatus): Promise<void> {
  return new Promise((resolve) => {
    const off = bridge.onStatus((status) => {
      if (status === wanted) {
        queueMicrotask(() => off());
        resolve();
      }
    });
  });
}

function reply(socket: NodeWebSocket, message: WsServerMessage) {
  socket.send(JSON.stringify(message));
}

describe('the WebSocket bridge', () => {
  it('answers calls by id and delivers events', async () => {
    const { url, server } = await startHost((message, socket) =>
      reply(socket, {
        type: 'result',
        id: message.id,
        result: { ok: true, data: { echo: message.channel } },
      }),
    );
    const bridge = openBridge(url);
    // A call made while connecting waits for the socket.
    const [a, b] = await Promise.all([
      bridge.invoke('app.info', undefined),
      bridge.invoke('auth.current', {}),
    ]);
    expect(a).toEqual({ ok: true, data: { echo: 'app.info' } });
    expect(b).toEqual({ ok: true, data: { echo: 'auth.current' } });

    const received = new Promise<unknown>((resolve) => bridge.on('connectivity', resolve));
    for (const client of server.clients) {
      reply(client, { type: 'event', event: 'connectivity', payload: { online: false, checkedAt: 'now' } });
    }
    expect(await received).toEqual({ online: false, checkedAt: 'now' });
  });

  it('fails unanswered calls with a BRIDGE error when the socket drops, then reconnects', async () => {
    let drop = true;
    const { url } = await startHost((message, socket) => {
      if (drop) socket.terminate();
      else reply(socket, { type: 'result', id: message.id, result: { ok: true, data: 'again' } });
    });
    const bridge = openBridge(url);
    await statusReached(bridge, 'open');
    const failed = await bridge.invoke('profile.get', undefined).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).code).toBe('BRIDGE');
    expect((failed as AppError).message).toBe(BRIDGE_LOST_MESSAGE);

    drop = false;
    await statusReached(bridge, 'open');
    expect(await bridge.invoke('profile.get', undefined)).toEqual({ ok: true, data: 'again' });
  });

  it('without a secret, refuses every call with a Chinese explanation', async () => {
    const bridge = openBridge(null);
    const failed = (await bridge.invoke('app.info', undefined).catch((error: unknown) => error)) as AppError;
    expect(failed.code).toBe('BRIDGE');
    expect(failed.message).toMatch(/连接凭据/);
  });
});

function fakeBridge(result: IpcResult<unknown>, events: Record<string, unknown> = {}): CertdeskBridge {
  return {
    invoke: async () => result,
    on: (event, listener) => {
      if (event in events) queueMicrotask(() => listener(events[event]));
      return () => undefined;
    },
  };
}

describe('the typed IPC', () => {
  it('turns { ok: false } into the AppError it carries', async () => {
    const ipc = createIpc(
      fakeBridge({
        ok: false,
        error: {
          code: 'ACCOUNT_LOCKED',
          message: '账号已锁定，请 15 分钟后再试',
          details: { retryAfterSeconds: 900 },
        },
      }),
    );
    const error = (await ipc.invoke('auth.current').catch((thrown: unknown) => thrown)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('ACCOUNT_LOCKED');
    expect(error.details?.retryAfterSeconds).toBe(900);
  });

  it('checks outputs against the contract', async () => {
    const good = createIpc(fakeBridge({ ok: true, data: null }));
    expect(await good.invoke('auth.current')).toBeNull();
    const drifted = createIpc(fakeBridge({ ok: true, data: { version: 1 } }));
    const error = (await drifted.invoke('app.info').catch((thrown: unknown) => thrown)) as AppError;
    expect(error.code).toBe('SERVER_ERROR');
  });

  it('drops event payloads that do not match the contract', async () => {
    const seen: unknown[] = [];
    createIpc(fakeBridge({ ok: true, data: null }, { connectivity: { online: 'yes' } })).on(
      'connectivity',
      (p) => seen.push(p),
    );
    createIpc(fakeBridge({ ok: true, data: null }, { connectivity: { online: true, checkedAt: 'x' } })).on(
      'connectivity',
      (p) => seen.push(p),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([{ online: true, checkedAt: 'x' }]);
  });
});
