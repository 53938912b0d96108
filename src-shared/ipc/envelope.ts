import type { AppErrorBody } from '../errors';

/** What every IPC call resolves to, on both transports: errors travel as data, never as thrown objects. */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

/** The only surface the preload (or the WebSocket bridge) gives the renderer. */
export interface CertdeskBridge {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Messages on the start:web WebSocket. */
export type WsClientMessage = { type: 'invoke'; id: number; channel: string; input: unknown };
export type WsServerMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown };

export const WS_PATH = '/ipc';
