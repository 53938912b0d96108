import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_CA_ISSUE_PATH } from '../../../src-shared/api/routes';
import type { IpcResult } from '../../../src-shared/ipc/envelope';
import type { EventName, EventPayload } from '../../../src-shared/ipc/events';
import type { SessionUser } from '../../../src-shared/schemas/account';
import { FACTORY_PIN, type CsrSubject, type ReadableTokenCertificate } from '../../../src-shared/schemas/key';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core';
import { createIpcHandlers, dispatch, type IpcHandlers } from '../../../src-main/ipc/handlers';
import type { TestServer } from '../../helpers/apiServer';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm';

export const HOLDER: CsrSubject = {
  commonName: '李四',
  organization: '福建省示例科技有限公司',
  serialNumber: '91350100MA2Y0C3K1W',
  country: 'CN',
};

/** A real core (SQLite store, token process on a private SoftHSM2) and its IPC handler table. */
export interface KeyCore {
  hsm: SoftHsm;
  core: Core;
  handlers: IpcHandlers;
  dataDir: string;
  call(channel: string, input?: unknown): Promise<IpcResult<unknown>>;
  /** The data of a call that must succeed. */
  ok<T>(channel: string, input?: unknown): Promise<T>;
  nextEvent<E extends EventName>(
    event: E,
    accept?: (payload: EventPayload<E>) => boolean,
  ): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

export async function openKeyCore(apiUrl: string, options: Partial<CoreOptions> = {}): Promise<KeyCore> {
  const hsm = createSoftHsm();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-key-'));
  const core = await createCore({
    dataDir,
    apiUrl,
    env: {},
    connectivityIntervalMs: 200,
    token: { env: { ...hsm.env, CERTDESK_PKCS11_MODULE: SOFTHSM_MODULE } },
    ...options,
  });
  const handlers = createIpcHandlers(core, { host: 'web', version: '0.0.0-test' });
  const call = (channel: string, input?: unknown) => dispatch(handlers, channel, input);
  return {
    hsm,
    core,
    handlers,
    dataDir,
    call,
    async ok<T>(channel: string, input?: unknown) {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.data as T;
    },
    nextEvent(event, accept = () => true) {
      return new Promise((resolve) => {
        const stop = core.events.on(event, (payload) => {
          if (!accept(payload)) return;
          stop();
          resolve(payload);
        });
      });
    },
    async close() {
      await core.close();
      hsm.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Key pair and request on the KEY (factory PIN), certificate from `issue`, imported next to the key. */
export async function putCertificateOnKey(
  keyCore: KeyCore,
  serial: string,
  issue: (csrPem: string) => Promise<string>,
): Promise<ReadableTokenCertificate> {
  const client = keyCore.core.key.client();
  const request = await client.generateRequest({
    serial,
    pin: FACTORY_PIN,
    algorithm: 'RSA-2048',
    subject: HOLDER,
    allowFactoryPin: true,
  });
  const stored = await client.importCertificate({
    serial,
    pin: FACTORY_PIN,
    certificatePem: await issue(request.csrPem),
  });
  if (!stored.readable) throw new Error('imported certificate unreadable');
  return stored;
}

/** The real server's CA, through its dev route. */
export function serverCa(server: TestServer): (csrPem: string) => Promise<string> {
  return async (csrPem) => {
    const response = await fetch(`${server.url}${DEV_CA_ISSUE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csrPem }),
    });
    if (!response.ok) throw new Error(`dev CA: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { certificatePem: string }).certificatePem;
  };
}

export async function loginAs(
  keyCore: KeyCore,
  server: TestServer,
  account: { phone: string; password: string },
): Promise<SessionUser> {
  const { captchaId } = await keyCore.ok<{ captchaId: string }>('captcha.new');
  return keyCore.ok<SessionUser>('auth.loginPassword', {
    account: account.phone,
    password: account.password,
    captchaId,
    captchaText: await server.captchaText(captchaId),
  });
}
