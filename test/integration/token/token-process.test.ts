import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { TokenClientEvents, TokenSummary } from '../../../src-main/core/token';
import { openTokenFixture, type TokenFixture } from './fixture';
import { createTestCa } from './testCa';

const PIN = 'Ab1234';
let f: TokenFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

function next<E extends keyof TokenClientEvents>(
  fixture: TokenFixture,
  event: E,
  match: (p: TokenClientEvents[E]) => boolean = () => true,
) {
  return new Promise<TokenClientEvents[E]>((resolve) => {
    const off = fixture.client.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

function failure(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as AppError,
  );
}

describe('token process supervision', () => {
  it('fails the call in flight with TOKEN_RESTARTED when the process dies, and the next call works', async () => {
    f = openTokenFixture();
    const { serial } = f.key;
    await f.client.changePin({ serial, oldPin: '111111', newPin: PIN });
    const pid = f.client.processId!;
    const inFlight = failure(
      f.client.generateRequest({ serial, pin: PIN, algorithm: 'RSA-2048', subject: { commonName: '李四' } }),
    );
    process.kill(pid, 'SIGKILL');
    expect(await inFlight).toMatchObject({ code: 'TOKEN_RESTARTED', message: 'KEY 服务已重启，请重试。' });

    expect(await f.client.login({ serial, pin: PIN })).toEqual({ serial, mustChangePin: false });
    expect(f.client.processId).not.toBe(pid);
  });

  it('times out a call to a KEY service that stopped answering, then starts a new one', async () => {
    f = openTokenFixture();
    await f.client.listTokens();
    const pid = f.client.processId!;
    process.kill(pid, 'SIGSTOP');
    const error = await failure(f.client.call('listCertificates', { serial: f.key.serial }, 1_500));
    expect(error.code).toBe('TOKEN_TIMEOUT');
    expect(error.message).toContain('KEY 长时间没有响应');
    expect(await f.client.listCertificates(f.key.serial)).toEqual([]);
    expect(f.client.processId).not.toBe(pid);
  });

  it('gives up after too many quick crashes, with a message that says what to do', async () => {
    f = openTokenFixture('测试KEY', { restart: { initialDelayMs: 10, maxQuickCrashes: 1 } });
    const unavailable = next(f, 'unavailable');
    for (let i = 0; i < 2; i += 1) {
      await f.client.listTokens();
      const restarted = new Promise((resolve) => {
        const off = f!.client.on('restarted', () => resolve(off()));
        f!.client.on('unavailable', () => resolve(off()));
      });
      process.kill(f.client.processId!, 'SIGKILL');
      await restarted;
    }
    expect((await unavailable).message).toContain('重新安装 KEY 驱动');
    expect(await failure(f.client.listTokens())).toMatchObject({ code: 'TOKEN_UNAVAILABLE' });
  });
});

describe('KEY pulled out', () => {
  it('gives a clear error when the KEY goes away while a signing request is on its way', async () => {
    f = openTokenFixture();
    const { serial } = f.key;
    await f.client.changePin({ serial, oldPin: '111111', newPin: PIN });
    const request = await f.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'EC-P256',
      subject: { commonName: '王五' },
    });
    const certificate = await f.client.importCertificate({
      serial,
      pin: PIN,
      certificatePem: createTestCa().issue(request.csrPem),
    });

    // Hold the token process, pull the KEY, let it go on: the request reaches a KEY that is no longer there.
    const pid = f.client.processId!;
    process.kill(pid, 'SIGSTOP');
    const signing = failure(
      f.client.signChallenge({
        serial,
        pin: PIN,
        fingerprint: certificate.fingerprint,
        challenge: crypto.randomBytes(32).toString('base64'),
      }),
    );
    f.hsm.removeToken(f.key);
    process.kill(pid, 'SIGCONT');
    expect(await signing).toMatchObject({
      code: 'KEY_NOT_PRESENT',
      message: '未检测到 KEY，或 KEY 已被拔出。请插入 KEY 后重试。',
    });
    expect(await f.client.listTokens()).toEqual([]);
  });
});

describe('KEY presence', () => {
  it('reports KEYs inserted and removed while polling', async () => {
    f = openTokenFixture();
    const fixture = f;
    const first = next(fixture, 'inserted');
    fixture.client.startPresence();
    expect((await first).serial).toBe(fixture.key.serial);

    const second = next(fixture, 'inserted');
    const key2 = fixture.hsm.createToken('第二只KEY');
    expect(await second).toMatchObject<Partial<TokenSummary>>({ serial: key2.serial, label: '第二只KEY' });
    expect(fixture.client.tokens.map((t) => t.serial).sort()).toEqual(
      [fixture.key.serial, key2.serial].sort(),
    );

    const removed = next(fixture, 'removed');
    fixture.hsm.removeToken(fixture.key);
    expect((await removed).serial).toBe(fixture.key.serial);
    expect(fixture.client.tokens.map((t) => t.serial)).toEqual([key2.serial]);
    fixture.client.stopPresence();
  });
});
