import { settingsSchema, type Settings } from '../../src-shared/ipc/contract';
import { validationError } from '../../src-shared/errors';
import type { SettingsStore } from './store/settingsStore';

const API_URL_KEY = 'apiUrl';

/** Where the API URL comes from, strongest first. */
export type ApiUrlSource = 'option' | 'env' | 'settings' | 'bundled';

export interface SettingsService {
  /** The API URL chosen at start or by the user: option, then CERTDESK_API_URL, then the settings table. */
  configuredApiUrl(): { url: string; source: ApiUrlSource } | null;
  /** The API URL in use now (the bundled server's when nothing is configured). */
  apiUrl(): string;
  useBundledServer(url: string): void;
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
    get() {
      return { apiUrl: service.apiUrl() };
    },
    update(input) {
      const parsed = settingsSchema.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      store.set(API_URL_KEY, parsed.data.apiUrl);
      return service.get();
    },
  };
  return service;
}
