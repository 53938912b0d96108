import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BoundCertificatesResult, KeyBindResult, KeyStatus } from '../../../src-shared/ipc/contract';
import type { SessionUser } from '../../../src-shared/schemas/account';
import type { TokenCertificate } from '../../../src-shared/schemas/key';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { createIpcHandlers, dispatch } from '../../../src-main/ipc/handlers';
import { startCable, type Cable } from '../core/cable';
import { createTestCa } from '../token/testCa';
import { loginAs, openKeyCore, putCertificateOnKey, serverCa, type KeyCore } from './keyCore';

const operator = DEMO_ACCOUNTS.operator;
const NEW_PIN = 'key2025';

let server: TestServer;
let cable: Cable;
let keyCore: KeyCore;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => {
  await server.close();
});

afterEach(async () => {
  await keyCore?.close();
  await cable?.unplug();
});

async function open(): Promise<KeyCore> {
  cable = await startCable(server.url);
  keyCore = await openKeyCore(cable.url);
  return keyCore;
}

/** A new KEY with a certificate of the server's CA, and the operator logged in. */
async function keyWithCertificate() {
  const token = keyCore.hsm.createToken('李四的KEY');
  const certificate = await putCertificateOnKey(keyCore, token.serial, serverCa(server));
  await loginAs(keyCore, server, operator);
  return { serial: token.serial, fingerprint: certificate.fingerprint };
}

