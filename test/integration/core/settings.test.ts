import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core';
import { createIpcHandlers, dispatch, type IpcHandlers } from '../../../src-main/ipc/handlers';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { startCable, type Cable } from './cable';

const person = DEMO_ACCOUNTS.person;
let server: TestServer;
let cable: Cable;
let other: Cable;
let dataDir: string;
let core: Core;
let handlers: IpcHandlers;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  cable = await startCable(server.url);
  other = await startCable(server.url);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-settings-'));
  // The build's 服务地址, as a packaged app has it: the user may change it.
  core = await createCore({ dataDir, buildApiUrl: cable.url, env: {}, connectivityIntervalMs: 200 });
  handlers = createIpcHandlers(core, { host: 'web', version: '0.0.0-test' });
});
afterEach(async () => {
  await core.close();
  await cable.unplug();
  await other.unplug();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const call = (channel: string, input?: unknown) => dispatch(handlers, channel, input);

describe('settings.update', () => {
  it('refuses a driver path from the renderer, naming the field', async () => {
    const result = await call('settings.update', { modulePath: '/tmp/evil.so' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ field: 'modulePath' }] } },
    });
    expect(result.ok ? '' : result.error.message).toContain('modulePath');
    expect(await call('settings.pickKeyDriver')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('requires https:// except for this computer', async () => {
    expect(await call('settings.update', { apiUrl: 'http://example.com' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringContaining('服务地址'),
        details: { fields: [{ field: 'apiUrl' }] },
      },
    });
    expect(await call('settings.update', { apiUrl: other.url })).toMatchObject({
      ok: true,
      data: { apiUrl: other.url, apiUrlSource: 'settings' },
    });
  });

  it('picks a driver from the vendor list by id only', async () => {
    expect(
      await call('settings.update', { keyDriver: { kind: 'vendor', vendorId: 'softhsm2' } }),
    ).toMatchObject({
      ok: true,
      data: { keyDriver: { kind: 'vendor', vendorId: 'softhsm2' } },
    });
    expect(await call('settings.update', { keyDriver: { kind: 'vendor', vendorId: 'nope' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('another origin ends the session and drops the kept records', async () => {
    const captcha = await call('captcha.new');
    if (!captcha.ok) throw new Error(captcha.error.message);
    const { captchaId } = captcha.data as { captchaId: string };
    const login = await call('auth.loginPassword', {
      account: person.phone,
      password: person.password,
      captchaId,
      captchaText: await server.captchaText(captchaId),
    });
    expect(login.ok).toBe(true);
    expect(await call('profile.get')).toMatchObject({ ok: true });
    const result = await call('settings.update', { apiUrl: other.url });
    expect(result).toMatchObject({ ok: true, data: { sessionEnded: true } });
    expect(await call('auth.current')).toEqual({ ok: true, data: null });
    expect(core.session.token()).toBeNull();
  });
});
