import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcResult } from '../../../src-shared/ipc/envelope';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core';
import { createIpcHandlers, dispatch, type HostInfo } from '../../../src-main/ipc/handlers';
import type { TestServer } from '../../helpers/apiServer';
import { pngBytes } from '../server/fixtures';

/** A desktop core (real SQLite store) and its IPC handler table, logged in to the API at `apiUrl`. */
export interface Desk {
  core: Core;
  call(channel: string, input?: unknown): Promise<IpcResult<unknown>>;
  ok<T>(channel: string, input?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function openDesk(
  server: TestServer,
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
  const { captchaId } = await ok<{ captchaId: string }>('captcha.new');
  await ok('auth.loginPassword', {
    account: account.phone,
    password: account.password,
    captchaId,
    captchaText: await server.captchaText(captchaId),
  });
  return desk;
}

export const base64 = (bytes: Buffer) => bytes.toString('base64');

async function uploadScans(desk: Desk): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const attachment of ['businessLicence', 'idCardFront', 'idCardBack']) {
    const stored = await desk.ok<UploadedFile>('uploads.put', {
      service: 'cert.new.enterprise',
      attachment,
      fileName: `${attachment}.png`,
      contentBase64: base64(pngBytes()),
    });
    ids[attachment] = stored.id;
  }
  return ids;
}

/** The demo operator's 企业证书新办 form. */
export function enterpriseValues() {
  const { operator } = DEMO_ACCOUNTS;
  return {
    enterpriseName: DEMO_ENTERPRISE.name,
    creditCode: DEMO_ENTERPRISE.creditCode,
    legalRepresentative: DEMO_ENTERPRISE.legalRepresentative,
    enterpriseAddress: DEMO_ENTERPRISE.address,
    operatorName: operator.name,
    operatorIdNumber: operator.idNumber,
    operatorPhone: operator.phone,
    agreement: true,
  };
}

/** Submits a 企业证书新办 with a blank KEY through the desk. */
export async function submitEnterprise(desk: Desk, idempotencyKey = randomUUID()) {
  return desk.call('applications.submit', {
    idempotencyKey,
    service: 'cert.new.enterprise',
    values: enterpriseValues(),
    attachments: await uploadScans(desk),
    blankKey: true,
  });
}