describe('the USB KEY through the IPC handler table', () => {
  it('reports KEYs inserted and removed as key.presence events', async () => {
    await open();
    expect(await keyCore.ok<KeyStatus>('key.status')).toEqual({ tokens: [], problem: null });
    const inserted = keyCore.nextEvent('key.presence', (e) => e.tokens.length === 1);
    const token = keyCore.hsm.createToken('插入的KEY');
    expect((await inserted).tokens[0]).toMatchObject({ serial: token.serial, label: '插入的KEY' });

    const removed = keyCore.nextEvent('key.presence', (e) => e.tokens.length === 0);
    keyCore.hsm.removeToken(token);
    expect((await removed).tokens).toEqual([]);
  });

  it('tells the renderer when the token process died and was restarted', async () => {
    await open();
    keyCore.hsm.createToken('崩溃测试KEY');
    expect((await keyCore.ok<KeyStatus>('key.status')).tokens).toHaveLength(1);
    const pid = keyCore.core.key.client().processId;
    expect(pid).toBeDefined();
    const notice = keyCore.nextEvent('key.service');
    process.kill(pid!, 'SIGKILL');
    expect(await notice).toEqual({ state: 'restarted', message: 'KEY 服务已重启' });
    expect((await keyCore.ok<KeyStatus>('key.status')).tokens).toHaveLength(1);
  });

  it('names a missing KEY driver in key.status instead of failing', async () => {
    await open();
    // Chosen in main's file dialog (Electron), then removed from the disk.
    const driver = path.join(keyCore.dataDir, 'libkey.so');
    fs.writeFileSync(driver, '');
    const electronHandlers = createIpcHandlers(keyCore.core, {
      host: 'electron',
      version: '0.0.0-test',
      pickKeyDriverFile: async () => driver,
    });
    expect(await dispatch(electronHandlers, 'settings.pickKeyDriver', {})).toMatchObject({ ok: true });
    fs.rmSync(driver);
    const status = await keyCore.ok<KeyStatus>('key.status');
    expect(status.tokens).toEqual([]);
    expect(status.problem?.code).toBe('TOKEN_MODULE_MISSING');
    expect(status.problem?.message).toContain(driver);
  });

  it('lists the certificates on a KEY without a PIN', async () => {
    await open();
    const { serial, fingerprint } = await keyWithCertificate();
    const { items } = await keyCore.ok<{ items: TokenCertificate[] }>('key.certificates', { serial });
    expect(items).toHaveLength(1);
    const [certificate] = items;
    expect(certificate).toMatchObject({ readable: true, fingerprint });
    if (!certificate?.readable) throw new Error('unreadable');
    expect(certificate.subject).toMatchObject({
      commonName: '李四',
      organization: '福建省示例科技有限公司',
      creditCode: '91350100MA2Y0C3K1W',
    });
    expect(certificate.expiry).toBe('ok');
    expect(certificate.daysLeft).toBeGreaterThan(30);
  });

  it('binds with the factory PIN, demands a new PIN, then logs in by KEY', async () => {
    await open();
    const { serial, fingerprint } = await keyWithCertificate();

    const bound = await keyCore.ok<KeyBindResult>('key.bind', { serial, fingerprint, pin: '111111' });
    expect(bound.mustChangePin).toBe(true);
    expect(bound.certificate).toMatchObject({ fingerprint, role: 'operator' });
    const list = await keyCore.ok<BoundCertificatesResult>('certificates.bound');
    expect(list.fromCache).toBe(false);
    expect(list.items.map((c) => c.fingerprint)).toContain(fingerprint);

    await keyCore.ok('auth.logout');
    const factory = await keyCore.call('auth.loginKey', { serial, fingerprint, pin: '111111' });
    expect(factory).toMatchObject({ ok: false, error: { code: 'PIN_CHANGE_REQUIRED' } });
    if (!factory.ok) expect(factory.error.message).toContain('请先修改 KEY 的出厂 PIN 码');
    expect(await keyCore.ok('auth.current')).toBeNull();

    const refused = await keyCore.call('key.changePin', {
      serial,
      oldPin: '111111',
      newPin: '111111',
      confirmPin: '111111',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await keyCore.ok('key.changePin', { serial, oldPin: '111111', newPin: NEW_PIN, confirmPin: NEW_PIN });

    const user = await keyCore.ok<SessionUser>('auth.loginKey', { serial, fingerprint, pin: NEW_PIN });
    expect(user).toMatchObject({ name: operator.name, phone: operator.phone });
    expect(await keyCore.ok<SessionUser | null>('auth.current')).toMatchObject({ id: user.id });
  });

  it('refuses a wrong PIN and binds nothing', async () => {
    await open();
    const { serial, fingerprint } = await keyWithCertificate();
    const result = await keyCore.call('key.bind', { serial, fingerprint, pin: '654321' });
    expect(result).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    if (!result.ok) expect(result.error.message).toContain('PIN 码错误');
    const list = await keyCore.ok<BoundCertificatesResult>('certificates.bound');
    expect(list.items.map((c) => c.fingerprint)).not.toContain(fingerprint);
  });

  it('lists bound certificates from this computer while the API is down', async () => {
    await open();
    const { serial, fingerprint } = await keyWithCertificate();
    await keyCore.ok('key.bind', { serial, fingerprint, pin: '111111' });
    await keyCore.ok<BoundCertificatesResult>('certificates.bound');
    keyCore.hsm.removeToken({ serial, label: '', userPin: '', soPin: '' });
    await cable.unplug();

    const offline = await keyCore.ok<BoundCertificatesResult>('certificates.bound');
    expect(offline.fromCache).toBe(true);
    expect(offline.cachedAt).not.toBeNull();
    expect(offline.items.find((c) => c.fingerprint === fingerprint)).toMatchObject({ expiry: 'ok' });
  });

  it('refuses a certificate that is not from the centre CA', async () => {
    await open();
    const token = keyCore.hsm.createToken('外来KEY');
    const foreign = createTestCa('其他机构 CA');
    const certificate = await putCertificateOnKey(keyCore, token.serial, async (csr) => foreign.issue(csr));
    await loginAs(keyCore, server, operator);
    const result = await keyCore.call('key.bind', {
      serial: token.serial,
      fingerprint: certificate.fingerprint,
      pin: '111111',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CERT_UNTRUSTED' } });
    const list = await keyCore.ok<BoundCertificatesResult>('certificates.bound');
    expect(list.items.map((c) => c.fingerprint)).not.toContain(certificate.fingerprint);
  });

  it('refuses binding without a session and a bad selection at the boundary', async () => {
    await open();
    const noSession = await keyCore.call('key.bind', { serial: 'x', fingerprint: 'y', pin: '111111' });
    expect(noSession).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const noPin = await keyCore.call('key.bind', { serial: 'x', fingerprint: 'y', pin: '' });
    expect(noPin).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请输入 PIN 码' } });
  });
});
