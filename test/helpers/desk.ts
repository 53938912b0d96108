import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcResult } from '../../src-shared/ipc/envelope';
import { createCore, type Core, type CoreOptions } from '../../src-main/core';
import { createIpcHandlers, dispatch, type HostInfo } from '../../src-main/ipc/handlers';
import type { TestServer } from './apiServer';

/** A desktop core (real SQLite store) and its IPC handler table, logged in to the API as one account. */
export interface Desk {
  core: Core;
  call(channel: string, input?: unknown): Promise<IpcResult<unknown>>;
  /** The channel's output, or the test fails with the refusal. */
  ok<T>(channel: string, input?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens a desk on a fresh data folder against `apiUrl` (the server itself, or a cable to it) and logs
 * `account` in with password and captcha, as the login page does.
 */
export async function openDesk(
  server: Pick<TestServer, 'captchaText'>,
  apiUrl: string,
  account: { phone: string; password: string },
  options: { core?: Partial<CoreOptions>; host?: Partial<HostInfo> } = {},
): Promise<Desk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-desk-'));
  const core = await createCore({ dataDir, apiUrl, env: {}, connectivityIntervalMs: 200, ...options.core });
  const handlers = createIpcHandlers(core, { host: 'web', version: '0.0.0-test', ...options.host });
  const call = (channel: string, input?: unknown) => dispatch(handlers, channel, input);
  const ok = async <T>(channel: string, input?: unknown) => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.data as T;
  };
  const desk: Desk = {
    core,
    call,
    ok,
    async close() {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    const { captchaId } = await ok<{ captchaId: string }>('captcha.new');
    await ok('auth.loginPassword', {
      account: account.phone,
      password: account.password,
      captchaId,
      captchaText: await server.captchaText(captchaId),
    });
  } catch (error) {
    await desk.close();
    throw error;
  }
  return desk;
}
