import { settingsSchema, type Settings } from '../../src-shared/ipc/contract';
import { validationError } from '../../src-shared/errors';
import type { SettingsStore } from './store/settingsStore';

const API_URL_KEY = 'apiUrl';
const PKCS11_MODULE_KEY = 'pkcs11Module';

/** Where the API URL comes from, strongest first. */
export type ApiUrlSource = 'option' | 'env' | 'settings' | 'bundled';

export interface SettingsService {
  /** The API URL chosen at start or by the user: option, then CERTDESK_API_URL, then the settings table. */
  configuredApiUrl(): { url: string; source: ApiUrlSource } | null;
  /** The API URL in use now (the bundled server's when nothing is configured). */
  apiUrl(): string;
  useBundledServer(url: string): void;
  /** The KEY driver (PKCS#11 library) path saved by the user, or null. */
  pkcs11Module(): string | null;
  get(): Settings;
  update(input: Settings): Settings;
}

export function createSettingsService(
  store: SettingsStore,
  options: { apiUrl?: string; env?: NodeJS.ProcessEnv } = {},
): SettingsService {
  const env = options.env ?? process.env;
  let bundledUrl: string | null = null;

  function storedApiUrl(): string | null {
    const parsed = settingsSchema.shape.apiUrl.safeParse(store.get(API_URL_KEY));
    return parsed.success ? parsed.data : null;
  }

  const service: SettingsService = {
    configuredApiUrl() {
      if (options.apiUrl) return { url: options.apiUrl, source: 'option' };
      const fromEnv = env.CERTDESK_API_URL?.trim();
      if (fromEnv) return { url: fromEnv, source: 'env' };
      const stored = storedApiUrl();
      return stored === null ? null : { url: stored, source: 'settings' };
    },
    apiUrl() {
      const configured = service.configuredApiUrl();
      if (configured) return configured.url;
      if (bundledUrl !== null) return bundledUrl;
      throw new Error('no API URL: neither configured nor a bundled server started');
    },
    useBundledServer(url) {
      bundledUrl = url;
    },
    pkcs11Module() {
      const stored = store.get(PKCS11_MODULE_KEY);
      return typeof stored === 'string' && stored !== '' ? stored : null;
    },
    get() {
      const pkcs11Module = service.pkcs11Module();
      return pkcs11Module === null
        ? { apiUrl: service.apiUrl() }
        : { apiUrl: service.apiUrl(), pkcs11Module };
    },
    update(input) {
      const parsed = settingsSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      store.set(API_URL_KEY, parsed.data.apiUrl);
      // Left out: unchanged; empty: back to CERTDESK_PKCS11_MODULE and the vendor list.
      const { pkcs11Module } = parsed.data;
      if (pkcs11Module === '') store.delete(PKCS11_MODULE_KEY);
      else if (pkcs11Module !== undefined) store.set(PKCS11_MODULE_KEY, pkcs11Module);
      return service.get();
    },
  };
  return service;
}
