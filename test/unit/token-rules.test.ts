import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveModule, type ModuleCatalogue } from '../../src-main/core/token/modules';
import { wrongPinError } from '../../src-main/core/token/tokenErrors';
import { expiryLevel } from '../../src-shared/rules/certificateExpiry';
import { ecdsaRawToDer } from '../../src-main/core/token/csr';

const clean = { countLow: false, finalTry: false, locked: false, toBeChanged: false };

describe('wrong PIN messages from the token flags', () => {
  it('names the remaining tries when a module reports them', () => {
    expect(wrongPinError(clean, 3).message).toBe('PIN 码错误，还可尝试 3 次。');
  });
  it('warns on the final try (CKF_USER_PIN_FINAL_TRY)', () => {
    const error = wrongPinError({ ...clean, countLow: true, finalTry: true });
    expect(error.message).toBe('PIN 码错误，这是最后一次机会：再错一次 KEY 将被锁定。');
    expect(error.details).toEqual({ remainingTries: 1, finalTry: true });
  });
  it('sends a locked KEY to the service counter (CKF_USER_PIN_LOCKED)', () => {
    expect(wrongPinError({ ...clean, locked: true })).toMatchObject({
      code: 'PIN_LOCKED',
      message: 'PIN 码已锁定，请携带 KEY 到服务窗口解锁。',
    });
  });
  it('says tries are running low on CKF_USER_PIN_COUNT_LOW, and just "wrong" otherwise', () => {
    expect(wrongPinError({ ...clean, countLow: true }).message).toContain('剩余尝试次数不多');
    expect(wrongPinError(clean).message).toBe('PIN 码错误，请重新输入。');
  });
});

describe('PKCS#11 module selection', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  function setup(files: string[]): ModuleCatalogue {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-modules-'));
    for (const file of files) fs.writeFileSync(path.join(dir, file), '');
    return {
      win32: [],
      darwin: [],
      linux: [
        { id: 'vendor-a', vendor: '厂商甲', paths: [`${dir}/vendor-a.so`], verified: false },
        { id: 'vendor-b', vendor: '厂商乙', paths: [`${dir}/libvendorb*.so`], verified: false },
        {
          id: 'softhsm2',
          vendor: 'SoftHSM2',
          paths: [`${dir}/libsofthsm2.so`],
          slotsFixedAtInitialize: true,
          verified: true,
        },
      ],
    };
  }

  it('prefers the settings path, then CERTDESK_PKCS11_MODULE, then the first vendor module present', () => {
    const catalogue = setup(['libvendorb-2.1.so', 'libsofthsm2.so', 'mine.so']);
    const env = { CERTDESK_PKCS11_MODULE: `${dir}/libsofthsm2.so` };
    expect(
      resolveModule({ configuredPath: `${dir}/mine.so`, env, platform: 'linux', catalogue }),
    ).toMatchObject({
      source: 'settings',
      path: `${dir}/mine.so`,
    });
    expect(resolveModule({ env, platform: 'linux', catalogue })).toMatchObject({
      source: 'env',
      vendor: 'SoftHSM2',
      slotsFixedAtInitialize: true,
    });
    expect(resolveModule({ env: {}, platform: 'linux', catalogue })).toMatchObject({
      source: 'vendor-list',
      vendor: '厂商乙',
      path: `${dir}/libvendorb-2.1.so`,
    });
  });

  it('names every path tried when no module is found, and the exact path of a missing one', () => {
    const catalogue = setup([]);
    const none = (() => {
      try {
        return resolveModule({ env: {}, platform: 'linux', catalogue });
      } catch (error) {
        return error;
      }
    })();
    expect(none).toMatchObject({
      code: 'TOKEN_MODULE_MISSING',
      details: { tried: [`${dir}/vendor-a.so`, `${dir}/libvendorb*.so`, `${dir}/libsofthsm2.so`] },
    });
    expect(() =>
      resolveModule({ env: { CERTDESK_PKCS11_MODULE: '/nope/p11.so' }, platform: 'linux', catalogue }),
    ).toThrow('找不到环境变量 CERTDESK_PKCS11_MODULE 指定的 KEY 驱动文件：/nope/p11.so');
  });

  it('expands %SystemRoot% in the Windows list', () => {
    const catalogue = setup(['eps2003csp11.dll']);
    catalogue.win32 = [
      {
        id: 'ftsafe-epass2003',
        vendor: '飞天诚信 ePass2003',
        paths: ['%SystemRoot%/eps2003csp11.dll'],
        verified: false,
      },
    ];
    expect(resolveModule({ env: { SystemRoot: dir }, platform: 'win32', catalogue }).vendor).toBe(
      '飞天诚信 ePass2003',
    );
  });
});

describe('certificate expiry levels', () => {
  const day = 24 * 60 * 60 * 1000;
  const now = new Date('2025-06-01T00:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * day);
  it('is ok beyond 30 days, expiring within, expired after, not yet valid before', () => {
    expect(expiryLevel(at(-10), at(31), now)).toBe('ok');
    expect(expiryLevel(at(-10), at(30), now)).toBe('expiring');
    expect(expiryLevel(at(-10), at(-1), now)).toBe('expired');
    expect(expiryLevel(at(1), at(300), now)).toBe('not-yet-valid');
  });
});

describe('ECDSA r‖s to DER', () => {
  it('pads high bits and trims leading zeros', () => {
    const raw = Buffer.concat([Buffer.alloc(31, 0), Buffer.from([0x01]), Buffer.alloc(32, 0xff)]);
    expect(ecdsaRawToDer(raw).toString('hex')).toBe(`30260201010221${'00'}${'ff'.repeat(32)}`);
  });
});
