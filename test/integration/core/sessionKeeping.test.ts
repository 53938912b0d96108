import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore, sessionKeepingFor, type Core, type SecretBox } from '../../../src-main/core';
import { SESSION_NOT_KEPT_NOTICE } from '../../../src-main/core/sessionKeeping';
import { STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { createIpcHandlers, dispatch } from '../../../src-main/ipc/handlers';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';

const person = DEMO_ACCOUNTS.person;

/** Reversible and visibly not the plain text: stands in for safeStorage. */
const xorBox: SecretBox = {
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
  decrypt: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
};
/** What Electron hands the core on Linux with only the plain-text backend, or with a key store. */
const basicText = sessionKeepingFor({ encryptionAvailable: true, linuxBackend: 'basic_text' }, xorBox);
const libsecret = sessionKeepingFor({ encryptionAvailable: true, linuxBackend: 'gnome_libsecret' }, xorBox);

let server: TestServer;
let dataDir: string;
const cores: Core[] = [];
beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-keeping-'));
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openCore(sessionKeeping?: Parameters<typeof createCore>[0]['sessionKeeping']) {
  const core = await createCore({ dataDir, apiUrl: server.url, env: {}, sessionKeeping });
  cores.push(core);
  return core;
}

async function closeCore(core: Core) {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

async function logIn(core: Core) {
  const { captchaId } = await core.accounts.newCaptcha();
  await core.accounts.loginPassword({
    account: person.phone,
    password: person.password,
    captchaId,
    captchaText: await server.captchaText(captchaId),
  });
}

/** The session row as it lies in the store's SQLite file. */
function keptRows(): { token: Buffer; sealed: number }[] {
  const db = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
  try {
    return db.prepare('select token, sealed from session').all() as { token: Buffer; sealed: number }[];
  } finally {
    db.close();
  }
}

async function appInfo(core: Core) {
  const handlers = createIpcHandlers(core, { host: 'electron', version: '0.0.0-test' });
  const result = await dispatch(handlers, 'app.info', undefined);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as { sessionNotice: string | null };
}

describe('the session token on a computer without a safe key store (basic_text)', () => {
  it('lives in memory only: nothing on disk, gone after a restart, and app.info says so', async () => {
    expect(basicText).toEqual({ keep: 'memory', notice: SESSION_NOT_KEPT_NOTICE });
    const core = await openCore(basicText);
    expect((await appInfo(core)).sessionNotice).toBe('本机无法安全保存登录状态，关闭应用后需要重新登录');

    await logIn(core);
    expect(core.session.user()).toMatchObject({ phone: person.phone });
    expect((await core.accounts.getProfile()).fromCache).toBe(false);
    expect(keptRows()).toEqual([]);

    await closeCore(core);
    const restarted = await openCore(basicText);
    expect(restarted.session.user()).toBeNull();
    expect(restarted.session.token()).toBeNull();
  });

  it('deletes a token an earlier version left in plain text', async () => {
    const before = await openCore();
    await logIn(before);
    await closeCore(before);
    const [row] = keptRows();
    expect(row?.sealed).toBe(0);

    const core = await openCore(basicText);
    expect(core.session.user()).toBeNull();
    expect(keptRows()).toEqual([]);
  });
});

describe('the session token with a key store (libsecret, Keychain, DPAPI)', () => {
  it('is kept sealed across a restart, and app.info has no notice', async () => {
    expect(libsecret.keep).toBe('sealed');
    const core = await openCore(libsecret);
    expect((await appInfo(core)).sessionNotice).toBeNull();
    await logIn(core);
    const token = core.session.token() ?? '';
    expect(token).not.toBe('');
    await closeCore(core);

    const [row] = keptRows();
    expect(row?.sealed).toBe(1);
    expect(row?.token.toString('utf8')).not.toContain(token);
    const restarted = await openCore(libsecret);
    expect(restarted.session.user()).toMatchObject({ phone: person.phone });
    expect(restarted.session.token()).toBe(token);
  });
});
