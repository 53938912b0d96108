import fs from 'node:fs';
import { AppError, validationError } from '../../src-shared/errors';
import {
  apiOrigin,
  apiUrlField,
  type ApiUrlSource,
  type KeyDriverChoice,
  type KeyDriverSetting,
  type Settings,
  settingsUpdateInput,
} from '../../src-shared/schemas/settings';
import { z } from '../../src-shared/zod';
import type { SettingsStore } from './store/settingsStore';
import { vendorEntries, vendorModulePath, type VendorModuleOptions } from './token/modules';

export type { ApiUrlSource } from '../../src-shared/schemas/settings';

const API_URL_KEY = 'apiUrl';
const KEY_DRIVER_KEY = 'keyDriver';
/** Before issue 8 the renderer could save any library path here; such a path is not trusted. */
const LEGACY_PKCS11_MODULE_KEY = 'pkcs11Module';

const storedKeyDriver = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vendor'), vendorId: z.string() }),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }),
]);

const NO_API_URL = '尚未设置服务地址：请在「设置」中填写证书服务中心的服务地址后再试';
const UNKNOWN_VENDOR = 'KEY 驱动：本机的厂商列表中没有所选厂商，请重新选择';
const API_URL_LOCKED =
  '服务地址由启动参数或环境变量 CERTDESK_API_URL 指定，不能在设置中修改；请去掉该设置后重新启动程序';

export interface SettingsService {
  /** The API URL chosen at start, by the user or by the build: option, CERTDESK_API_URL, settings table, build. */
  configuredApiUrl(): { url: string; source: Exclude<ApiUrlSource, 'bundled'> } | null;
  /** The API URL in use now (the development server's when nothing is configured), or null. */
  currentApiUrl(): string | null;
  /** The API URL in use now, or a Chinese "set the 服务地址 first" refusal. */
  apiUrl(): string;
  useBundledServer(url: string): void;
  /** The PKCS#11 library the token process loads, when the user chose one (a vendor or a file). */
  pkcs11Module(): string | null;
  keyDriver(): KeyDriverSetting;
  /** The settings as the page shows them; `canPickDriverFile` is the host's to say. */
  get(): Omit<Settings, 'canPickDriverFile'>;
  /** Whether saving `apiUrl` would point the app at another server (another origin). */
  changesOrigin(apiUrl: string): boolean;
  /** Validates an update without saving anything: a refused input changes nothing. */
  plan(input: unknown): SettingsPlan;
  /** Saves a planned update. */
  apply(plan: SettingsPlan): Omit<Settings, 'canPickDriverFile'>;
  /** A driver file the user picked in main's own file dialog (never a path from the renderer). */
  useDriverFile(path: string): void;
}

/** A checked settings update, and whether it points the app at another server. */
export interface SettingsPlan {
  apiUrl?: string;
  keyDriver?: KeyDriverChoice;
  originChanged: boolean;
}

export interface SettingsOptions extends VendorModuleOptions {
  /** Start option; beats everything. */
  apiUrl?: string;
  /** From the build configuration (package.json `certdesk.apiUrl`): the default a user may change. */
  buildApiUrl?: string;
}

/** A start-time API URL (option, environment, build) checked by the same rule as the settings page. */
function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

function startUrl(value: string | undefined, where: string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const parsed = apiUrlField.safeParse(trimmed);
  if (!parsed.success) {
    throw new AppError('VALIDATION', `${where}无效（${parsed.error.issues[0]?.message ?? trimmed}）`, {
      fields: [{ field: 'apiUrl', message: parsed.error.issues[0]?.message ?? '' }],
    });
  }
  return parsed.data;
}

