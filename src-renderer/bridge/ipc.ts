import { AppError, toAppError } from '../../src-shared/errors';
import type { CertdeskBridge } from '../../src-shared/ipc/envelope';
import {
  ipcContract,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
} from '../../src-shared/ipc/contract';
import { ipcEvents, type EventName, type EventPayload } from '../../src-shared/ipc/events';

export interface Ipc {
  /** Calls a channel of the contract; resolves with its output or throws an AppError. */
  invoke<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Listens to an event from the desktop services; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The typed face of a bridge. Outputs and event payloads are checked against the shared schemas, so a
 * drift between the desktop services and this renderer shows as a clear error, not as broken screens.
 */
export function createIpc(bridge: CertdeskBridge): Ipc {
  return {
    async invoke(channel, input) {
      let result;
      try {
        result = await bridge.invoke(channel, input);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('BRIDGE', '无法调用桌面服务，请重启证书服务中心后再试');
      }
      if (!result.ok) throw toAppError(result.error);
      const parsed = ipcContract[channel].output.safeParse(result.data);
      if (!parsed.success) {
        throw new AppError('SERVER_ERROR', '桌面服务返回的数据无法识别，请升级证书服务中心后再试');
      }
      return parsed.data as ChannelOutput<typeof channel>;
    },
    on(event, listener) {
      return bridge.on(event, (payload) => {
        const parsed = ipcEvents[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
