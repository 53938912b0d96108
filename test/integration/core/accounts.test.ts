import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_PREFIX } from '../../../src-shared/api/routes';
import type { EventName, EventPayload } from '../../../src-shared/ipc/events';
import type { ProfileResult } from '../../../src-shared/ipc/contract';
import type { SessionUser } from '../../../src-shared/schemas/account';
import { createCore, type Core } from '../../../src-main/core';
import { createIpcHandlers, dispatch, type IpcHandlers } from '../../../src-main/ipc/handlers';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { startCable, type Cable } from './cable';

const person = DEMO_ACCOUNTS.person;

let server: TestServer;
let cable: Cable;
let dataDir: string;
let core: Core;
let handlers: IpcHandlers;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => {
  await server.close();
});

async function openCore(): Promise<void> {
  core = await createCore({ dataDir, apiUrl: cable.url, connectivityIntervalMs: 100, env: {} });
  handlers = createIpcHandlers(core, { host: 'web', version: '0.0.0-test' });
}

beforeEach(async () => {
  cable = await startCable(server.url);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-core-'));
  await openCore();
});
afterEach(async () => {
  await core.close();
  await cable.unplug();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(channel: string, input?: unknown) {
  return dispatch(handlers, channel, input);
}

async function login(): Promise<SessionUser> {
  const captcha = await call('captcha.new');
  if (!captcha.ok) throw new Error(captcha.error.message);
  const { captchaId } = captcha.data as { captchaId: string };
  const result = await call('auth.loginPassword', {
    account: person.phone,
    password: person.password,
    captchaId,
    captchaText: await server.captchaText(captchaId),
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.data as SessionUser;
}

function nextEvent<E extends EventName>(
  event: E,
  accept: (payload: EventPayload<E>) => boolean = () => true,
) {
  return new Promise<EventPayload<E>>((resolve) => {
    const stop = core.events.on(event, (payload) => {
      if (!accept(payload)) return;
      stop();
      resolve(payload);
    });
  });
}

describe('account services through the IPC handler table', () => {
  it('logs in with password end to end and keeps the token out of the answer', async () => {
    const user = await login();
    expect(user).toMatchObject({ name: person.name, phone: person.phone, roles: ['applicant'] });
    expect(JSON.stringify(user)).not.toContain(core.session.token()!);
    expect(await call('auth.current')).toEqual({ ok: true, data: user });
  });

  it('logs in with an SMS code, asked for with a solved image captcha', async () => {
    const captcha = await call('captcha.new');
    if (!captcha.ok) throw new Error(captcha.error.message);
    const { captchaId } = captcha.data as { captchaId: string };
    const send = { phone: person.phone, purpose: 'login', captchaId };
    expect(await call('sms.send', { ...send, captchaText: 'zzzz' })).toMatchObject({
      ok: false,
      error: { code: 'CAPTCHA_INVALID' },
    });
    const again = await call('captcha.new');
    if (!again.ok) throw new Error(again.error.message);
    const next = (again.data as { captchaId: string }).captchaId;
    expect(
      await call('sms.send', { ...send, captchaId: next, captchaText: await server.captchaText(next) }),
    ).toMatchObject({ ok: true });
    const result = await call('auth.loginSms', {
      phone: person.phone,
      smsCode: await server.smsCode(person.phone),
    });
    expect(result).toMatchObject({ ok: true, data: { phone: person.phone } });
  });

  it('keeps the session when the app restarts on the same data folder', async () => {
    const user = await login();
    await core.close();
    await openCore();
    expect(await call('auth.current')).toEqual({ ok: true, data: user });
    expect(await call('profile.get')).toMatchObject({ ok: true, data: { fromCache: false } });
  });

  it('refuses invalid input with the field names and calls nothing', async () => {
    const spies = Object.fromEntries(
      Object.keys(handlers).map((name) => [name, vi.fn(async () => ({}))]),
    ) as unknown as IpcHandlers;
    const result = await dispatch(spies, 'auth.loginPassword', { account: '123', password: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    const fields = (result.error.details?.fields ?? []).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['account', 'password', 'captchaId', 'captchaText']));
    expect(spies['auth.loginPassword']).not.toHaveBeenCalled();
  });

  it('refuses a channel outside the contract', async () => {
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('answers a failing handler with a generic Chinese error and no stack', async () => {
    const broken = { ...handlers, 'app.info': async () => Promise.reject(new Error('sqlite is on fire')) };
    const result = await dispatch(broken, 'app.info', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'SERVER_ERROR' } });
    expect(JSON.stringify(result)).not.toMatch(/sqlite|at .*\.ts/);
  });

  it('serves the cached profile while the API is unreachable, and reports offline then online', async () => {
    await login();
    const fresh = await call('profile.get');
    expect(fresh).toMatchObject({ ok: true, data: { fromCache: false, profile: { name: person.name } } });

    const offline = nextEvent('connectivity', (p) => !p.online);
    await cable.unplug();
    const cached = await call('profile.get');
    expect(cached.ok).toBe(true);
    const data = (cached as { data: ProfileResult }).data;
    expect(data).toMatchObject({ fromCache: true, profile: { name: person.name } });
    expect(Date.parse(data.cachedAt!)).not.toBeNaN();
    expect((await offline).online).toBe(false);
    expect((await call('app.info')) as unknown).toMatchObject({ data: { online: false } });
    // Calls without a cached copy say so in Chinese.
    expect(await call('captcha.new')).toMatchObject({
      ok: false,
      error: { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' },
    });

    const online = nextEvent('connectivity', (p) => p.online);
    await cable.plugIn();
    expect((await online).online).toBe(true);
    expect(await call('profile.get')).toMatchObject({ ok: true, data: { fromCache: false } });
  });

  it('clears the local session and emits session.ended when the server revokes it', async () => {
    await login();
    const token = core.session.token()!;
    // The session is revoked elsewhere (as after logging out on another device).
    const response = await fetch(`${server.url}${API_PREFIX}/sessions/current`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.ok).toBe(true);

    const ended = nextEvent('session.ended');
    const result = await call('profile.get');
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await ended).toMatchObject({ reason: 'revoked' });
    expect(await call('auth.current')).toEqual({ ok: true, data: null });
  });

  it('logs out locally even when the server cannot be told', async () => {
    await login();
    await cable.unplug();
    expect(await call('auth.logout')).toEqual({ ok: true, data: { ok: true } });
    expect(await call('auth.current')).toEqual({ ok: true, data: null });
  });

  it('validates and stores settings', async () => {
    expect(await call('settings.update', { apiUrl: 'ftp://example.com' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ field: 'apiUrl' }] } },
    });
    expect(await call('settings.get')).toMatchObject({
      ok: true,
      data: { apiUrl: cable.url, apiUrlSource: 'option', apiUrlLocked: true },
    });
  });
});
