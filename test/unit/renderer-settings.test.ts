import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { apiUrlField, settingsUpdateInput, type Settings } from '../../src-shared/schemas/settings';
import { checkWith } from '../../src-renderer/forms/checkWith';
import { zodRule } from '../../src-renderer/forms/zodRule';
import {
  AUTO_DRIVER_LABEL,
  apiUrlOptional,
  apiUrlSourceText,
  changesServer,
  driverOptions,
  formValuesOf,
  isEmptyUpdate,
  needsFirstRun,
  needsSignOutConfirm,
  updateRequestOf,
} from '../../src-renderer/settings/settingsView';
import { ruleMessage as check } from './fixtures/ruleMessage';

const API = 'https://api.example.cn';

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    apiUrl: API,
    apiUrlSource: 'settings',
    apiUrlLocked: false,
    keyDriver: { kind: 'auto' },
    vendors: [
      { id: 'softhsm2', name: 'SoftHSM2', installed: true, verified: true },
      { id: 'watchdata', name: '握奇 WatchData', installed: false, verified: false },
    ],
    canPickDriverFile: false,
    ...overrides,
  };
}

/** What the page sends for `values`, checked as the page checks it (and main checks it again). */
function requestFor(current: Settings, values: Parameters<typeof updateRequestOf>[1]) {
  return checkWith(settingsUpdateInput, updateRequestOf(current, values));
}

describe('设置: the 服务地址 field', () => {
  it('refuses http:// to another computer with the schema’s Chinese words, allows it for this computer', async () => {
    const rule = zodRule(apiUrlField);
    expect(await check(rule, 'http://api.example.cn')).toBe(
      '服务地址：须使用 https://（只有本机地址 127.0.0.1、localhost 可以用 http://）',
    );
    expect(await check(rule, 'api.example.cn')).toBe('服务地址：请输入完整的网址，如 https://api.example.cn');
    expect(await check(rule, '')).toBe('服务地址：请输入服务地址');
    expect(await check(rule, 'http://127.0.0.1:8080')).toBeNull();
    expect(await check(rule, API)).toBeNull();
  });

  it('a refused address in the request is a VALIDATION error on the apiUrl field', () => {
    let thrown: unknown;
    try {
      requestFor(settings(), { apiUrl: 'http://192.168.1.20', keyDriver: 'auto' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).details?.fields).toEqual([
      { field: 'apiUrl', message: expect.stringContaining('须使用 https://') },
    ]);
  });

  it('shows the address in use, but never the development server’s (it changes every start)', () => {
    expect(formValuesOf(settings()).apiUrl).toBe(API);
    const bundled = settings({ apiUrl: 'http://127.0.0.1:41234', apiUrlSource: 'bundled' });
    expect(formValuesOf(bundled).apiUrl).toBe('');
    expect(apiUrlOptional(bundled)).toBe(true);
    expect(apiUrlOptional(settings())).toBe(false);
    expect(apiUrlSourceText(bundled)).toContain('开发用的演示服务 http://127.0.0.1:41234');
    expect(apiUrlSourceText(settings({ apiUrlSource: 'env', apiUrlLocked: true }))).toContain(
      'CERTDESK_API_URL',
    );
  });
});

describe('设置: what is sent', () => {
  it('leaves out what did not change: the same address, spelt with a trailing slash, is no change', () => {
    const input = requestFor(settings(), { apiUrl: `${API}/`, keyDriver: 'auto' });
    expect(input).toEqual({});
    expect(isEmptyUpdate(input)).toBe(true);
  });

  it('sends a vendor by id, and 自动 as auto', () => {
    expect(requestFor(settings(), { apiUrl: API, keyDriver: 'vendor:softhsm2' })).toEqual({
      keyDriver: { kind: 'vendor', vendorId: 'softhsm2' },
    });
    const chosen = settings({ keyDriver: { kind: 'vendor', vendorId: 'softhsm2', vendor: 'SoftHSM2' } });
    expect(requestFor(chosen, { apiUrl: API, keyDriver: 'auto' })).toEqual({ keyDriver: { kind: 'auto' } });
  });

  it('never sends a driver path: a file chosen in main’s dialog stays as it is', () => {
    const file = settings({ keyDriver: { kind: 'file', path: '/opt/key/libp11.so', vendor: null } });
    expect(formValuesOf(file).keyDriver).toBe('file');
    expect(requestFor(file, { apiUrl: API, keyDriver: 'file' })).toEqual({});
  });

  it('the first-run page has no driver field: only the address goes, normalised', () => {
    const none = settings({ apiUrl: null, apiUrlSource: null });
    expect(requestFor(none, { apiUrl: 'http://127.0.0.1:8080/' })).toEqual({
      apiUrl: 'http://127.0.0.1:8080',
    });
  });

  it('a locked address (start option, CERTDESK_API_URL) is never sent', () => {
    const locked = settings({ apiUrlSource: 'env', apiUrlLocked: true });
    expect(requestFor(locked, { apiUrl: 'https://other.example.cn', keyDriver: 'auto' })).toEqual({});
  });

  it('an empty address under the development server keeps using it', () => {
    const bundled = settings({ apiUrl: 'http://127.0.0.1:41234', apiUrlSource: 'bundled' });
    expect(requestFor(bundled, { apiUrl: '', keyDriver: 'auto' })).toEqual({});
  });
});

describe('设置: another server signs out, after asking', () => {
  it('asks only when signed in and the origin changes', () => {
    const current = settings();
    const samePlace = requestFor(current, { apiUrl: `${API}/v2`, keyDriver: 'auto' });
    const elsewhere = requestFor(current, { apiUrl: 'https://other.example.cn', keyDriver: 'auto' });
    const driverOnly = requestFor(current, { apiUrl: API, keyDriver: 'vendor:softhsm2' });
    expect(changesServer(current, samePlace)).toBe(false);
    expect(changesServer(current, elsewhere)).toBe(true);
    expect(needsSignOutConfirm(current, elsewhere, true)).toBe(true);
    expect(needsSignOutConfirm(current, elsewhere, false)).toBe(false);
    expect(needsSignOutConfirm(current, samePlace, true)).toBe(false);
    expect(needsSignOutConfirm(current, driverOnly, true)).toBe(false);
  });

  it('the first address ever set is another server (the login page follows)', () => {
    const none = settings({ apiUrl: null, apiUrlSource: null });
    expect(needsFirstRun(none)).toBe(true);
    expect(needsFirstRun(settings())).toBe(false);
    expect(changesServer(none, requestFor(none, { apiUrl: API }))).toBe(true);
  });
});

describe('设置: the KEY 驱动 list', () => {
  it('offers 自动, then each vendor, saying which are on this computer and which are unverified', () => {
    expect(driverOptions(settings())).toEqual([
      { value: 'auto', label: AUTO_DRIVER_LABEL },
      { value: 'vendor:softhsm2', label: 'SoftHSM2', installed: true, unverified: false },
      { value: 'vendor:watchdata', label: '握奇 WatchData', installed: false, unverified: true },
    ]);
  });

  it('lists the file in use, named by its vendor when known', () => {
    const file = settings({
      keyDriver: { kind: 'file', path: '/opt/ft/libshuttle_p11v220.so', vendor: '飞天诚信 ePass3003' },
    });
    expect(driverOptions(file)[1]).toEqual({
      value: 'file',
      label: '驱动文件：飞天诚信 ePass3003：/opt/ft/libshuttle_p11v220.so',
    });
  });
});
