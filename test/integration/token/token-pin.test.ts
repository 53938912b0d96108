import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { TokenClient } from '../../../src-main/core/token';
import { openTokenFixture, probe, type TokenFixture } from './fixture';

let f: TokenFixture;
beforeEach(() => {
  f = openTokenFixture();
});
afterEach(async () => {
  await f.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('KEY listing and PIN on SoftHSM2', () => {
  it('lists the inserted KEY by serial and label, with a clean PIN state', async () => {
    const tokens = await f.client.listTokens();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({
      serial: f.key.serial,
      label: '测试KEY',
      manufacturer: 'SoftHSM project',
      pin: { countLow: false, finalTry: false, locked: false },
    });
  });

  it('lists two KEYs when two are inserted', async () => {
    const second = f.hsm.createToken('第二只KEY');
    const serials = (await f.client.listTokens()).map((t) => t.serial).sort();
    expect(serials).toEqual([f.key.serial, second.serial].sort());
  });

  it('reads the certificate list of an empty KEY without a PIN', async () => {
    expect(await f.client.listCertificates(f.key.serial)).toEqual([]);
  });

  it('logs in with the factory PIN and flags that it must be changed', async () => {
    expect(await f.client.login({ serial: f.key.serial, pin: '111111' })).toEqual({
      serial: f.key.serial,
      mustChangePin: true,
    });
  });

  it('refuses a wrong PIN with the retry state SoftHSM2 reports (CKF_USER_PIN_COUNT_LOW)', async () => {
    const first = await failure(f.client.login({ serial: f.key.serial, pin: '000000' }));
    expect(first.code).toBe('PIN_INCORRECT');
    // SoftHSM2 2.6 sets COUNT_LOW after a wrong PIN, never FINAL_TRY or LOCKED, and has no retry counter.
    expect(first.message).toBe('PIN 码错误，剩余尝试次数不多，请确认后再输入。');
    const [token] = await f.client.listTokens();
    expect(token?.pin).toMatchObject({ countLow: true, locked: false });

    for (let i = 0; i < 10; i += 1) {
      expect((await failure(f.client.login({ serial: f.key.serial, pin: '000000' }))).code).toBe(
        'PIN_INCORRECT',
      );
    }
    // It never locks the user PIN: the right one still works, and it clears COUNT_LOW.
    await f.client.login({ serial: f.key.serial, pin: '111111' });
    expect((await f.client.listTokens())[0]?.pin.countLow).toBe(false);
  });

  it('changes the PIN: the old one stops working, the new one is not flagged', async () => {
    await expect(
      f.client.changePin({ serial: f.key.serial, oldPin: '111111', newPin: 'Ab1234' }),
    ).resolves.toEqual({
      serial: f.key.serial,
      mustChangePin: false,
    });
    expect((await failure(f.client.login({ serial: f.key.serial, pin: '111111' }))).code).toBe(
      'PIN_INCORRECT',
    );
    expect(await f.client.login({ serial: f.key.serial, pin: 'Ab1234' })).toMatchObject({
      mustChangePin: false,
    });
  });

  it('refuses a bad new PIN and a wrong old PIN without changing anything', async () => {
    const factory = await failure(
      f.client.changePin({ serial: f.key.serial, oldPin: '111111', newPin: '111111' }),
    );
    expect(factory.code).toBe('VALIDATION');
    expect(factory.details?.fields).toEqual([
      { field: 'newPin', message: '新 PIN 码不能是出厂 PIN 码 111111' },
    ]);
    const short = await failure(f.client.changePin({ serial: f.key.serial, oldPin: '111111', newPin: '12' }));
    expect(short.message).toBe('PIN 码为 6–16 位字母或数字');
    const wrongOld = await failure(
      f.client.changePin({ serial: f.key.serial, oldPin: '999999', newPin: 'Ab1234' }),
    );
    expect(wrongOld.code).toBe('PIN_INCORRECT');
    await f.client.login({ serial: f.key.serial, pin: '111111' });
  });

  it('lists a garbage certificate object as unreadable instead of failing', async () => {
    probe(f, 'garbage-cert', '111111');
    const certificates = await f.client.listCertificates(f.key.serial);
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({ readable: false, label: 'garbage', keyId: '6a756e6b' });
    expect(certificates[0]?.readable === false && certificates[0].problem).toContain('无法读取');
  });

  it('says which KEY is missing when asked about a serial that is not inserted', async () => {
    const error = await failure(f.client.listCertificates('0000000000000000'));
    expect(error.code).toBe('KEY_NOT_PRESENT');
    expect(error.message).toBe('未检测到 KEY，或 KEY 已被拔出。请插入 KEY 后重试。');
  });
});

describe('module selection', () => {
  it('names the configured module path that does not exist', async () => {
    const client = new TokenClient({ modulePath: '/opt/no-such-vendor/libkey-pkcs11.so', env: f.hsm.env });
    const error = await failure(client.listTokens());
    expect(error.code).toBe('TOKEN_MODULE_MISSING');
    expect(error.message).toContain('/opt/no-such-vendor/libkey-pkcs11.so');
    expect(error.message).toContain('设置');
    await client.close();
  });

  it('reports a file that is not a loadable PKCS#11 library, naming it', async () => {
    const bogus = `${f.hsm.root}/fake-pkcs11.so`;
    await import('node:fs').then((fs) => fs.writeFileSync(bogus, 'not an ELF file'));
    const client = new TokenClient({ modulePath: bogus, env: f.hsm.env });
    const error = await failure(client.listTokens());
    expect(error.code).toBe('TOKEN_MODULE_INVALID');
    expect(error.message).toContain(bogus);
    expect(error.message).toContain('64 位');
    await client.close();
  });
});