export function createSettingsService(
  store: SettingsStore,
  options: SettingsOptions & { env?: NodeJS.ProcessEnv } = {},
): SettingsService {
  const env = options.env ?? process.env;
  const vendorOptions: VendorModuleOptions = {
    env,
    platform: options.platform,
    catalogue: options.catalogue,
  };
  const fromOption = startUrl(options.apiUrl, '启动参数中的服务地址');
  const fromEnv = startUrl(env.CERTDESK_API_URL, '环境变量 CERTDESK_API_URL');
  const fromBuild = startUrl(options.buildApiUrl, '安装包配置的服务地址（certdesk.apiUrl）');
  let bundledUrl: string | null = null;
  store.delete(LEGACY_PKCS11_MODULE_KEY);

  function storedApiUrl(): string | null {
    const parsed = apiUrlField.safeParse(store.get(API_URL_KEY));
    return parsed.success ? parsed.data : null;
  }

  function storedDriver(): z.infer<typeof storedKeyDriver> | null {
    const parsed = storedKeyDriver.safeParse(store.get(KEY_DRIVER_KEY));
    return parsed.success ? parsed.data : null;
  }

  function locked(): boolean {
    return fromOption !== null || fromEnv !== null;
  }

  const service: SettingsService = {
    configuredApiUrl() {
      if (fromOption !== null) return { url: fromOption, source: 'option' };
      if (fromEnv !== null) return { url: fromEnv, source: 'env' };
      const stored = storedApiUrl();
      if (stored !== null) return { url: stored, source: 'settings' };
      return fromBuild === null ? null : { url: fromBuild, source: 'build' };
    },
    currentApiUrl() {
      return service.configuredApiUrl()?.url ?? bundledUrl;
    },
    apiUrl() {
      const url = service.currentApiUrl();
      if (url === null) throw new AppError('SERVICE_UNAVAILABLE', NO_API_URL);
      return url;
    },
    useBundledServer(url) {
      bundledUrl = url;
    },
    pkcs11Module() {
      const driver = storedDriver();
      if (driver === null) return null;
      if (driver.kind === 'file') return driver.path;
      return vendorModulePath(driver.vendorId, vendorOptions)?.path ?? null;
    },
    keyDriver() {
      const driver = storedDriver();
      if (driver === null) return { kind: 'auto' };
      if (driver.kind === 'vendor') {
        const found = vendorModulePath(driver.vendorId, vendorOptions);
        return found === null
          ? { kind: 'auto' }
          : { kind: 'vendor', vendorId: driver.vendorId, vendor: found.entry.vendor };
      }
      const name = driver.path.split(/[\\/]/).at(-1)?.toLowerCase();
      const known = vendorEntries(vendorOptions).find((entry) =>
        entry.paths.some((p) => p.split(/[\\/]/).at(-1)?.toLowerCase() === name),
      );
      return { kind: 'file', path: driver.path, vendor: known?.vendor ?? null };
    },
    get() {
      const configured = service.configuredApiUrl();
      return {
        apiUrl: service.currentApiUrl(),
        apiUrlSource: configured?.source ?? (bundledUrl === null ? null : 'bundled'),
        apiUrlLocked: locked(),
        keyDriver: service.keyDriver(),
        vendors: vendorEntries(vendorOptions).map((entry) => ({
          id: entry.id,
          name: entry.vendor,
          installed: vendorModulePath(entry.id, vendorOptions)?.installed ?? false,
          verified: entry.verified,
        })),
      };
    },
    changesOrigin(apiUrl) {
      const current = service.currentApiUrl();
      return current === null || apiOrigin(current) !== apiOrigin(apiUrl);
    },
    plan(input) {
      const parsed = settingsUpdateInput.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error, settingsUpdateInput);
      const { apiUrl, keyDriver } = parsed.data;
      if (apiUrl !== undefined && apiUrl !== service.currentApiUrl() && locked()) {
        throw new AppError('VALIDATION', API_URL_LOCKED, {
          fields: [{ field: 'apiUrl', message: API_URL_LOCKED }],
        });
      }
      if (keyDriver?.kind === 'vendor' && vendorModulePath(keyDriver.vendorId, vendorOptions) === null) {
        throw new AppError('VALIDATION', UNKNOWN_VENDOR, {
          fields: [{ field: 'keyDriver.vendorId', message: UNKNOWN_VENDOR }],
        });
      }
      return { apiUrl, keyDriver, originChanged: apiUrl !== undefined && service.changesOrigin(apiUrl) };
    },
    apply(plan) {
      if (plan.keyDriver?.kind === 'auto') store.delete(KEY_DRIVER_KEY);
      else if (plan.keyDriver) store.set(KEY_DRIVER_KEY, plan.keyDriver);
      if (plan.apiUrl !== undefined && plan.apiUrl !== service.currentApiUrl())
        store.set(API_URL_KEY, plan.apiUrl);
      return service.get();
    },
    useDriverFile(path) {
      if (!isFile(path)) {
        throw new AppError('VALIDATION', `KEY 驱动：找不到所选文件 ${path}，请重新选择`, {
          fields: [{ field: 'keyDriver', message: `KEY 驱动：找不到所选文件 ${path}` }],
        });
      }
      store.set(KEY_DRIVER_KEY, { kind: 'file', path });
    },
  };
  return service;
}
