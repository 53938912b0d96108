import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/contract';
import type { CertdeskBridge, IpcResult } from '../../src-shared/ipc/envelope';
import { EVENT_NAMES } from '../../src-shared/ipc/events';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './bridgeChannels';

// Sandboxed preload: bundled into one CJS file by scripts/build-main.mjs. It gives the page only the
// contract's channels and events — never ipcRenderer itself.

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

const bridge: CertdeskBridge = {
  async invoke(channel, input): Promise<IpcResult<unknown>> {
    if (!channels.has(channel)) {
      return {
        ok: false,
        error: { code: 'NOT_FOUND', message: '程序版本不一致，无法执行该操作，请重新启动或更新程序' },
      };
    }
    try {
      return (await ipcRenderer.invoke(INVOKE_CHANNEL, channel, input)) as IpcResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'BRIDGE', message: '与桌面服务的连接已断开，请重新启动程序' } };
    }
  },
  on(event, listener) {
    if (!events.has(event)) return () => {};
    const forward = (_sender: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('certdesk', bridge);
